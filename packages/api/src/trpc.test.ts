import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { AppError } from './core.ts';
import type { Context } from './context.ts';
import { createTRPCRouter, publicProcedure } from './trpc.ts';

// What leaves the API over HTTP: an AppError's message (written for the user), a validation message,
// and nothing of any other error: a driver's or PostgreSQL's text stays in the server log.

const router = createTRPCRouter({
  internal: publicProcedure.query(() => {
    throw new Error('invalid input syntax: LIKE pattern must not end with escape character (table "Charger")');
  }),
  internalTrpc: publicProcedure.query(() => {
    throw new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'connection to 10.0.0.5:5432 refused' });
  }),
  conflict: publicProcedure.query(() => {
    throw new AppError('CONFLICT', 'charge.acme.in is already in use');
  }),
  forbidden: publicProcedure.query(() => {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'Only an operator admin can do this' });
  }),
  invalid: publicProcedure.input(z.object({ n: z.number().max(3, 'At most 3') })).query(() => 1),
});

async function call(path: string, input?: unknown) {
  const url = new URL(`http://demo.localhost/api/trpc/${path}`);
  if (input !== undefined) url.searchParams.set('input', JSON.stringify({ json: input }));
  const res = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(url),
    router,
    createContext: () => ({}) as Context,
  });
  const body = (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } };
  return { status: res.status, error: body.error.json };
}

afterEach(() => vi.restoreAllMocks());

describe('tRPC error formatting', () => {
  it.each(['internal', 'internalTrpc'])(
    '%s: a 500 says only that something went wrong, and logs the cause',
    async (p) => {
      const log = vi.spyOn(console, 'error').mockImplementation(() => {});
      const { status, error } = await call(p);
      expect(status).toBe(500);
      expect(error.message).toBe('Something went wrong on our side');
      expect(JSON.stringify(error)).not.toMatch(/LIKE|5432|"stack":"/);
      expect(log).toHaveBeenCalled();
      expect(String(log.mock.calls.flat().map(String).join(' '))).toMatch(/LIKE pattern|10\.0\.0\.5/);
    },
  );

  it('an AppError keeps its message and code', async () => {
    const { status, error } = await call('conflict');
    expect(status).toBe(409);
    expect(error.message).toBe('charge.acme.in is already in use');
  });

  it('a deliberate 4xx keeps its message', async () => {
    const { status, error } = await call('forbidden');
    expect(status).toBe(403);
    expect(error.message).toBe('Only an operator admin can do this');
  });

  it('a validation error keeps its first message and field errors', async () => {
    const { status, error } = await call('invalid', { n: 9 });
    expect(status).toBe(400);
    expect(error.message).toBe('At most 3');
    expect(error.data.fieldErrors).toEqual({ n: ['At most 3'] });
  });
});
