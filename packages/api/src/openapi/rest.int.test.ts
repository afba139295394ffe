import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import {
  API_SCOPES,
  createApiClient,
  issueClientToken,
  oauthKeyring,
  verifyAccessToken,
  type ApiScope,
} from '@magma/core/oauth';
import { createTenantResolver, tenantScope } from '../core.ts';
import { buildWorld, type World } from '../../test/isolation/world.ts';
import { hostOf, PLATFORM_DOMAIN, testServices } from '../../test/builders.ts';
import { createOpenApiDocument } from './document.ts';
import { createRestHandler, type SessionCheck } from './handler.ts';
import { createRestRateLimiter } from './rate-limit.ts';
import { restRoutes } from './routes.ts';

// Contract tests of /api/v1 over the real handler, real OAuth client-credentials tokens and a real
// PostgreSQL: each role (operator admin, staff, vendor-scoped, other tenant, no token, bad token,
// wrong scope), problem details, idempotency, ETags and the shared rate limit. Every 200 below has
// passed the route's output schema server-side (tRPC validates outputs), so the shapes the document
// states are the shapes served.

let t: TestDatabase;
let w: World;
const keyring = oauthKeyring({ fallbackSecret: 'rest-contract-test-secret-0123456789abcdef' });
const ALL_READ: ApiScope[] = API_SCOPES.filter((s) => s.endsWith(':read'));
const tokens: Record<string, string> = {};
let session: SessionCheck = { userId: null, refusal: null };

function handlerWith(points = 10_000) {
  return createRestHandler({
    db: t.db,
    resolver: createTenantResolver({ db: t.db, platformDomain: PLATFORM_DOMAIN, ttlMs: 0, missTtlMs: 0 }),
    platformDomain: PLATFORM_DOMAIN,
    services: testServices(),
    rateLimiter: createRestRateLimiter({ kind: 'pg', db: t.db }, { points, durationSec: 60 }),
    verifyToken: (token) => verifyAccessToken({ db: t.db, token }),
    session: async () => session,
    tokenUrl: (origin) => `${origin}/api/oauth/token`,
  });
}
let handle: ReturnType<typeof createRestHandler>;

async function clientToken(
  tenantId: string,
  role: 'OPERATOR_ADMIN' | 'OPERATOR_STAFF' | 'VENDOR_USER',
  scopes: ApiScope[],
  vendorId: string | null = null,
) {
  const { client, clientSecret } = await createApiClient({
    db: t.db,
    scope: tenantScope(tenantId),
    input: { name: `${role} client`, role, vendorId, scopes },
  });
  const res = await issueClientToken({
    db: t.db,
    keyring,
    issuer: 'https://api.test',
    tenantId,
    credentials: { clientId: client.clientId, clientSecret },
    grantType: 'client_credentials',
    scope: undefined,
    address: '127.0.0.1',
  });
  return res.access_token;
}

