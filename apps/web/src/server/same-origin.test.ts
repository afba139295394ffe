import { describe, expect, it } from 'vitest';
import { crossSiteRefusal, unsafeRequestRefusal } from './same-origin.ts';

const headers = (h: Record<string, string>) => new Headers(h);

describe('the same-origin check trusts X-Forwarded-Host only behind our proxy (TRUST_PROXY)', () => {
  it.each([
    ['own origin', { host: 'demo.example', origin: 'https://demo.example' }, false, null],
    [
      'a forged forwarded host without a trusted proxy',
      { host: 'demo.example', origin: 'https://evil.example', 'x-forwarded-host': 'evil.example' },
      false,
      403,
    ],
    [
      'the public host our proxy forwarded',
      { host: '127.0.0.1:3000', origin: 'https://demo.example', 'x-forwarded-host': 'demo.example' },
      true,
      null,
    ],
    [
      "a client's own value before our proxy's hop",
      { host: '127.0.0.1:3000', origin: 'https://evil.example', 'x-forwarded-host': 'evil.example, demo.example' },
      true,
      403,
    ],
    ['a cross-site fetch', { host: 'demo.example', 'sec-fetch-site': 'same-site' }, false, 403],
  ] as const)('%s', (_name, h, trustProxy, status) => {
    expect(crossSiteRefusal(headers(h), { trustProxy })?.status ?? null).toBe(status);
  });

  it('refuses a JSON mutation from another origin that names itself in X-Forwarded-Host', () => {
    const req = new Request('http://demo.example/api/trpc/x', {
      method: 'POST',
      headers: {
        host: 'demo.example',
        origin: 'https://evil.example',
        'x-forwarded-host': 'evil.example',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(unsafeRequestRefusal(req)?.status).toBe(403);
    expect(unsafeRequestRefusal(req, { trustProxy: true })).toBeNull();
  });
});
