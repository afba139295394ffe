import { appRouter, createTRPCRouter, publicProcedure, type Context } from '@magma/api';
import { createTRPCClient, httpBatchLink, httpLink, TRPCClientError } from '@trpc/client';
import superjson from 'superjson';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  createTrpcHandler,
  LARGE_INPUT_PROCEDURES,
  TRPC_BODY_LIMIT,
  TRPC_ENDPOINT,
  TRPC_IMPORT_BODY_LIMIT,
} from './trpc-handler.ts';

// A router shaped like the app's (same procedure names for the imports, same transformer and error
// formatter), whose procedures only report the size of what they received.
const sizeOf = publicProcedure.input(z.object({ text: z.string() })).mutation(({ input }) => input.text.length);
const router = createTRPCRouter({
  idTokens: createTRPCRouter({ import: sizeOf }),
  charger: createTRPCRouter({ import: sizeOf }),
  tenant: createTRPCRouter({ rename: sizeOf }),
});
const handler = createTrpcHandler({ router, createContext: async () => ({}) as Context });

const BASE = 'http://demo.localhost';

/** A body that streams `chunks` chunks of `chunkBytes`, and counts how many were pulled. */
function aStream(chunkBytes: number, chunks = Infinity) {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (stats.pulled >= chunks) return controller.close();
      stats.pulled++;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x20));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

