import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTenantResolver } from '@magma/api';
import { hashSecret } from '@magma/core/auth';
import { changePassword, removeMember } from '@magma/core/users';
import type { NextAuthOptions } from 'next-auth';
import { createAuthOptions } from './auth-options.ts';
import { AUTH_BODY_LIMIT, handleAuthRequest } from './auth-route.ts';
import { DEVICE_COOKIE } from './sign-in-device.ts';

// The /api/auth route end to end: real Requests through the route's handler and next-auth, the real
// credentials check against PostgreSQL, cookies carried from one response to the next request.

const SECRET = 'auth-route-test-secret';
const HOST = 'auth.localhost:3000';
const ORIGIN = `http://${HOST}`;

let t: TestDatabase;
let tenantId: string;
let adminId: string;
const routeOptions = new Map<boolean, NextAuthOptions>();
let emails = 0;

beforeAll(async () => {
  // What env.ts does for the app: next-auth takes its origin from each request's host.
  process.env.AUTH_TRUST_HOST = 'true';
  delete process.env.NEXTAUTH_URL;
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: 'auth', name: 'Auth' } })).id;
  const resolver = createTenantResolver({ db: t.db, platformDomain: 'localhost' });
  for (const trustProxy of [false, true]) {
    routeOptions.set(
      trustProxy,
      createAuthOptions({
        db: () => t.db,
        resolver: () => resolver,
        platformDomain: 'localhost',
        trustProxy,
        secret: SECRET,
      }),
    );
  }
  const admin = await t.db.user.create({
    data: { email: 'admin@auth.in', passwordHash: await hashSecret('admin-pass') },
  });
  adminId = admin.id;
  await t.db.membership.create({ data: { userId: admin.id, tenantId, role: 'OPERATOR_ADMIN' } });
});
afterAll(async () => t?.drop());

async function aMember(email: string) {
  const user = await t.db.user.create({ data: { email, passwordHash: await hashSecret('right-pass') } });
  const m = await t.db.membership.create({ data: { userId: user.id, tenantId, role: 'OPERATOR_STAFF' } });
  return { userId: user.id, membershipId: m.id };
}

