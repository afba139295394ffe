import { expect } from 'vitest';
import { callerFor, hostOf, testServices } from '../../builders.ts';
import { adminOnly, idleBus, rejects, type Cases } from '../world.ts';

// Cards of tenant B (and of another vendor) are never listed or changed from tenant A.
async function cardsOf(db: Parameters<Cases[string]>[1], w: Parameters<Cases[string]>[0]) {
  const stamp = Date.now();
  const [a, aVendor, b] = await Promise.all([
    db.idToken.create({ data: { tenantId: w.A.id, token: `A-CARD-${stamp}` } }),
    db.idToken.create({ data: { tenantId: w.A.id, vendorId: w.a2.id, token: `A2-CARD-${stamp}` } }),
    db.idToken.create({ data: { tenantId: w.B.id, token: `B-CARD-${stamp}` } }),
  ]);
  return { a, aVendor, b };
}

export const cases: Cases = {
  'idTokens.list': async (w, db) => {
    const { a, aVendor, b } = await cardsOf(db, w);
    const seen = (await w.callers.adminA.idTokens.list({ limit: 500 })).tokens.map((t) => t.id);
    expect(seen).toEqual(expect.arrayContaining([a.id, aVendor.id]));
    expect(seen).not.toContain(b.id);
    const asVendor = (await w.callers.vendorA1.idTokens.list({ limit: 500 })).tokens.map((t) => t.id);
    expect(asVendor).not.toContain(aVendor.id);
    expect(asVendor).not.toContain(a.id);
  },
  'idTokens.page': async (w, db) => {
    const { a, aVendor, b } = await cardsOf(db, w);
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.idTokens.page({ limit: 2, cursor });
      walked.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([a.id, aVendor.id]));
    expect(walked).not.toContain(b.id);
    expect(new Set(walked).size).toBe(walked.length);
    const asVendor = (await w.callers.vendorA1.idTokens.page({ limit: 500 })).items.map((t) => t.id);
    expect(asVendor).not.toContain(aVendor.id);
    expect(asVendor).not.toContain(a.id);
  },
  'idTokens.count': async (w, db) => {
    const { aVendor } = await cardsOf(db, w);
    // Counts follow the list's scope: B's card never counts for A, A-Two's never for vendor A-One.
    const q = aVendor.token.slice(3); // "CARD-<stamp>": one card in each tenant and vendor
    expect(await w.callers.adminA.idTokens.count({ q })).toEqual({ total: 2 });
    expect(await w.callers.vendorA1.idTokens.count({ q })).toEqual({ total: 0 });
    expect(await w.callers.vendorA1.idTokens.count({ q, vendorId: w.a2.id })).toEqual({ total: 0 });
    expect(await w.callers.adminA.idTokens.count({ q, vendorId: w.a2.id })).toEqual({ total: 1 });
  },
  'idTokens.create': async (w, db) => {
    // The same id in two tenants is two cards: B's does not block A's.
    const token = `SHARED-${Date.now()}`;
    await db.idToken.create({ data: { tenantId: w.B.id, token } });
    const created = await w.callers.adminA.idTokens.create({ token: token.toLowerCase() });
    expect((await db.idToken.findUniqueOrThrow({ where: { id: created.id } })).tenantId).toBe(w.A.id);
    await adminOnly((c) => c.idTokens.create({ token: `NOPE-${Date.now()}` }))(w);
  },
  'idTokens.import': async (w, db) => {
    // A card B already has is no obstacle in A, and the import lands in A only.
    const token = `IMPORTED-${Date.now()}`;
    await db.idToken.create({ data: { tenantId: w.B.id, token } });
    expect(await w.callers.adminA.idTokens.import({ csv: `token,label\n${token},Shared id\n` })).toEqual({
      created: 1,
      errors: [],
    });
    expect((await db.idToken.findMany({ where: { token } })).map((t) => t.tenantId).sort()).toEqual(
      [w.A.id, w.B.id].sort(),
    );
    await adminOnly((c) => c.idTokens.import({ csv: `token\nNOPE-${Date.now()}\n` }))(w);
  },
  'idTokens.pushToChargers': async (w, db) => {
    // Tenant B's charger is online, tenant A's are not: A's push sends nothing, to anyone.
    await db.charger.update({ where: { id: w.cb1.id }, data: { online: true } });
    const admin = await callerFor(db, {
      host: hostOf(w.A),
      userId: w.adminA.id,
      services: { ...testServices(), bus: idleBus },
    });
    try {
      expect(await admin.idTokens.pushToChargers()).toEqual({ sent: 0, accepted: 0, refused: [] });
      expect(await db.chargerCommand.count({ where: { chargerId: w.cb1.id } })).toBe(0);
    } finally {
      await db.charger.update({ where: { id: w.cb1.id }, data: { online: false } });
    }
    await adminOnly((c) => c.idTokens.pushToChargers())(w);
  },
  'idTokens.update': async (w, db) => {
    const { a, b } = await cardsOf(db, w);
    await rejects(w.callers.adminA.idTokens.update({ id: b.id, patch: { status: 'BLOCKED' } }), ['NOT_FOUND']);
    expect((await db.idToken.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('ACCEPTED');
    await adminOnly((c) => c.idTokens.update({ id: a.id, patch: { status: 'BLOCKED' } }))(w);
  },
};
