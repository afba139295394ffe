import { describe, expect, it } from 'vitest';
import { DRIVER_BODY_LIMIT, readFormBody, readRawBody, WEBHOOK_BODY_LIMIT } from './driver-body.ts';

// Webhook and form bodies come from anyone: they are counted while read, and a body past the limit
// is refused with 413 after at most one chunk beyond it, whatever Content-Length says.

/** A body that streams 64 KB chunks for ever, and counts how many were pulled. */
function endless() {
  const stats = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      stats.pulled++;
      controller.enqueue(new Uint8Array(64 * 1024).fill(0x61));
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request('http://demo.localhost/api/payments/razorpay/webhook', {
    method: 'POST',
    headers,
    body,
    duplex: 'half',
  } as RequestInit);

describe('readRawBody', () => {
  it('returns the exact bytes of a webhook under the limit', async () => {
    const payload = JSON.stringify({ event: 'payment.captured', payload: { x: 'ಕ'.repeat(1000) } });
    const read = await readRawBody(post(payload));
    expect(read.ok && read.bytes.toString('utf8')).toBe(payload);
  });

  it('stops reading an endless chunked body just past the limit', async () => {
    const { stream, stats } = endless();
    const read = await readRawBody(post(stream));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.response.status).toBe(413);
    expect(stats.pulled * 64 * 1024).toBeLessThanOrEqual(WEBHOOK_BODY_LIMIT + 2 * 64 * 1024);
    expect(stats.cancelled).toBe(true);
  });

  it('refuses a declared 64 MB body without reading it', async () => {
    const { stream, stats } = endless();
    const read = await readRawBody(post(stream, { 'content-length': String(64 * 1024 * 1024) }));
    expect(read.ok).toBe(false);
    expect(stats.pulled).toBeLessThanOrEqual(1);
  });
});

describe('readFormBody', () => {
  it('parses a small urlencoded form', async () => {
    const read = await readFormBody(
      post('orderId=o1&token=t', { 'content-type': 'application/x-www-form-urlencoded' }),
    );
    expect(read.ok && read.form.get('orderId')).toBe('o1');
  });

  it('refuses a form past the limit with 413', async () => {
    const { stream } = endless();
    const read = await readFormBody(post(stream, { 'content-type': 'application/x-www-form-urlencoded' }));
    expect(!read.ok && read.response.status).toBe(413);
    expect(DRIVER_BODY_LIMIT).toBeLessThan(64 * 1024);
  });

  it('answers 400 for a body that is not a form', async () => {
    const read = await readFormBody(post('{}', { 'content-type': 'application/json' }));
    expect(!read.ok && read.response.status).toBe(400);
  });
});
