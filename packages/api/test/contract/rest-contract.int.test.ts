import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { PLATFORM_DOMAIN } from '../builders.ts';
import { buildContractFixture, type ContractFixture } from './fixture.ts';
import { ROUTES, type Input, type RouteCase } from './routes.ts';
import { exampleOf, examplesModule, type RouteExample } from './examples.ts';

// The contract of /api/v1, table-driven from the served OpenAPI document: every route is called by
// each kind of credential (operator admin, staff, vendor-scoped client, another tenant's client, no
// token, an expired token, a token without the route's scope) and answers with the right status;
// every 2xx body validates against the route's response schema in the document (ajv, JSON Schema
// 2020-12 as OpenAPI 3.1 uses); every error is problem+json; no answer to tenant A carries tenant
// B's ids, nor to vendor A-One's client vendor A-Two's. A route without an entry in ROUTES fails.

type Operation = {
  security?: { oauth2?: string[] }[];
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};
type Doc = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

let t: TestDatabase;
let f: ContractFixture;
let doc: Doc;
let ajv: Ajv2020;
/** The first 2xx answer of each route (an admin's where it has one), for the document's examples. */
const answered: Record<string, RouteExample> = {};

beforeAll(async () => {
  t = await createTestDatabase();
  f = await buildContractFixture(t.db);
  doc = (await f.call('GET', '/openapi.json')).body as Doc;
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
}, 120_000);
afterAll(async () => t?.drop());

const served = () =>
  Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path })),
  );

function urlOf(path: string, input: Input): string {
  let url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = input.path?.[name];
    if (value === undefined) throw new Error(`${path}: no value for {${name}}`);
    return encodeURIComponent(value);
  });
  if (input.query) url += `?${new URLSearchParams(input.query).toString()}`;
  return url;
}

/** The body a 2xx must match: the response schema in the served document, its $refs resolved there. */
function validatorFor(method: string, path: string) {
  const schema = doc.paths[path]![method.toLowerCase()]!.responses['200']?.content?.['application/json']?.schema;
  if (!schema) return null;
  const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as object;
  return ajv.compile(rewritten);
}

type Answer = Awaited<ReturnType<ContractFixture['call']>>;

function expectProblem(a: Answer, status: number, label: string) {
  expect(a.status, `${label}: ${JSON.stringify(a.body)}`).toBe(status);
  expect(a.contentType, label).toBe('application/problem+json');
  expect(a.body, label).toMatchObject({ status, type: expect.stringMatching(/^https:\/\//), code: expect.any(String) });
}

function expectNoIds(a: Answer, ids: string[], label: string) {
  const text = JSON.stringify(a.body);
  const leaked = ids.filter((id) => text.includes(id));
  expect(leaked, `${label} leaks foreign ids`).toEqual([]);
}

describe('/api/v1 contract: every route, every kind of caller', () => {
  it('has a table entry for every route the document serves, and none for a route that is gone', () => {
    const keys = served().map((r) => r.key);
    expect(
      keys.filter((k) => !(k in ROUTES)),
      'routes without a contract entry',
    ).toEqual([]);
    expect(
      Object.keys(ROUTES).filter((k) => !keys.includes(k)),
      'entries for routes that are gone',
    ).toEqual([]);
  });

  it('answers each route as its table says, with bodies that match the document', async () => {
    const failures: string[] = [];
    let validated = 0;
    // Deletions last: the rows they remove are other routes' inputs.
    const routes = served().sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
    for (const { key, method, path } of routes) {
      const c: RouteCase | undefined = ROUTES[key];
      if (!c) continue;
      try {
        validated += await checkRoute({ method, path, c, key });
      } catch (e) {
        failures.push(`${key}: ${(e as Error).message.split('\n').slice(0, 6).join(' | ')}`);
      }
    }
    expect(failures).toEqual([]);
    // Most routes answer an allowed caller with a 2xx whose body was checked against the document.
    expect(validated).toBeGreaterThan(100);
    // `RECORD_API_EXAMPLES=1` writes these real answers as the OpenAPI document's examples
    // (src/openapi/examples.generated.ts); document.test.ts validates them against the schemas.
    if (process.env.RECORD_API_EXAMPLES) {
      writeFileSync(new URL('../../src/openapi/examples.generated.ts', import.meta.url), examplesModule(answered));
    }
  }, 300_000);
});

describe('acknowledging a fault with a client-credentials token', () => {
  it('acknowledges as the API client, which the fault, the audit log and GET /activity name as the actor', async () => {
    const fault = await t.db.fault.create({
      data: {
        tenantId: f.w.A.id,
        chargerId: f.w.ca1.id,
        vendorId: f.w.ca1.vendorId,
        kind: 'CONNECTOR_ERROR',
        code: 'HighTemperature',
        startedAt: new Date(),
      },
    });
    const clientId = clientIdOf(f.tokens.admin);
    const a = await f.call('POST', `/faults/${fault.id}/acknowledge`, { token: f.tokens.admin, body: {} });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    expect(a.body).toMatchObject({ id: fault.id, acknowledgedById: null, acknowledgedByClientId: clientId });
    const row = await t.db.fault.findUniqueOrThrow({ where: { id: fault.id } });
    expect(row).toMatchObject({ acknowledgedById: null, acknowledgedByClientId: clientId });
    expect(row.acknowledgedAt).toBeInstanceOf(Date);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'fault.acknowledge', entityId: fault.id } });
    expect(audit).toMatchObject({ tenantId: f.w.A.id, actorUserId: null, actorClientId: clientId });

    const again = await f.call('POST', `/faults/${fault.id}/acknowledge`, { token: f.tokens.staff, body: {} });
    expectProblem(again, 409, 'a second acknowledgement');

    const activity = await f.call('GET', '/activity?action=fault', { token: f.tokens.admin });
    const entries = (activity.body as { items: { entityId: string; actorClientId: string | null }[] }).items;
    expect(entries.find((e) => e.entityId === fault.id)).toMatchObject({ actorClientId: clientId });
  });
});

