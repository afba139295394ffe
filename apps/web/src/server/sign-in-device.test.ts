import { describe, expect, it } from 'vitest';
import { deviceCookieValue, deviceSetCookie, parseCookies, trustedDevice } from './sign-in-device.ts';

const SECRET = 'device-test-secret';

describe('device cookies', () => {
  it('trusts the device it issued for the same account, whatever the case and spacing of the email', () => {
    const value = deviceCookieValue(SECRET, 'Op@Example.in');
    const id = value.split('.')[0];
    expect(trustedDevice(SECRET, ' op@example.in ', value)).toBe(id);
  });

  it('keeps the device id when it is issued again', () => {
    const first = deviceCookieValue(SECRET, 'op@example.in');
    const id = trustedDevice(SECRET, 'op@example.in', first)!;
    expect(trustedDevice(SECRET, 'op@example.in', deviceCookieValue(SECRET, 'op@example.in', id))).toBe(id);
  });

  it.each([
    ['another account', (v: string) => v, 'other@example.in', SECRET],
    ['another secret', (v: string) => v, 'op@example.in', 'rotated-secret'],
    ['a changed id', (v: string) => `A${v.slice(1)}`, 'op@example.in', SECRET],
    ['a changed signature', (v: string) => `${v.slice(0, -1)}${v.endsWith('A') ? 'B' : 'A'}`, 'op@example.in', SECRET],
    ['no signature', (v: string) => v.split('.')[0]!, 'op@example.in', SECRET],
    ['an extra part', (v: string) => `${v}.x`, 'op@example.in', SECRET],
    ['a huge value', (v: string) => v + 'x'.repeat(10_000), 'op@example.in', SECRET],
  ])('refuses a cookie for %s', (_case, change, email, secret) => {
    expect(trustedDevice(secret, email, change(deviceCookieValue(SECRET, 'op@example.in')))).toBeNull();
  });

  it('refuses no cookie at all', () => {
    expect(trustedDevice(SECRET, 'op@example.in', undefined)).toBeNull();
  });

  it('sets an HttpOnly, SameSite=Lax cookie, Secure over https', () => {
    expect(deviceSetCookie('v', false)).toMatch(/^magma-device=v; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/);
    expect(deviceSetCookie('v', true)).toMatch(/; Secure$/);
  });
});

describe('parseCookies', () => {
  it('reads every cookie once, the first of a name, decoding values', () => {
    expect(parseCookies('a=1; b=x%20y; a=2; bad; c=%E0%A4%A')).toEqual({ a: '1', b: 'x y', c: '%E0%A4%A' });
    expect(parseCookies(undefined)).toEqual({});
  });
});
