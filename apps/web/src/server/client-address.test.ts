import { describe, expect, it } from 'vitest';
import { clientAddress, UNTRUSTED_CLIENT } from './client-address.ts';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('clientAddress', () => {
  it.each([
    ['a forged X-Forwarded-For without a trusted proxy', { 'x-forwarded-for': '203.0.113.9' }, false, UNTRUSTED_CLIENT],
    ['a forged X-Real-IP without a trusted proxy', { 'x-real-ip': '203.0.113.9' }, false, UNTRUSTED_CLIENT],
    ['the hop our proxy appended', { 'x-forwarded-for': '198.51.100.7' }, true, '198.51.100.7'],
    [
      "the proxy's hop, not the address a client put first",
      { 'x-forwarded-for': '203.0.113.9, 198.51.100.7' },
      true,
      '198.51.100.7',
    ],
    [
      'X-Real-IP from the proxy when there is no X-Forwarded-For',
      { 'x-real-ip': '198.51.100.8' },
      true,
      '198.51.100.8',
    ],
  ])('keys %s', (_case, h, trust, expected) => {
    expect(clientAddress(headers(h), trust)).toBe(expected);
  });

  it('gives rotating forged addresses one key, so they share one limit', () => {
    const keys = new Set(
      ['1.1.1.1', '2.2.2.2', '3.3.3.3'].map((ip) => clientAddress(headers({ 'x-forwarded-for': ip }), false)),
    );
    expect(keys.size).toBe(1);
  });
});
