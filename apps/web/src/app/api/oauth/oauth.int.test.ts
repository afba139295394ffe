import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTenantResolver, tenantScope } from '@magma/core/tenancy';
import {
  ACCESS_TOKEN_AUDIENCE,
  activeSigningKey,
  createApiClient,
  createPersonalToken,
  issueClientToken,
  oauthKeyring,
  revokePersonalToken,
  rotateApiClientSecret,
  rotateSigningKey,
  setApiClientEnabled,
  verifyAccessToken,
} from '@magma/core/oauth';
import { createOAuthHandlers } from './oauth-handlers.ts';

// The OAuth endpoints over real HTTP (a node server on 127.0.0.1 in front of the route handlers'
// code) against real PostgreSQL, driven by a third-party client library (oauth4webapi): discovery,
// client credentials, RFC 9068 validation at a resource server, introspection and revocation.

let t: TestDatabase;
let server: http.Server;
let port: number;
let acme: string;
let other: string;
let vendorId: string;
let adminId: string;
const keyring = oauthKeyring({ keys: undefined, fallbackSecret: 'oauth-int-test-secret' });

const host = (slug: string) => `${slug}.localhost:${port}`;
const issuerOf = (slug: string) => `http://${host(slug)}`;

/** fetch for `{slug}.localhost:port`: connects to 127.0.0.1 and keeps the Host header. */
const hostFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
  const req = new Request(input, init);
  const url = new URL(req.url);
  const body = req.body ? Buffer.from(await req.arrayBuffer()) : undefined;
  return new Promise((resolve, reject) => {
    const r = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method: req.method,
        headers: { ...Object.fromEntries(req.headers), host: url.host },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const headers = new Headers();
          for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
          resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 500, headers }));
        });
      },
    );
    r.on('error', reject);
    r.end(body);
  });
};

const opts = { [oauth.allowInsecureRequests]: true, [oauth.customFetch]: hostFetch };

async function discover(slug: string) {
  const issuer = new URL(issuerOf(slug));
  return oauth.processDiscoveryResponse(issuer, await oauth.discoveryRequest(issuer, { algorithm: 'oauth2', ...opts }));
}

