import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { scopedDb, TENANT_MODELS } from './scoped-db.ts';
import { tenantScope, vendorScope } from './scope.ts';

// The scoped client against real PostgreSQL: reads see only the scope's rows, writes cannot name
// another tenant or vendor, and a vendor scope cannot see operator-only models at all.

let t: TestDatabase;
let ids: {
  A: string;
  B: string;
  v1: string;
  v2: string;
  sA1: string;
  sA2: string;
  sB: string;
  cA1: string;
  cA2: string;
  cB: string;
};

beforeAll(async () => {
  t = await createTestDatabase();
  const db = t.db;
  const [A, B] = await Promise.all([
    db.tenant.create({ data: { slug: 'sa', name: 'A' } }),
    db.tenant.create({ data: { slug: 'sb', name: 'B' } }),
  ]);
  const [v1, v2] = await Promise.all([
    db.vendor.create({ data: { tenantId: A.id, name: 'V1', legalName: 'V1' } }),
    db.vendor.create({ data: { tenantId: A.id, name: 'V2', legalName: 'V2' } }),
  ]);
  const site = (tenantId: string, vendorId: string | null, name: string) =>
    db.site.create({ data: { tenantId, vendorId, name, address: 'x', city: 'Pune', state: 'MH' } });
  const [sA1, sA2, sB] = await Promise.all([site(A.id, v1.id, 'A1'), site(A.id, v2.id, 'A2'), site(B.id, null, 'B')]);
  const charger = (s: { id: string; tenantId: string; vendorId: string | null }, identity: string) =>
    db.charger.create({ data: { tenantId: s.tenantId, siteId: s.id, vendorId: s.vendorId, identity } });
  const [cA1, cA2, cB] = await Promise.all([charger(sA1, 'S-A1'), charger(sA2, 'S-A2'), charger(sB, 'S-B')]);
  await db.evse.create({ data: { tenantId: A.id, chargerId: cA2.id, evseId: 1 } });
  ids = {
    A: A.id,
    B: B.id,
    v1: v1.id,
    v2: v2.id,
    sA1: sA1.id,
    sA2: sA2.id,
    sB: sB.id,
    cA1: cA1.id,
    cA2: cA2.id,
    cB: cB.id,
  };
});
afterAll(async () => t?.drop());

describe('scopedDb', () => {
  it('reads only the tenant’s rows, through every kind of query', async () => {
    const a = scopedDb(t.db, tenantScope(ids.A));
    expect((await a.charger.findMany()).map((c) => c.identity).sort()).toEqual(['S-A1', 'S-A2']);
    expect(await a.charger.count()).toBe(2);
    expect(await a.charger.findUnique({ where: { id: ids.cB } })).toBeNull();
    expect(await a.charger.findFirst({ where: { identity: 'S-B' } })).toBeNull();
    expect(await a.site.findMany({ where: { OR: [{ id: ids.sB }, { id: ids.sA1 }] } })).toHaveLength(1);
    expect((await a.site.groupBy({ by: ['tenantId'], _count: true })).map((g) => g.tenantId)).toEqual([ids.A]);
    expect((await a.tenant.findMany()).map((x) => x.id)).toEqual([ids.A]);
  });

  it('updates and deletes nothing of another tenant', async () => {
    const a = scopedDb(t.db, tenantScope(ids.A));
    expect((await a.charger.updateMany({ where: { id: ids.cB }, data: { model: 'x' } })).count).toBe(0);
    await expect(a.charger.update({ where: { id: ids.cB }, data: { model: 'x' } })).rejects.toThrow();
    expect((await a.site.deleteMany({ where: { id: ids.sB } })).count).toBe(0);
    expect(await t.db.site.findUnique({ where: { id: ids.sB } })).not.toBeNull();
  });

  it('stamps its tenant on creates and refuses rows naming another tenant', async () => {
    const a = scopedDb(t.db, tenantScope(ids.A));
    const v = await a.vendor.create({ data: { name: 'New', legalName: 'New' } as never });
    expect(v.tenantId).toBe(ids.A);
    await expect(a.vendor.create({ data: { tenantId: ids.B, name: 'X', legalName: 'X' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(a.vendor.createMany({ data: [{ tenantId: ids.B, name: 'X', legalName: 'X' }] })).rejects.toMatchObject(
      { code: 'FORBIDDEN' },
    );
    await expect(a.charger.updateMany({ where: { id: ids.cA1 }, data: { tenantId: ids.B } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(a.tenant.create({ data: { slug: 'zz', name: 'zz' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('limits a vendor scope to its vendor, including through relations', async () => {
    const v1 = scopedDb(t.db, vendorScope(ids.A, ids.v1));
    expect((await v1.charger.findMany()).map((c) => c.id)).toEqual([ids.cA1]);
    expect((await v1.vendor.findMany()).map((v) => v.id)).toEqual([ids.v1]);
    expect(await v1.evse.count()).toBe(0); // the only EVSE belongs to V2's charger
    expect(await scopedDb(t.db, vendorScope(ids.A, ids.v2)).evse.count()).toBe(1);
    expect((await v1.charger.updateMany({ where: { id: ids.cA2 }, data: { model: 'x' } })).count).toBe(0);
    await expect(
      v1.charger.create({ data: { tenantId: ids.A, vendorId: ids.v2, identity: 'S-X' } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('keeps operator-only models and user writes away from vendor scopes', async () => {
    const v1 = scopedDb(t.db, vendorScope(ids.A, ids.v1));
    await expect(v1.tenantDomain.findMany()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(v1.tariff.findMany()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(scopedDb(t.db, tenantScope(ids.A)).user.create({ data: { email: 'x@y.z' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('knows how to scope every model of the schema', () => {
    // A new model must be classified in TENANT_MODELS (or listed here as platform-level).
    const models = Object.values(Prisma.ModelName) as string[];
    const known = new Set(Object.keys(TENANT_MODELS));
    const platformOnly = new Set([
      'RateLimitBucket',
      'PaymentEvent',
      'Refund',
      'RelayInstance',
      'OAuthSigningKey',
      'RevokedToken',
      'ApiRateLimit',
      'ApiIdempotencyKey',
      'PowerRollupState',
    ]);
    expect(models.filter((m) => !known.has(m) && !platformOnly.has(m))).toEqual([]);
  });
});
