import { describe, expect, it } from 'vitest';
import { clientAddress, requestHost, requestProto, UNTRUSTED_CLIENT } from './client-address.ts';

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

describe('requestHost and requestProto', () => {
  const forged = { host: 'demo.localhost:3000', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

  it('take the Host header and no scheme when the forwarded headers are the client’s own', () => {
    expect(requestHost(headers(forged), false)).toBe('demo.localhost:3000');
    expect(requestProto(headers(forged), false)).toBeNull();
  });

  it.each([
    [
      'the value our proxy set',
      { host: 'internal:3000', 'x-forwarded-host': 'charge.example.in' },
      'charge.example.in',
    ],
    [
      'the last value, not one the client put first',
      { 'x-forwarded-host': 'evil.example, charge.example.in' },
      'charge.example.in',
    ],
    ['Host when the proxy sets no X-Forwarded-Host', { host: 'charge.example.in' }, 'charge.example.in'],
  ])('under TRUST_PROXY take %s', (_case, h, expected) => {
    expect(requestHost(headers(h), true)).toBe(expected);
  });

  it.each([
    ['https', 'https'],
    ['http', 'http'],
    ['HTTPS', 'https'],
    ['javascript', null],
    ['http, https', 'https'],
  ])('under TRUST_PROXY read X-Forwarded-Proto %j as %j', (proto, expected) => {
    expect(requestProto(headers({ 'x-forwarded-proto': proto }), true)).toBe(expected);
  });
});
