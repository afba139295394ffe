import { describe, expect, it } from 'vitest';
import { newSessionToken } from '@magma/core/driver';
import {
  DEVICE_COOKIE,
  MAX_REMEMBERED,
  deviceCookieOf,
  rememberSessionCookie,
  rememberedTokens,
} from './driver-device.ts';

const req = (cookie?: string) =>
  new Request('http://demo.localhost/api/driver/checkout', { headers: cookie ? { cookie } : {} });

describe('the device remembers its driver sessions', () => {
  it('sets an HttpOnly, SameSite=Lax, host-only cookie holding the token, Secure over https', () => {
    const t = newSessionToken();
    const c = rememberSessionCookie(req(), t, 'https://charge.example.in');
    expect(c).toBe(`${DEVICE_COOKIE}=${t}; Path=/; Max-Age=172800; HttpOnly; SameSite=Lax; Secure`);
    expect(c).not.toMatch(/Domain=/i);
    expect(rememberSessionCookie(req(), t, 'http://demo.localhost:3000')).not.toContain('Secure');
  });

  it('keeps the latest few, newest first, and ignores anything that is not a token', () => {
    const ts = Array.from({ length: 6 }, () => newSessionToken());
    let cookie = '';
    for (const t of ts) {
      const set = rememberSessionCookie(req(cookie ? `other=1; ${cookie}` : undefined), t, 'http://x');
      cookie = set.split(';')[0]!;
    }
    expect(rememberedTokens(deviceCookieOf(`a=b; ${cookie}`))).toEqual(ts.slice(-MAX_REMEMBERED).reverse());
    expect(rememberedTokens(`../../etc.${ts[0]}.${'x'.repeat(42)}.${ts[0]}`)).toEqual([ts[0]]);
    expect(rememberedTokens(undefined)).toEqual([]);
  });
});