/** The public client_id a client-credentials access token (a JWT) was issued to. */
function clientIdOf(token: string): string {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { client_id: string };
  return claims.client_id;
}

async function checkRoute({ method, path, c, key }: { method: string; path: string; c: RouteCase; key: string }) {
  const input = c.input?.(f) ?? {};
  const url = urlOf(path, input);
  const as = (token: string | undefined, i: Input = input, host?: string) =>
    f.call(method, urlOf(path, i), {
      token,
      body: i.body ?? (method === 'GET' || method === 'DELETE' ? undefined : {}),
      host,
    });
  const ok = c.ok ?? 200;
  const validate = validatorFor(method, path);
  let validated = 0;
  const expectOk = (a: Answer, status: number, label: string, foreignIds: string[]) => {
    if (status >= 400) return expectProblem(a, status, label);
    const body = method === 'GET' || method === 'DELETE' ? undefined : (input.body ?? {});
    if (!answered[key] || label.includes('as admin')) answered[key] = exampleOf(body, a.body);
    expect(a.status, `${label}: ${JSON.stringify(a.body)}`).toBe(status);
    expect(a.contentType, label).toBe('application/json');
    if (validate && !validate(a.body)) {
      throw new Error(`${label}: body does not match the document: ${ajv.errorsText(validate.errors)}`);
    }
    expectNoIds(a, foreignIds, label);
    validated++;
  };

  // No credentials, a token past its expiry, garbage: 401 with a Bearer challenge.
  const scope = doc.paths[path]![method.toLowerCase()]!.security?.[0]?.oauth2?.[0] ?? '';
  const [none, expired, wrong, otherHost] = await Promise.all([
    as(undefined),
    as(f.tokens.expired),
    // A write route with every read scope; a read route with another resource's scope only.
    as(scope.endsWith(':write') ? f.tokens.readOnly : scope === 'sites:read' ? f.tokens.auditOnly : f.tokens.sitesOnly),
    // Tenant B's client on tenant A's host.
    as(f.tokens.otherTenant),
  ]);
  expectProblem(none, 401, `${key} without a token`);
  expect(none.headers.get('www-authenticate'), key).toMatch(/^Bearer/);
  expectProblem(expired, 401, `${key} with an expired token`);
  expectProblem(wrong, 403, `${key} without its scope`);
  expect(wrong.headers.get('www-authenticate'), key).toContain('insufficient_scope');
  expectProblem(otherHost, 403, `${key} with another tenant's token on this tenant's host`);

  // Tenant B's client on the API host (its own tenant) naming tenant A's rows: nothing of A.
  if (c.input && path.includes('{')) {
    const viaApi = await as(f.tokens.otherTenant, input, `api.${PLATFORM_DOMAIN}`);
    // (A route that refuses every client token says so first.)
    expectProblem(viaApi, ok === 401 ? 401 : 404, `${key} by another tenant naming this tenant's row`);
  }

  // Vendor-scoped client.
  if (c.who === 'member') {
    if (c.vendorForeign)
      expectProblem(await as(f.tokens.vendor, c.vendorForeign(f)), 404, `${key} vendor, A-Two's row`);
    if (c.foreign) expectProblem(await as(f.tokens.vendor, c.foreign(f)), 404, `${key} vendor, tenant B's row`);
    expectOk(await as(f.tokens.vendor), c.vendor ?? ok, `${key} as vendor`, [...f.tenantBIds, ...f.vendorA2Ids]);
  } else {
    expectProblem(await as(f.tokens.vendor), 403, `${key} as vendor`);
  }

  // Staff: refused on admin routes; elsewhere allowed (on tenant B's row where one is named, so a
  // write by staff changes nothing the admin's call below relies on).
  if (c.who === 'admin') {
    expectProblem(await as(f.tokens.staff), 403, `${key} as staff`);
  } else if (c.foreign) {
    expectProblem(await as(f.tokens.staff, c.foreign(f)), 404, `${key} as staff, tenant B's row`);
  } else {
    expectOk(await as(f.tokens.staff), ok, `${key} as staff`, f.tenantBIds);
  }

  // Operator admin: tenant B's row is not found; its own call answers as the table says.
  if (c.foreign) expectProblem(await as(f.tokens.admin, c.foreign(f)), 404, `${key} as admin, tenant B's row`);
  expectOk(await as(f.tokens.admin), ok, `${key} as admin (${url})`, f.tenantBIds);
  // A route that answers the fixture with an error only still has a real, valid request body.
  if (!answered[key] && method !== 'GET' && method !== 'DELETE') answered[key] = exampleOf(input.body ?? {}, undefined);
  return validated;
}
