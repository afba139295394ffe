import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { boundedPayload, MAX_LOGGED_PAYLOAD_BYTES, type TruncatedPayload } from './record-charger-message.ts';

describe('boundedPayload', () => {
  it('keeps a payload within the limit as it is', () => {
    const payload = { vendorId: 'acme', data: 'x'.repeat(1000) };
    expect(boundedPayload(payload)).toBe(payload);
  });

  it('cuts a payload past the limit to the start of its JSON text, marked with its size and hash', () => {
    const payload = { vendorId: 'acme', data: 'x'.repeat(5 * 1024 * 1024) };
    const text = JSON.stringify(payload);
    const kept = boundedPayload(payload) as TruncatedPayload;
    expect(kept.truncated).toEqual({
      bytes: text.length,
      keptBytes: MAX_LOGGED_PAYLOAD_BYTES,
      sha256: createHash('sha256').update(text).digest('hex'),
    });
    expect(kept.head).toBe(text.slice(0, MAX_LOGGED_PAYLOAD_BYTES));
    expect(Buffer.byteLength(JSON.stringify(kept))).toBeLessThan(MAX_LOGGED_PAYLOAD_BYTES + 200);
  });

  it('never splits a character', () => {
    // '€' is three bytes in UTF-8, '🔌' four (a surrogate pair in UTF-16).
    for (const ch of ['€', '🔌']) {
      const kept = boundedPayload({ data: ch.repeat(100) }, 50) as TruncatedPayload;
      expect(kept.head.startsWith('{"data":"')).toBe(true);
      expect(kept.head).not.toContain('\ufffd');
      expect(Buffer.from(kept.head).toString('utf8')).toBe(kept.head); // no lone surrogate
      expect(Buffer.byteLength(kept.head)).toBe(kept.truncated.keptBytes);
      expect(kept.truncated.keptBytes).toBeLessThanOrEqual(50);
    }
  });
});
