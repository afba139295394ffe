import { describe, expect, it } from 'vitest';
import {
  openSessionToken,
  sealSessionToken,
  sealedTokenFor,
  sessionLinkKeys,
  sessionLinkUrl,
  signSessionLink,
  SESSION_LINK_TTL_MS,
  verifySessionLink,
} from './session-link.ts';
import { newSessionToken } from './session-token.ts';

const keys = sessionLinkKeys('driver-link-secret-for-tests-0123456789');
const otherKeys = sessionLinkKeys('another-secret-entirely-0123456789');
const TENANT = '11111111-1111-4111-8111-111111111111';
const OTHER_TENANT = '22222222-2222-4222-8222-222222222222';
const SESSION = '33333333-3333-4333-8333-333333333333';
const OTHER_SESSION = '44444444-4444-4444-8444-444444444444';
const now = new Date('2026-12-05T10:00:00Z');
const token = newSessionToken();

describe('sealed session token', () => {
  it('opens for its own session with the same keys, and is never the token in the clear', () => {
    const sealed = sealSessionToken(keys, { sessionId: SESSION, token, origin: 'https://demo.example.in' });
    expect(sealed).not.toContain(token);
    expect(openSessionToken(keys, { sessionId: SESSION, sealed })).toEqual({
      token,
      origin: 'https://demo.example.in',
    });
  });

  it.each([
    ["another session's id", () => openSessionToken(keys, { sessionId: OTHER_SESSION, sealed: seal() })],
    ['another key', () => openSessionToken(otherKeys, { sessionId: SESSION, sealed: seal() })],
    ['one byte changed', () => openSessionToken(keys, { sessionId: SESSION, sealed: flipLast(seal()) })],
    ['garbage', () => openSessionToken(keys, { sessionId: SESSION, sealed: 'v1.not-sealed-at-all' })],
  ])('does not open with %s', (_name, open) => {
    expect(open()).toBeNull();
  });

  it('is stored only when there are keys and an origin', () => {
    expect(sealedTokenFor(undefined, { sessionId: SESSION, token, baseUrl: 'https://a.example' })).toBeUndefined();
    expect(sealedTokenFor(keys, { sessionId: SESSION, token, baseUrl: undefined })).toBeUndefined();
    const sealed = sealedTokenFor(keys, { sessionId: SESSION, token, baseUrl: 'http://demo.localhost:3000/x' })!;
    expect(openSessionToken(keys, { sessionId: SESSION, sealed })?.origin).toBe('http://demo.localhost:3000');
  });
});

describe('signed session link', () => {
  const link = signSessionLink(keys, {
    tenantId: TENANT,
    sessionId: SESSION,
    expiresAt: new Date(now.getTime() + 60_000),
  });

  it('names its session at its tenant until it expires', () => {
    expect(link).toMatch(/^[0-9a-f-]{36}\.[0-9a-z]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifySessionLink(keys, { tenantId: TENANT, link, now })).toBe(SESSION);
  });

  const [id, exp, mac] = link.split('.') as [string, string, string];
  it.each([
    ['expired', () => verifySessionLink(keys, { tenantId: TENANT, link, now: new Date(now.getTime() + 60_000) })],
    ["on another tenant's host", () => verifySessionLink(keys, { tenantId: OTHER_TENANT, link, now })],
    ['signed with another key', () => verifySessionLink(otherKeys, { tenantId: TENANT, link, now })],
    [
      'pointed at another session',
      () => verifySessionLink(keys, { tenantId: TENANT, link: `${OTHER_SESSION}.${exp}.${mac}`, now }),
    ],
    [
      'given a later expiry',
      () =>
        verifySessionLink(keys, {
          tenantId: TENANT,
          link: `${id}.${(parseInt(exp, 36) + 86_400).toString(36)}.${mac}`,
          now,
        }),
    ],
    ['with its mac altered', () => verifySessionLink(keys, { tenantId: TENANT, link: flipLast(link), now })],
    ['cut short', () => verifySessionLink(keys, { tenantId: TENANT, link: link.slice(0, -1), now })],
    ['a session token instead', () => verifySessionLink(keys, { tenantId: TENANT, link: token, now })],
  ])('is refused when %s', (_name, verify) => {
    expect(verify()).toBeNull();
  });

  it("a session's email link opens on the origin the driver used, for SESSION_LINK_TTL_MS", () => {
    const tokenSealed = sealSessionToken(keys, { sessionId: SESSION, token, origin: 'https://charge.volt.example' });
    const r = sessionLinkUrl(keys, { id: SESSION, tenantId: TENANT, tokenSealed }, now)!;
    expect(r.expiresAt.getTime()).toBe(now.getTime() + SESSION_LINK_TTL_MS);
    const url = new URL(r.url);
    expect(url.origin).toBe('https://charge.volt.example');
    expect(url.pathname).toMatch(/^\/s\/open\//);
    expect(r.url).not.toContain(token);
    const l = url.pathname.split('/').pop()!;
    expect(verifySessionLink(keys, { tenantId: TENANT, link: l, now: new Date(r.expiresAt.getTime() - 1_000) })).toBe(
      SESSION,
    );
    expect(verifySessionLink(keys, { tenantId: TENANT, link: l, now: r.expiresAt })).toBeNull();
    expect(sessionLinkUrl(keys, { id: SESSION, tenantId: TENANT, tokenSealed: null }, now)).toBeNull();
  });
});

function seal() {
  return sealSessionToken(keys, { sessionId: SESSION, token, origin: 'https://demo.example.in' });
}

function flipLast(s: string) {
  const last = s.at(-2)!;
  return `${s.slice(0, -2)}${last === 'A' ? 'B' : 'A'}${s.at(-1)}`;
}