async function call(
  method: string,
  path: string,
  opts: { token?: string; host?: string; body?: unknown; headers?: Record<string, string>; via?: typeof handle } = {},
) {
  const host = opts.host ?? hostOf(w.A);
  const headers: Record<string, string> = { host, ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const req = new Request(`https://${host}/api/v1${path}`, {
    method,
    headers,
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const res = await (opts.via ?? handle)(req, { host, origin: `https://${host}` });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : null,
  };
}

beforeAll(async () => {
  t = await createTestDatabase();
  w = await buildWorld(t.db);
  handle = handlerWith();
  const write: ApiScope[] = ['sites:write', 'chargers:write', 'commands:write', 'id-tokens:write'];
  tokens.admin = await clientToken(w.A.id, 'OPERATOR_ADMIN', [...ALL_READ, ...write]);
  tokens.staff = await clientToken(w.A.id, 'OPERATOR_STAFF', [...ALL_READ, ...write]);
  tokens.vendor = await clientToken(w.A.id, 'VENDOR_USER', ['chargers:read', 'sessions:read', 'sites:read'], w.a1.id);
  tokens.adminB = await clientToken(w.B.id, 'OPERATOR_ADMIN', [...ALL_READ, ...write]);
  tokens.sitesOnly = await clientToken(w.A.id, 'OPERATOR_ADMIN', ['sites:read']);
}, 60_000);
afterAll(async () => t?.drop());

/** The ids of a page of /chargers ({ items, nextCursor }). */
const idsOf = (page: unknown) => (page as { items: { id: string }[] }).items.map((r) => r.id);

describe('/api/v1 contract', () => {
  it('answers 401 problem details without a token, or with a bad one', async () => {
    for (const token of [undefined, 'not-a-token', `${tokens.admin}x`]) {
      const r = await call('GET', '/chargers', { token });
      expect(r.status).toBe(401);
      expect(r.headers.get('content-type')).toBe('application/problem+json');
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(r.body).toMatchObject({ status: 401, title: 'Authentication required', code: 'UNAUTHENTICATED' });
      expect(r.body?.type).toMatch(/^https:\/\//);
    }
  });

  it('shows an operator admin the whole tenant, and nothing of another', async () => {
    const r = await call('GET', '/chargers', { token: tokens.admin });
    expect(r.status).toBe(200);
    expect(r.headers.get('ratelimit-policy')).toBe('"default";q=10000;w=60');
    expect(idsOf(r.body).sort()).toEqual([w.ca1.id, w.ca2.id].sort());
    expect((await call('GET', `/chargers/${w.cb1.id}`, { token: tokens.admin })).status).toBe(404);
  });

  it('serves every GET list route to the admin with a 200 (outputs checked against their schemas)', async () => {
    const doc = createOpenApiDocument({ baseUrl: 'https://x.test/api/v1', tokenUrl: 'https://x.test/token' });
    const needsQuery = (path: string) =>
      ((doc.paths?.[path]?.get?.parameters ?? []) as { required?: boolean }[]).some((p) => p.required);
    const lists = restRoutes().filter((r) => r.method === 'GET' && !r.hasPathParams && !needsQuery(r.path));
    const failed: string[] = [];
    for (const route of lists) {
      const r = await call('GET', route.path, { token: tokens.admin });
      if (r.status !== 200) failed.push(`${route.path}: ${r.status} ${JSON.stringify(r.body)}`);
    }
    expect(failed).toEqual([]);
  });

  it('keeps a vendor-scoped client to its own vendor', async () => {
    const r = await call('GET', '/chargers', { token: tokens.vendor });
    expect(idsOf(r.body)).toEqual([w.ca1.id]);
    expect((await call('GET', `/chargers/${w.ca2.id}`, { token: tokens.vendor })).status).toBe(404);
    expect((await call('GET', `/chargers/${w.ca1.id}`, { token: tokens.vendor })).status).toBe(200);
  });

  it('refuses what the role cannot do, with the same rule as the dashboard', async () => {
    const r = await call('POST', '/sites', {
      token: tokens.staff,
      body: { name: 'Staff site', address: '1 Road', city: 'Pune', state: 'MH' },
    });
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'FORBIDDEN', detail: 'Only an operator admin can do this' });
  });

  it('refuses a route outside the token’s scopes', async () => {
    const r = await call('GET', '/chargers', { token: tokens.sitesOnly });
    expect(r.status).toBe(403);
    expect(r.headers.get('www-authenticate')).toContain('insufficient_scope');
    expect((await call('GET', '/sites', { token: tokens.sitesOnly })).status).toBe(200);
  });

  it('takes another tenant’s token nowhere but its own data (tenant host must match; the API host follows the token)', async () => {
    expect((await call('GET', '/chargers', { token: tokens.adminB })).status).toBe(403);
    const viaApi = await call('GET', '/chargers', { token: tokens.adminB, host: `api.${PLATFORM_DOMAIN}` });
    expect(viaApi.status).toBe(200);
    expect(idsOf(viaApi.body)).toEqual([w.cb1.id]);
    const own = await call('GET', '/chargers', { token: tokens.admin, host: `api.${PLATFORM_DOMAIN}` });
    expect(idsOf(own.body).sort()).toEqual([w.ca1.id, w.ca2.id].sort());
  });

  it('lists invalid fields in a 400 problem', async () => {
    const r = await call('POST', '/sites', { token: tokens.admin, body: { name: '', city: 3 } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 'BAD_INPUT' });
    expect((r.body?.errors as { field: string }[]).map((e) => e.field)).toEqual(
      expect.arrayContaining(['name', 'address', 'city']),
    );
    expect((await call('GET', '/chargers/not-a-uuid', { token: tokens.admin })).status).toBe(400);
  });

  it('converts query strings by the schema: online=false means false', async () => {
    await t.db.charger.update({ where: { id: w.ca1.id }, data: { online: true } });
    const off = await call('GET', '/chargers?online=false', { token: tokens.admin });
    expect(idsOf(off.body)).toEqual([w.ca2.id]);
    const on = await call('GET', '/chargers?online=true&limit=5', { token: tokens.admin });
    expect(idsOf(on.body)).toEqual([w.ca1.id]);
  });

  it('pages /chargers with a cursor: each page after the last, in identity order, until nextCursor is null', async () => {
    const walked: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const r = await call('GET', `/chargers?limit=1${q}`, { token: tokens.admin });
      expect(r.status).toBe(200);
      walked.push(...idsOf(r.body));
      cursor = (r.body as { nextCursor: string | null }).nextCursor;
    } while (cursor);
    const all = await t.db.charger.findMany({ where: { tenantId: w.A.id }, orderBy: { identity: 'asc' } });
    expect(walked).toEqual(all.map((c) => c.id));
    const back = await call('GET', '/chargers?sort=-identity&limit=200', { token: tokens.admin });
    expect(idsOf(back.body)).toEqual(all.map((c) => c.id).reverse());
    const bad = await call('GET', '/chargers?cursor=bm9wZQ', { token: tokens.admin });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'BAD_INPUT' });
  });

  it('gives detail GETs an ETag and answers If-None-Match with 304', async () => {
    const first = await call('GET', `/sites/${w.sa1.id}`, { token: tokens.admin });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^W\/"/);
    const again = await call('GET', `/sites/${w.sa1.id}`, { token: tokens.admin, headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it('replays a POST with the same Idempotency-Key, and refuses the key with another body (422)', async () => {
    const body = { name: 'Idem site', address: '2 Road', city: 'Pune', state: 'MH' };
    const headers = { 'idempotency-key': 'site-create-1' };
    const a = await call('POST', '/sites', { token: tokens.admin, body, headers });
    const b = await call('POST', '/sites', { token: tokens.admin, body, headers });
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
    expect(b.headers.get('idempotency-replayed')).toBe('true');
    expect(await t.db.site.count({ where: { name: 'Idem site' } })).toBe(1);
    const c = await call('POST', '/sites', { token: tokens.admin, body: { ...body, name: 'Other' }, headers });
    expect(c.status).toBe(422);
    expect(c.body).toMatchObject({ code: 'IDEMPOTENCY_MISMATCH' });
  });

  it('limits each credential with RateLimit headers and 429 + Retry-After, counted in PostgreSQL', async () => {
    const limited = handlerWith(3);
    const token = await clientToken(w.A.id, 'OPERATOR_ADMIN', ['sites:read']);
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < 4; i++) {
      last = await call('GET', '/sites', { token, via: limited });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.headers.get('ratelimit')).toMatch(/^"default";r=0;t=\d+$/);
    expect(last!.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    // Another handler (another web instance) on the same database sees the same count.
    expect((await call('GET', '/sites', { token, via: handlerWith(3) })).status).toBe(429);
  });

  it('accepts the signed-in session for the API console, under the dashboard’s CSRF rule', async () => {
    session = { userId: w.vendorA1.id, refusal: null };
    try {
      const r = await call('GET', '/chargers');
      expect(idsOf(r.body)).toEqual([w.ca1.id]);
      session = { userId: w.adminA.id, refusal: { status: 403, message: 'Not from this site' } };
      const refused = await call('POST', '/sites', { body: { name: 'x', address: 'y', city: 'z', state: 'w' } });
      expect(refused.status).toBe(403);
    } finally {
      session = { userId: null, refusal: null };
    }
  });

  it('serves its OpenAPI document with this origin as the server', async () => {
    const r = await call('GET', '/openapi.json');
    expect(r.status).toBe(200);
    expect(r.body?.servers).toEqual([{ url: `https://${hostOf(w.A)}/api/v1` }]);
    expect(r.body?.openapi).toBe('3.1.0');
  });

  it('answers unknown routes 404 and wrong methods 405 with Allow', async () => {
    expect((await call('GET', '/nope', { token: tokens.admin })).status).toBe(404);
    const r = await call('PUT', '/sites', { token: tokens.admin, body: {} });
    expect(r.status).toBe(405);
    expect(r.headers.get('allow')).toContain('GET');
  });
});