function post(slug: string, path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  return hostFetch(`${issuerOf(slug)}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
}

const basic = (id: string, secret: string) => ({
  authorization: `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`,
});

async function aClient(input: Partial<Parameters<typeof createApiClient>[0]['input']> = {}, tenantId = acme) {
  const { client, clientSecret } = await createApiClient({
    db: t.db,
    scope: tenantScope(tenantId, 'OPERATOR_ADMIN', adminId),
    input: { name: 'Billing sync', role: 'OPERATOR_STAFF', scopes: ['chargers:read', 'sessions:read'], ...input },
  });
  return { id: client.id, clientId: client.clientId, secret: clientSecret };
}

async function tokenFor(c: { clientId: string; secret: string }, slug = 'acme', scope?: string) {
  const res = await post(
    slug,
    '/api/oauth/token',
    { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
    basic(c.clientId, c.secret),
  );
  return { res, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await createTestDatabase();
  acme = (await t.db.tenant.create({ data: { slug: 'acme', name: 'Acme' } })).id;
  other = (await t.db.tenant.create({ data: { slug: 'other', name: 'Other' } })).id;
  vendorId = (await t.db.vendor.create({ data: { tenantId: acme, name: 'Sunrise', legalName: 'Sunrise Malls' } })).id;
  adminId = (await t.db.user.create({ data: { email: 'admin@acme.in' } })).id;
  await t.db.membership.create({ data: { userId: adminId, tenantId: acme, role: 'OPERATOR_ADMIN' } });
  const handlers = createOAuthHandlers({
    db: () => t.db,
    resolver: () => createTenantResolver({ db: t.db, platformDomain: 'localhost' }),
    platformDomain: 'localhost',
    trustProxy: false,
    keyring: () => keyring,
  });
  const routes: Record<string, (req: Request) => Promise<Response>> = {
    'GET /.well-known/oauth-authorization-server': handlers.metadata,
    'GET /api/oauth/jwks': handlers.jwks,
    'POST /api/oauth/token': handlers.token,
    'POST /api/oauth/introspect': handlers.introspect,
    'POST /api/oauth/revoke': handlers.revoke,
  };
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      const route = routes[`${req.method} ${url.pathname}`];
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(url, {
        method: req.method,
        headers,
        body: req.method === 'POST' ? Buffer.concat(chunks) : undefined,
      });
      void (route ? route(request) : Promise.resolve(new Response('Not found', { status: 404 }))).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await t?.drop();
});

describe('OAuth 2.0 client credentials', () => {
  it('a third-party client library completes discovery, client credentials, introspection and revocation', async () => {
    const c = await aClient();
    const as = await discover('acme');
    expect(as.issuer).toBe(issuerOf('acme'));
    expect(as.token_endpoint).toBe(`${issuerOf('acme')}/api/oauth/token`);
    const client: oauth.Client = { client_id: c.clientId };
    const auth = oauth.ClientSecretBasic(c.secret);

    const grant = await oauth.clientCredentialsGrantRequest(as, client, auth, { scope: 'chargers:read' }, opts);
    expect(grant.headers.get('cache-control')).toBe('no-store');
    const token = await oauth.processClientCredentialsResponse(as, client, grant);
    expect(token.token_type).toBe('bearer');
    expect(token.scope).toBe('chargers:read');
    expect(token.expires_in).toBe(900);

    // A resource server validates it as an RFC 9068 JWT against our JWKS.
    const claims = await oauth.validateJwtAccessToken(
      as,
      new Request('http://api.localhost/api/v1/chargers', {
        headers: { authorization: `Bearer ${token.access_token}` },
      }),
      ACCESS_TOKEN_AUDIENCE,
      opts,
    );
    expect(claims).toMatchObject({ client_id: c.clientId, sub: c.clientId, tenant_id: acme, scope: 'chargers:read' });

    expect(await verifyAccessToken({ db: t.db, token: token.access_token })).toEqual({
      kind: 'client',
      tenantId: acme,
      vendorId: null,
      role: 'OPERATOR_STAFF',
      clientId: c.clientId,
      userId: null,
      scopes: ['chargers:read'],
      tokenId: claims.jti,
    });

    const intro = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, token.access_token, opts),
    );
    expect(intro).toMatchObject({ active: true, client_id: c.clientId, scope: 'chargers:read', jti: claims.jti });

    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, token.access_token, opts));
    const after = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, token.access_token, opts),
    );
    expect(after).toEqual({ active: false });
    expect(await verifyAccessToken({ db: t.db, token: token.access_token })).toBeNull();
  });

  it('accepts client_secret_post, and a scope the client does not hold is invalid_scope', async () => {
    const c = await aClient();
    const res = await post('acme', '/api/oauth/token', {
      grant_type: 'client_credentials',
      client_id: c.clientId,
      client_secret: c.secret,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { scope: string }).scope).toBe('chargers:read sessions:read');
    const wide = await tokenFor(c, 'acme', 'chargers:read users:write');
    expect(wide.res.status).toBe(400);
    expect(wide.body.error).toBe('invalid_scope');
    const unknown = await tokenFor(c, 'acme', 'everything');
    expect(unknown.body.error).toBe('invalid_scope');
  });

  it.each([
    ['a wrong secret', (c: { clientId: string }) => basic(c.clientId, 'mgs_wrong')],
    ['an unknown client', () => basic('mgc_nobody', 'mgs_wrong')],
  ])('answers %s with 401 invalid_client and WWW-Authenticate', async (_name, headers) => {
    const c = await aClient();
    const res = await post('acme', '/api/oauth/token', { grant_type: 'client_credentials' }, headers(c));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic /);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(await res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses other grants, bodies that are not forms, oversized bodies and missing client authentication', async () => {
    const c = await aClient();
    const pw = await post('acme', '/api/oauth/token', { grant_type: 'password' }, basic(c.clientId, c.secret));
    expect(pw.status).toBe(400);
    expect(await pw.json()).toMatchObject({ error: 'unsupported_grant_type' });
    const asJson = await hostFetch(`${issuerOf('acme')}/api/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...basic(c.clientId, c.secret) },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    });
    expect(asJson.status).toBe(400);
    expect(await asJson.json()).toMatchObject({ error: 'invalid_request' });
    const big = await post(
      'acme',
      '/api/oauth/token',
      { grant_type: 'client_credentials', pad: 'x'.repeat(9000) },
      basic(c.clientId, c.secret),
    );
    expect(big.status).toBe(413);
    const anonymous = await post('acme', '/api/oauth/token', { grant_type: 'client_credentials' });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic /);
  });

  it('serves a tenant host only its own clients, and introspection never shows another tenant a token', async () => {
    const c = await aClient();
    const wrongHost = await tokenFor(c, 'other');
    expect(wrongHost.res.status).toBe(401);
    const theirs = await aClient({}, other);
    const { body } = await tokenFor(c);
    const res = await post(
      'other',
      '/api/oauth/introspect',
      { token: body.access_token as string },
      basic(theirs.clientId, theirs.secret),
    );
    expect(await res.json()).toEqual({ active: false });
    // Revocation by another client is ignored (200), and the token stays valid.
    const other2 = await aClient();
    const rev = await post(
      'acme',
      '/api/oauth/revoke',
      { token: body.access_token as string },
      basic(other2.clientId, other2.secret),
    );
    expect(rev.status).toBe(200);
    expect(await verifyAccessToken({ db: t.db, token: body.access_token as string })).not.toBeNull();
  });

  it('ends a token at its expiry', async () => {
    const c = await aClient();
    const { body } = await tokenFor(c);
    const token = body.access_token as string;
    expect(await verifyAccessToken({ db: t.db, token, now: new Date(Date.now() + 14 * 60_000) })).not.toBeNull();
    expect(await verifyAccessToken({ db: t.db, token, now: new Date(Date.now() + 16 * 60_000) })).toBeNull();
  });

  it('keeps the old secret working during the overlap window of a rotation, and not after', async () => {
    const c = await aClient();
    const { clientSecret: fresh } = await rotateApiClientSecret({
      db: t.db,
      scope: tenantScope(acme, 'OPERATOR_ADMIN', adminId),
      input: { id: c.id, overlapMs: 3_600_000 },
    });
    expect((await tokenFor(c)).res.status).toBe(200);
    expect((await tokenFor({ clientId: c.clientId, secret: fresh })).res.status).toBe(200);
    const later = (secret: string) =>
      issueClientToken({
        db: t.db,
        keyring,
        issuer: issuerOf('acme'),
        tenantId: acme,
        credentials: { clientId: c.clientId, clientSecret: secret },
        grantType: 'client_credentials',
        scope: undefined,
        address: 'test-later',
        now: new Date(Date.now() + 2 * 3_600_000),
      });
    await expect(later(c.secret)).rejects.toMatchObject({ details: { oauth: 'invalid_client' } });
    await expect(later(fresh)).resolves.toMatchObject({ token_type: 'Bearer' });

    // A rotation without overlap (a leaked secret) ends the old one at once.
    const { clientSecret: third } = await rotateApiClientSecret({
      db: t.db,
      scope: tenantScope(acme, 'OPERATOR_ADMIN', adminId),
      input: { id: c.id, overlapMs: 0 },
    });
    expect((await tokenFor({ clientId: c.clientId, secret: fresh })).res.status).toBe(401);
    expect((await tokenFor({ clientId: c.clientId, secret: third })).res.status).toBe(200);
  });

  it('a disabled client gets no token, and its issued tokens stop working at once', async () => {
    const c = await aClient();
    const { body } = await tokenFor(c);
    const scope = tenantScope(acme, 'OPERATOR_ADMIN', adminId);
    await setApiClientEnabled({ db: t.db, scope, input: { id: c.id, enabled: false } });
    expect(await verifyAccessToken({ db: t.db, token: body.access_token as string })).toBeNull();
    expect((await tokenFor(c)).res.status).toBe(401);
    await setApiClientEnabled({ db: t.db, scope, input: { id: c.id, enabled: true } });
    expect(await verifyAccessToken({ db: t.db, token: body.access_token as string })).not.toBeNull();
  });

  it('a vendor client acts as that vendor', async () => {
    const c = await aClient({ role: 'VENDOR_USER', vendorId, scopes: ['sessions:read'] });
    const { body } = await tokenFor(c);
    expect(await verifyAccessToken({ db: t.db, token: body.access_token as string })).toMatchObject({
      kind: 'client',
      tenantId: acme,
      role: 'VENDOR_USER',
      vendorId,
      scopes: ['sessions:read'],
    });
  });

  it('limits token requests per client with 429 and Retry-After', async () => {
    const c = await aClient();
    await t.db.rateLimitBucket.create({
      data: { key: `oauth-token:client:${c.clientId}`, windowStart: new Date(), count: 60 },
    });
    const res = await post(
      'acme',
      '/api/oauth/token',
      { grant_type: 'client_credentials' },
      basic(c.clientId, c.secret),
    );
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: 'slow_down' });
  });

  it('limits failed client authentications per address, across the endpoints, and not successes', async () => {
    const c = await aClient();
    // Without TRUST_PROXY every caller is one address: successes must not use its budget up.
    const bucket = { key: 'oauth-client-auth:direct', windowStart: new Date(), count: 99 };
    await t.db.rateLimitBucket.upsert({ where: { key: bucket.key }, create: bucket, update: bucket });
    expect((await tokenFor(c)).res.status).toBe(200);
    expect((await tokenFor(c)).res.status).toBe(200);
    const bad = await post('acme', '/api/oauth/introspect', { token: 'x' }, basic(c.clientId, 'mgs_wrong'));
    expect(bad.status).toBe(401);
    const limited = await post('acme', '/api/oauth/revoke', { token: 'x' }, basic(c.clientId, c.secret));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    await t.db.rateLimitBucket.delete({ where: { key: 'oauth-client-auth:direct' } });
  });

  it('after a key rotation, tokens of the old key still verify and the JWKS publishes both keys', async () => {
    const c = await aClient();
    const before = await tokenFor(c);
    const kid = await rotateSigningKey({ db: t.db, keyring });
    const after = await tokenFor(c);
    const header = (tok: unknown) =>
      JSON.parse(Buffer.from(String(tok).split('.')[0]!, 'base64url').toString()) as { kid: string };
    expect(header(after.body.access_token).kid).toBe(kid);
    expect(header(before.body.access_token).kid).not.toBe(kid);
    expect(await verifyAccessToken({ db: t.db, token: before.body.access_token as string })).not.toBeNull();
    const jwks = (await (await hostFetch(`${issuerOf('acme')}/api/oauth/jwks`)).json()) as {
      keys: { kid: string; d?: string }[];
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual(expect.arrayContaining([kid, header(before.body.access_token).kid]));
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);
  });
});

