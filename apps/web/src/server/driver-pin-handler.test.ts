import { AppError } from '@magma/core';
import { describe, expect, it } from 'vitest';
import { DRIVER_BODY_LIMIT } from './driver-body.ts';
import { createDriverPinHandler } from './driver-pin-handler.ts';

// The HTTP edge of the PIN endpoint, with startPinSession replaced by a recorder: what reaches the
// use case, and what a caller gets back for bodies that should never reach it.

function aHandler({
  tenant = { id: 'tenant-1' } as { id: string } | null,
  fails,
}: { tenant?: { id: string } | null; fails?: unknown } = {}) {
  const calls: { tenantId: string; input: unknown }[] = [];
  const POST = createDriverPinHandler({
    tenantOf: async () => tenant,
    start: async ({ tenantId, input }) => {
      calls.push({ tenantId, input });
      if (fails) throw fails;
      return { sessionToken: 'T'.repeat(43) };
    },
  });
  return { POST, calls };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://demo.localhost/api/driver/pin', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

/** A body that streams 4 KB chunks for ever, and counts how many were pulled. */
function endless() {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      controller.enqueue(new Uint8Array(4096).fill(0x20));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

describe('POST /api/driver/pin', () => {
  it('passes the parsed form to startPinSession and answers with the session page', async () => {
    const { POST, calls } = aHandler();
    const input = { sessionToken: 's'.repeat(43), code: ['ABC1234'], pin: '582039' };
    const res = await POST(post(JSON.stringify(input)));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sessionUrl: `/s/${'T'.repeat(43)}` });
    expect(calls).toEqual([{ tenantId: 'tenant-1', input }]);
  });

  it.each([
    ['cut short', '{"pin": "58'],
    ['not JSON at all', 'pin=582039'],
    ['empty', ''],
  ])('answers 400 with a clear message for a body that is %s, and starts nothing', async (_case, body) => {
    const { POST, calls } = aHandler();
    const res = await POST(post(body));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'The request body is not valid JSON.', code: 'BAD_INPUT' });
    expect(calls).toEqual([]);
  });

  it('answers 413 to a body past the limit, stopping the read there', async () => {
    const { POST, calls } = aHandler();
    const { stream, stats } = endless();
    const res = await POST(post(stream));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'The request is larger than 16 KB.', code: 'PAYLOAD_TOO_LARGE' });
    expect(stats.pulled * 4096).toBeLessThanOrEqual(DRIVER_BODY_LIMIT + 2 * 4096);
    expect(stats.cancelled).toBe(true);
    expect(calls).toEqual([]);
  });

  it('answers 413 at once to a Content-Length past the limit', async () => {
    const { POST } = aHandler();
    const { stream, stats } = endless();
    const res = await POST(post(stream, { 'content-length': String(10_000_000) }));
    expect(res.status).toBe(413);
    expect(stats.pulled).toBeLessThanOrEqual(1);
  });

  it('takes a body just under the limit', async () => {
    const { POST, calls } = aHandler();
    const input = { pad: 'x'.repeat(DRIVER_BODY_LIMIT - 20) };
    expect(Buffer.byteLength(JSON.stringify(input))).toBeLessThan(DRIVER_BODY_LIMIT);
    expect((await POST(post(JSON.stringify(input)))).status).toBe(200);
    expect(calls).toHaveLength(1);
  });

  it('maps the use case’s errors to their status (a wrong PIN is 403)', async () => {
    const { POST } = aHandler({ fails: new AppError('FORBIDDEN', 'That PIN is not valid.') });
    const res = await POST(post('{}'));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: 'That PIN is not valid.', code: 'FORBIDDEN' });
  });

  it('answers 404 on a host that serves no tenant, without reading the body', async () => {
    const { POST } = aHandler({ tenant: null });
    const { stream, stats } = endless();
    expect((await POST(post(stream))).status).toBe(404);
    expect(stats.pulled).toBeLessThanOrEqual(1);
  });
});