const post = (procedure: string, body: BodyInit, headers: Record<string, string> = {}) =>
  handler(
    new Request(`${BASE}${TRPC_ENDPOINT}/${procedure}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
      duplex: 'half',
    } as RequestInit),
  );

/** What the dashboard's client sends for `{ text }`. */
const inputOf = (text: string) => JSON.stringify(superjson.serialize({ text }));

function clientOf(link: typeof httpLink | typeof httpBatchLink) {
  return createTRPCClient<typeof router>({
    links: [
      link({
        url: `${BASE}${TRPC_ENDPOINT}`,
        transformer: superjson,
        fetch: (url, init) => handler(new Request(url, init as RequestInit)),
      }),
    ],
  });
}

describe('the /api/trpc body limit', () => {
  it('refuses a body whose Content-Length passes the limit before reading any of it', async () => {
    const { stream, stats } = aStream(64 * 1024);
    const res = await post('tenant.rename', stream, { 'content-length': String(50_000_000) });
    expect(res.status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(1);
    expect(stats.cancelled).toBe(true);
  });

  it('stops reading a chunked body as soon as it passes the limit', async () => {
    const { stream, stats } = aStream(64 * 1024);
    const res = await post('tenant.rename', stream);
    expect(res.status).toBe(413);
    expect(stats.pulled * 64 * 1024).toBeLessThan(TRPC_BODY_LIMIT + 2 * 64 * 1024);
    expect(stats.cancelled).toBe(true);
    expect(await res.json()).toMatchObject({
      error: { json: { message: expect.stringContaining('larger than 1 MB'), data: { httpStatus: 413 } } },
    });
  });

  it('passes a body under the limit to the procedure, chunked or not', async () => {
    const text = 'x'.repeat(TRPC_BODY_LIMIT - 100);
    for (const body of [inputOf(text), new Blob([inputOf(text)]).stream()]) {
      const res = await post('tenant.rename', body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: { data: { json: text.length } } });
    }
  });

  it.each([['idTokens.import'], ['charger.import']])(
    '%s takes a CSV of 1,000,000 characters even when JSON escaping multiplies it',
    async (procedure) => {
      const csv = 'token,label\n"ಕಾರ್ಡ್","\\"x\\""\n'.repeat(40_000).slice(0, 1_000_000);
      const body = inputOf(csv);
      expect(Buffer.byteLength(body)).toBeGreaterThan(1.5 * TRPC_BODY_LIMIT);
      const res = await post(procedure, body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ result: { data: { json: csv.length } } });
      expect((await post(procedure, aStream(64 * 1024).stream)).status).toBe(413);
    },
  );

  it('tells the dashboard client what happened, one call or a batch', async () => {
    const big = 'x'.repeat(TRPC_BODY_LIMIT + 1);
    const single = clientOf(httpLink).tenant.rename.mutate({ text: big });
    await expect(single).rejects.toBeInstanceOf(TRPCClientError);
    await expect(single).rejects.toMatchObject({
      message: 'The request is larger than 1 MB: send a smaller file or fewer rows at once.',
      data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413 },
    });

    const batch = clientOf(httpBatchLink);
    const results = await Promise.allSettled([
      batch.tenant.rename.mutate({ text: 'x'.repeat(TRPC_IMPORT_BODY_LIMIT) }),
      batch.idTokens.import.mutate({ text: 'short' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(results[0]).toMatchObject({ reason: { data: { httpStatus: 413 }, message: expect.stringMatching(/4 MB/) } });
  });

  it('names procedures that exist in the app router', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    for (const p of LARGE_INPUT_PROCEDURES) expect(procedures).toContain(p);
  });
});

describe('cross-site requests to /api/trpc', () => {
  let calls = 0;
  const counted = createTRPCRouter({
    tenant: createTRPCRouter({
      rename: publicProcedure.input(z.any()).mutation(() => ++calls),
      get: publicProcedure.query(() => 'ok'),
    }),
  });
  const guarded = createTrpcHandler({ router: counted, createContext: async () => ({}) as Context });
  const proxied = createTrpcHandler({
    router: counted,
    createContext: async () => ({}) as Context,
    trustProxy: true,
  });
  const send = (body: BodyInit, headers: Record<string, string>, host = 'demo.localhost', handler = guarded) =>
    handler(
      new Request(`http://${host}${TRPC_ENDPOINT}/tenant.rename`, {
        method: 'POST',
        headers: { host, ...headers },
        body,
      }),
    );
  const json = inputOf('x');
  const form = () => {
    const f = new FormData();
    f.set('text', 'x');
    return f;
  };

  it.each([
    [
      'a multipart form from another site',
      form(),
      { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      403,
    ],
    ['a multipart form with no provenance headers', form(), {}, 415],
    ['a urlencoded form', 'text=x', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['text/plain (a form with enctype=text/plain)', json, { 'content-type': 'text/plain' }, 415],
    [
      'JSON from a sibling tenant (same site, other origin)',
      json,
      { 'content-type': 'application/json', origin: 'http://other.localhost', 'sec-fetch-site': 'same-site' },
      403,
    ],
    [
      'JSON whose Origin is another host',
      json,
      { 'content-type': 'application/json', origin: 'http://other.localhost' },
      403,
    ],
    ['JSON with Origin null (sandboxed frame)', json, { 'content-type': 'application/json', origin: 'null' }, 403],
    [
      'JSON marked cross-site by the browser',
      json,
      { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      403,
    ],
  ])('refuses %s and runs nothing', async (_name, body, headers, status) => {
    calls = 0;
    const res = await send(body, headers as Record<string, string>);
    expect(res.status).toBe(status);
    expect(calls).toBe(0);
    expect(await res.json()).toMatchObject({ error: { json: { data: { httpStatus: status } } } });
  });

  it.each([
    ['from its own page', { origin: 'http://demo.localhost', 'sec-fetch-site': 'same-origin' }, 'demo.localhost'],
    ['with a port', { origin: 'http://demo.localhost:3000', 'sec-fetch-site': 'same-origin' }, 'demo.localhost:3000'],
    ['from a client that is not a browser', {}, 'demo.localhost'],
  ])('runs a JSON mutation %s', async (_name, headers, host) => {
    calls = 0;
    const res = await send(json, { 'content-type': 'application/json; charset=utf-8', ...headers }, host);
    expect(res.status).toBe(200);
    expect(calls).toBe(1);
  });

  it('runs a JSON mutation behind our proxy (TRUST_PROXY) that forwards the public host, and only then', async () => {
    const headers = {
      'content-type': 'application/json',
      origin: 'https://charge.acme.in',
      'x-forwarded-host': 'charge.acme.in',
    };
    calls = 0;
    expect((await send(json, headers, '127.0.0.1:3000', proxied)).status).toBe(200);
    expect(calls).toBe(1);
    // Without a proxy of ours, X-Forwarded-Host is whatever the client wrote.
    expect((await send(json, headers, '127.0.0.1:3000')).status).toBe(403);
    expect(calls).toBe(1);
  });

  it('still answers queries by GET, whatever their provenance', async () => {
    const res = await guarded(
      new Request(`${BASE}${TRPC_ENDPOINT}/tenant.get`, { headers: { 'sec-fetch-site': 'cross-site' } }),
    );
    expect(res.status).toBe(200);
  });
});