/** A browser's cookies for one host. */
class Jar {
  cookies = new Map<string, string>();
  take(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (!value || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  copy() {
    const j = new Jar();
    j.cookies = new Map(this.cookies);
    return j;
  }
}

type CallOpts = {
  jar?: Jar;
  form?: Record<string, string>;
  body?: BodyInit;
  headers?: Record<string, string>;
  trustProxy?: boolean;
};

async function call(method: string, path: string, opts: CallOpts = {}): Promise<Response> {
  const headers: Record<string, string> = { host: HOST, ...opts.headers };
  if (opts.jar?.cookies.size) headers.cookie = opts.jar.header();
  let body = opts.body;
  if (opts.form) {
    body = new URLSearchParams(opts.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const req = new Request(`${ORIGIN}/api/auth/${path}`, { method, headers, body, duplex: 'half' } as RequestInit);
  const segments = new URL(req.url).pathname.replace('/api/auth/', '').split('/');
  const trustProxy = opts.trustProxy ?? false;
  const res = await handleAuthRequest({
    req,
    segments,
    options: routeOptions.get(trustProxy)!,
    trustProxy,
    secret: SECRET,
  });
  opts.jar?.take(res);
  return res;
}

/** The callbackUrl a redirect to the sign-in page carries (next-auth's idea of where to return). */
function callbackOf(res: Response): string {
  const location = new URL(res.headers.get('location')!, ORIGIN);
  return location.searchParams.get('callbackUrl') ?? '';
}

async function csrf(jar: Jar): Promise<string> {
  const res = await call('GET', 'csrf', { jar });
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}

async function signIn(jar: Jar, email: string, password: string, extra: Record<string, string> = {}) {
  const csrfToken = await csrf(jar);
  const res = await call('POST', 'callback/credentials', {
    jar,
    form: { csrfToken, email, password, json: 'true', ...extra },
  });
  return { status: res.status, url: ((await res.json()) as { url: string }).url };
}

async function sessionUserId(jar: Jar): Promise<string | null> {
  const res = await call('GET', 'session', { jar });
  const body = (await res.json()) as { user?: { id?: string } };
  return body.user?.id ?? null;
}

describe('/api/auth sessions', () => {
  it('signs in with the right password and refuses a wrong one', async () => {
    const { userId } = await aMember('in@auth.in');
    const bad = new Jar();
    expect((await signIn(bad, 'in@auth.in', 'wrong')).url).toContain('error=');
    expect(await sessionUserId(bad)).toBeNull();
    const jar = new Jar();
    const { url } = await signIn(jar, 'in@auth.in', 'right-pass');
    expect(new URL(url).origin).toBe(ORIGIN);
    expect(await sessionUserId(jar)).toBe(userId);
  });

  it('ends the session on sign-out, for a copy of its cookie and for the other devices too', async () => {
    const { userId } = await aMember('out@auth.in');
    const laptop = new Jar();
    await signIn(laptop, 'out@auth.in', 'right-pass');
    const phone = new Jar();
    await signIn(phone, 'out@auth.in', 'right-pass');
    const stolen = laptop.copy();
    expect(await sessionUserId(stolen)).toBe(userId);
    const res = await call('POST', 'signout', { jar: laptop, form: { csrfToken: await csrf(laptop), json: 'true' } });
    expect(res.status).toBe(200);
    expect(await sessionUserId(laptop)).toBeNull();
    expect(await sessionUserId(stolen)).toBeNull();
    expect(await sessionUserId(phone)).toBeNull();
    // Signing in again works as before.
    await signIn(laptop, 'out@auth.in', 'right-pass');
    expect(await sessionUserId(laptop)).toBe(userId);
  });

  it('ends the sessions of a user who changes their password or is removed from the tenant', async () => {
    const a = await aMember('pw@auth.in');
    const jar = new Jar();
    await signIn(jar, 'pw@auth.in', 'right-pass');
    await changePassword({
      db: t.db,
      userId: a.userId,
      input: { currentPassword: 'right-pass', newPassword: 'new-pass-123' },
    });
    expect(await sessionUserId(jar)).toBeNull();

    const b = await aMember('gone@auth.in');
    const jar2 = new Jar();
    await signIn(jar2, 'gone@auth.in', 'right-pass');
    expect(await sessionUserId(jar2)).toBe(b.userId);
    await removeMember({
      db: t.db,
      scope: { tenantId, vendorId: null, role: 'OPERATOR_ADMIN', userId: adminId },
      input: { id: b.membershipId },
    });
    expect(await sessionUserId(jar2)).toBeNull();
  });
});

describe('/api/auth bodies', () => {
  it('refuses a body over the limit with 413 before reading it, when it announces its size', async () => {
    const res = await call('POST', 'callback/credentials', {
      body: 'x'.repeat(64 * 1024 * 1024),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(413);
  });

  it('stops reading a chunked body at the limit and answers 413', async () => {
    let pulled = 0;
    const chunk = new Uint8Array(4 * 1024).fill(120);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        if (pulled > 64 * 1024 * 1024) controller.close();
        else controller.enqueue(chunk);
      },
    });
    const res = await call('POST', 'callback/credentials', {
      body: stream,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(AUTH_BODY_LIMIT + 3 * chunk.byteLength);
  });

  it('refuses a JSON body that is not an object with 400', async () => {
    const res = await call('POST', 'callback/credentials', {
      body: '[1,2]',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
  });
});

describe('/api/auth origin and callbackUrl', () => {
  it('ignores X-Forwarded-Host (and -Proto) without TRUST_PROXY', async () => {
    const res = await call('GET', 'signin', {
      headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
    });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!, ORIGIN).origin).toBe(ORIGIN);
    expect(new URL(callbackOf(res)).origin).toBe(ORIGIN);
  });

  it('follows X-Forwarded-Host and -Proto set by the proxy under TRUST_PROXY', async () => {
    const res = await call('GET', 'signin', {
      trustProxy: true,
      headers: { 'x-forwarded-host': 'forged.example, auth.example.com', 'x-forwarded-proto': 'https' },
    });
    expect(new URL(callbackOf(res)).origin).toBe('https://auth.example.com');
  });

  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    'evil.example',
    'javascript:alert(1)',
    'http://',
  ])('keeps a query callbackUrl of %j on this origin, without a 500', async (callbackUrl) => {
    const res = await call('GET', `signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!, ORIGIN).origin).toBe(ORIGIN);
    expect(new URL(callbackOf(res)).origin).toBe(ORIGIN);
  });

  it.each(['https://evil.example/', 'evil.example', '/\\evil.example', '//evil.example'])(
    'answers a sign-in posted with callbackUrl %j with a URL on this origin',
    async (callbackUrl) => {
      const email = `cb-${(emails += 1)}@auth.in`;
      await aMember(email);
      const jar = new Jar();
      const out = await signIn(jar, email, 'right-pass', { callbackUrl });
      expect(out.status).toBe(200);
      expect(new URL(out.url).origin).toBe(ORIGIN);
    },
  );

  it('does not fail on a callback-url cookie that is no URL', async () => {
    const jar = new Jar();
    jar.cookies.set('next-auth.callback-url', 'evil.example');
    const csrfToken = await csrf(jar);
    const res = await call('POST', 'signout', { jar, form: { csrfToken, json: 'true' } });
    expect(res.status).toBe(200);
    expect(new URL(((await res.json()) as { url: string }).url).origin).toBe(ORIGIN);
  });
});

describe('/api/auth failed attempts', () => {
  it("lets a browser that signed in before in while others' failures slow the shared address down", async () => {
    const { userId } = await aMember('dev@auth.in');
    const mine = new Jar();
    await signIn(mine, 'dev@auth.in', 'right-pass');
    expect(mine.cookies.get(DEVICE_COOKIE)).toBeTruthy();
    await call('POST', 'signout', { jar: mine, form: { csrfToken: await csrf(mine), json: 'true' } });
    // Without TRUST_PROXY every client has the same address: an attacker's failures pile up on it.
    for (let i = 0; i < 8; i++) await signIn(new Jar(), 'dev@auth.in', `guess-${i}`);
    const stranger = await signIn(new Jar(), 'dev@auth.in', 'right-pass');
    expect(decodeURIComponent(stranger.url)).toContain('Too many sign-in attempts');
    const again = await signIn(mine, 'dev@auth.in', 'right-pass');
    expect(again.url).not.toContain('error=');
    expect(await sessionUserId(mine)).toBe(userId);
  });

  it("does not take one account's device cookie for another account", async () => {
    await aMember('dev2@auth.in');
    await aMember('dev3@auth.in');
    const mine = new Jar();
    await signIn(mine, 'dev2@auth.in', 'right-pass');
    for (let i = 0; i < 8; i++) await signIn(new Jar(), 'dev3@auth.in', `guess-${i}`);
    const cross = new Jar();
    cross.cookies.set(DEVICE_COOKIE, mine.cookies.get(DEVICE_COOKIE)!);
    expect(decodeURIComponent((await signIn(cross, 'dev3@auth.in', 'right-pass')).url)).toContain('Too many');
  });
});
