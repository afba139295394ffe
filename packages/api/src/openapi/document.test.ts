import { describe, expect, it } from 'vitest';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { API_SCOPES } from '@magma/core/oauth';
import { appRouter } from '../root.ts';
import { createOpenApiDocument } from './document.ts';
import { matchRoute, restRoutes } from './routes.ts';

const doc = createOpenApiDocument({
  baseUrl: 'https://demo.example.in/api/v1',
  tokenUrl: 'https://demo.example.in/api/oauth/token',
});

type Media = { schema?: unknown; example?: unknown };
type Operation = {
  security?: { oauth2?: string[] }[];
  responses: Record<string, { content?: Record<string, Media> }>;
  parameters?: { name: string }[];
  requestBody?: { content?: Record<string, Media> };
};
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, op]) => ({
    key: `${method.toUpperCase()} ${path}`,
    op,
  })),
);

describe('the OpenAPI document of /api/v1', () => {
  it('validates against the OpenAPI 3.1 schema (a third-party validator)', async () => {
    const validator = new Validator();
    const res = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(res.errors ?? []).toEqual([]);
    expect(res.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('lists exactly the routes the server serves: every procedure with openapi meta, nothing else', () => {
    const withMeta: string[] = [];
    for (const [path, procedure] of Object.entries(appRouter._def.procedures)) {
      const meta = (procedure as unknown as { _def: { meta?: { openapi?: { method: string; path: string } } } })._def
        .meta;
      if (meta?.openapi) withMeta.push(`${meta.openapi.method} ${meta.openapi.path} ${path}`);
    }
    const served = restRoutes().map((r) => `${r.method} ${r.path} ${r.procedure}`);
    expect([...served].sort()).toEqual([...withMeta].sort());
    expect(operations.map((o) => o.key).sort()).toEqual(
      restRoutes()
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(restRoutes().length).toBeGreaterThan(50);
  });

  it('asks for scopes the OAuth server issues', () => {
    for (const r of restRoutes()) expect(API_SCOPES, r.procedure).toContain(r.scope);
  });

  it('names the scope of each route, problem details for errors, and Idempotency-Key where it applies', () => {
    for (const { key, op } of operations) {
      const route = restRoutes().find((r) => `${r.method} ${r.path}` === key)!;
      expect(op.security?.[0]?.oauth2, key).toEqual([route.scope]);
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['200', '401', '403', '429']));
      expect(JSON.stringify(op.responses['404']), key).toContain('#/components/schemas/Problem');
      expect(op.parameters?.some((p) => p.name === 'Idempotency-Key') ?? false, key).toBe(route.idempotent);
    }
    expect(doc.components?.securitySchemes?.oauth2).toMatchObject({
      type: 'oauth2',
      flows: { clientCredentials: { tokenUrl: 'https://demo.example.in/api/oauth/token' } },
    });
    expect(doc.servers).toEqual([{ url: 'https://demo.example.in/api/v1' }]);
  });

  it.each([
    ['GET', '/chargers/import', 'charger.get'], // then 400: not a uuid
    ['POST', '/chargers/import', 'charger.import'],
    ['GET', '/chargers/8e0b3bb8-8d43-4a2c-9d63-6f1d7a3c2b10', 'charger.get'],
    ['GET', '/chargers/8e0b3bb8-8d43-4a2c-9d63-6f1d7a3c2b10/detail', 'chargers.detail'],
    ['POST', '/chargers/8e0b3bb8-8d43-4a2c-9d63-6f1d7a3c2b10/commands', 'chargers.action'],
    ['DELETE', '/sessions', null],
  ])('%s %s is served by %s', (method, path, procedure) => {
    const m = matchRoute(method, path);
    expect(m.route?.procedure ?? null).toBe(procedure);
  });
});

describe('the examples in the document', () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'doc', components: doc.components }, 'doc');
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
  const check = (schema: unknown, example: unknown) => {
    const text = JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/');
    const validate = compiled.get(text) ?? ajv.compile(JSON.parse(text) as object);
    compiled.set(text, validate);
    return validate(example) ? null : ajv.errorsText(validate.errors);
  };
  const media = operations.flatMap(({ key, op }) => [
    ...Object.entries(op.responses).flatMap(([status, r]) =>
      Object.entries(r.content ?? {}).map(([type, m]) => ({ label: `${key} ${status} ${type}`, m })),
    ),
    ...Object.entries(op.requestBody?.content ?? {}).map(([type, m]) => ({ label: `${key} request ${type}`, m })),
  ]);

  it('match their schemas (ajv, JSON Schema 2020-12), so an example cannot drift from its route', () => {
    const wrong = media
      .filter(({ m }) => m.example !== undefined && m.schema)
      .map(({ label, m }) => [label, check(m.schema, m.example)] as const)
      .filter(([, error]) => error !== null);
    expect(wrong).toEqual([]);
  }, 60_000);

  it('every operation has a response example, and every error response a problem example', () => {
    for (const { key, op } of operations) {
      const examples = Object.values(op.responses).filter((r) =>
        Object.values(r.content ?? {}).some((m) => m.example !== undefined),
      );
      expect(examples.length, key).toBeGreaterThan(0);
      for (const [status, r] of Object.entries(op.responses)) {
        if (status !== '200')
          expect(r.content?.['application/problem+json']?.example, `${key} ${status}`).toBeDefined();
      }
    }
  });

  it('has a recorded 200 example for nearly every operation, and a request example for every JSON body that has one', () => {
    const ok = operations.filter(({ op }) => op.responses['200']?.content?.['application/json']?.example !== undefined);
    // The routes without one answer the contract fixture with an error only (offline chargers, a
    // charger of the wrong OCPP version, a payout rail the tenant cannot use): listed in the README.
    expect(ok.length / operations.length).toBeGreaterThan(0.9);
    const bodies = operations.filter(({ op }) => op.requestBody?.content?.['application/json']);
    const withExample = bodies.filter(({ op }) => op.requestBody!.content!['application/json']!.example !== undefined);
    expect(withExample.length / bodies.length).toBeGreaterThan(0.9);
  });

  it('a wrong example is caught', () => {
    const route = operations.find(({ key }) => key === 'GET /vendors')!;
    const schema = route.op.responses['200']!.content!['application/json']!.schema;
    expect(check(schema, { items: [{ id: 1 }], nextCursor: null })).not.toBeNull();
  });
});