describe('the API host', () => {
  it('api.{platform} issues tokens to any tenant’s client, under its own issuer', async () => {
    const mine = await aClient();
    const theirs = await aClient({}, other);
    const as = await discover('api');
    expect(as.issuer).toBe(issuerOf('api'));
    for (const [c, tenant] of [
      [mine, acme],
      [theirs, other],
    ] as const) {
      const { res, body } = await tokenFor(c, 'api');
      expect(res.status).toBe(200);
      expect(await verifyAccessToken({ db: t.db, token: body.access_token as string })).toMatchObject({
        tenantId: tenant,
      });
    }
  });

  it('an unknown tenant host gets 404 from every endpoint', async () => {
    const res = await hostFetch(`${issuerOf('nobody')}/.well-known/oauth-authorization-server`);
    expect(res.status).toBe(404);
    expect((await post('nobody', '/api/oauth/token', { grant_type: 'client_credentials' })).status).toBe(404);
  });

  it('a signing key older than 30 days is retired for a new one, and its tokens still verify', async () => {
    const c = await aClient();
    const old = await tokenFor(c);
    const later = new Date(Date.now() + 31 * 86_400_000);
    const { kid } = await activeSigningKey({ db: t.db, keyring, now: later });
    const kidOf = (tok: unknown) =>
      (JSON.parse(Buffer.from(String(tok).split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    expect(kid).not.toBe(kidOf(old.body.access_token));
    expect(await verifyAccessToken({ db: t.db, token: old.body.access_token as string })).not.toBeNull();
    expect(
      (await t.db.oAuthSigningKey.findUniqueOrThrow({ where: { kid: kidOf(old.body.access_token) } })).retiredAt,
    ).not.toBeNull();
  });
});

describe('personal API tokens', () => {
  it('act with the user’s current role, and stop when revoked, expired or the membership ends', async () => {
    const user = (await t.db.user.create({ data: { email: 'staff@acme.in' } })).id;
    const m = await t.db.membership.create({ data: { userId: user, tenantId: acme, role: 'OPERATOR_STAFF' } });
    const scope = tenantScope(acme, 'OPERATOR_STAFF', user);
    const { token, secret } = await createPersonalToken({
      db: t.db,
      scope,
      input: { name: 'script', scopes: ['chargers:read'], expiresInDays: 30 },
    });
    expect(secret.startsWith(token.prefix)).toBe(true);
    expect(await verifyAccessToken({ db: t.db, token: secret })).toEqual({
      kind: 'personal',
      tenantId: acme,
      vendorId: null,
      role: 'OPERATOR_STAFF',
      clientId: null,
      userId: user,
      scopes: ['chargers:read'],
      tokenId: token.id,
    });
    expect(
      await verifyAccessToken({ db: t.db, token: secret, now: new Date(Date.now() + 31 * 86_400_000) }),
    ).toBeNull();
    expect(
      await verifyAccessToken({ db: t.db, token: secret.slice(0, -1) + (secret.endsWith('A') ? 'B' : 'A') }),
    ).toBeNull();
    await t.db.membership.update({ where: { id: m.id }, data: { role: 'VENDOR_USER', vendorId } });
    expect(await verifyAccessToken({ db: t.db, token: secret })).toMatchObject({ role: 'VENDOR_USER', vendorId });
    await revokePersonalToken({ db: t.db, scope, input: { id: token.id } });
    expect(await verifyAccessToken({ db: t.db, token: secret })).toBeNull();
  });
});
