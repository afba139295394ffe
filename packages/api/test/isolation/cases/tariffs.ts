import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { publishTariffVersion } from '@magma/core/tariffs';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';
import { walkPages } from '../pages.ts';

// Tariffs are operator rows. Vendor users read the ones that apply to their sites (fleet-wide and
// their own sites'), never another vendor's site tariff; only operator admins change them.

const flat = (priceMinor: number) => ({
  elements: [{ label: 'Standard', components: [{ dimension: 'ENERGY' as const, priceMinor }] }],
});

async function aTariff(
  db: Db,
  tenantId: string,
  opts: { siteId?: string | null; name?: string; priceMinor?: number } = {},
) {
  const v = await publishTariffVersion({
    db,
    tenantId,
    name: opts.name ?? `Tariff ${Math.random().toString(36).slice(2, 8)}`,
    siteId: opts.siteId ?? null,
    definition: flat(opts.priceMinor ?? 1800),
    activeFrom: new Date('2020-01-01T00:00:00Z'),
  });
  return { id: v.tariffId, versionId: v.versionId };
}

/** A fleet-wide tariff of A, one per vendor site of A, and one of B. */
async function tariffs(w: Parameters<Cases[string]>[0], db: Db) {
  const [fleetA, siteA1, siteA2, fleetB] = await Promise.all([
    aTariff(db, w.A.id),
    aTariff(db, w.A.id, { siteId: w.sa1.id }),
    aTariff(db, w.A.id, { siteId: w.sa2.id }),
    aTariff(db, w.B.id),
  ]);
  return { fleetA, siteA1, siteA2, fleetB };
}

async function versionsOf(db: Db, tariffId: string) {
  return db.tariffVersion.count({ where: { tariffId } });
}

export const cases: Cases = {
  'tariffs.list': async (w, db) => {
    const t = await tariffs(w, db);
    const all = ids(await w.callers.adminA.tariffs.list());
    expect(all).toEqual(expect.arrayContaining([t.fleetA.id, t.siteA1.id, t.siteA2.id]));
    expect(all).not.toContain(t.fleetB.id);
    const vendor = ids(await w.callers.vendorA1.tariffs.list());
    expect(vendor).toEqual(expect.arrayContaining([t.fleetA.id, t.siteA1.id]));
    expect(vendor).not.toContain(t.siteA2.id);
    expect(vendor).not.toContain(t.fleetB.id);
  },
  'tariffs.page': async (w, db) => {
    const t = await tariffs(w, db);
    const all = await walkPages((i) => w.callers.adminA.tariffs.page(i));
    expect(all).toEqual(expect.arrayContaining([t.fleetA.id, t.siteA1.id, t.siteA2.id]));
    expect(all).not.toContain(t.fleetB.id);
    const vendor = await walkPages((i) => w.callers.vendorA1.tariffs.page(i));
    expect(vendor).toEqual(expect.arrayContaining([t.fleetA.id, t.siteA1.id]));
    expect(vendor).not.toContain(t.siteA2.id);
    expect(vendor).not.toContain(t.fleetB.id);
  },
  'tariffs.get': async (w, db) => {
    const t = await tariffs(w, db);
    expect((await w.callers.vendorA1.tariffs.get({ id: t.siteA1.id })).versions).toHaveLength(1);
    expect((await w.callers.staffA.tariffs.get({ id: t.siteA2.id })).id).toBe(t.siteA2.id);
    await rejects(w.callers.adminA.tariffs.get({ id: t.fleetB.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.tariffs.get({ id: t.siteA2.id }), ['NOT_FOUND']);
  },
  'tariffs.preview': async (w) => {
    const r = await w.callers.staffA.tariffs.preview({ definition: flat(1000) });
    expect(r.ok && r.results.map((x) => x.subtotalMinor)).toEqual([20_000, 56_000, 40_000]);
    await rejects(w.callers.vendorA1.tariffs.preview({ definition: flat(1000) }), ['FORBIDDEN']);
  },
  'tariffs.publish': async (w, db) => {
    const t = await tariffs(w, db);
    await rejects(w.callers.adminA.tariffs.publish({ tariffId: t.fleetB.id, definition: flat(1) }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.tariffs.publish({ name: 'On B', siteId: w.sb1.id, definition: flat(1) }), [
      'NOT_FOUND',
    ]);
    expect(await versionsOf(db, t.fleetB.id)).toBe(1);
    expect(await db.tariff.count({ where: { name: 'On B' } })).toBe(0);
    await adminOnly((c) => c.tariffs.publish({ tariffId: t.siteA1.id, definition: flat(1) }))(w);
    expect(await versionsOf(db, t.siteA1.id)).toBe(1);
    expect((await w.callers.adminA.tariffs.publish({ tariffId: t.fleetA.id, definition: flat(1900) })).version).toBe(2);
  },
  'tariffs.assign': async (w, db) => {
    const t = await tariffs(w, db);
    await rejects(
      w.callers.adminA.tariffs.assign({ id: t.fleetB.id, siteId: null, connectorType: null, priority: 9 }),
      ['NOT_FOUND'],
    );
    await rejects(
      w.callers.adminA.tariffs.assign({ id: t.fleetA.id, siteId: w.sb1.id, connectorType: null, priority: 9 }),
      ['NOT_FOUND'],
    );
    expect((await db.tariff.findUniqueOrThrow({ where: { id: t.fleetB.id } })).priority).toBe(0);
    expect((await db.tariff.findUniqueOrThrow({ where: { id: t.fleetA.id } })).siteId).toBeNull();
    await adminOnly((c) => c.tariffs.assign({ id: t.siteA1.id, siteId: null, connectorType: null, priority: 9 }))(w);
    expect((await db.tariff.findUniqueOrThrow({ where: { id: t.siteA1.id } })).siteId).toBe(w.sa1.id);
    const moved = await w.callers.adminA.tariffs.assign({
      id: t.fleetA.id,
      siteId: w.sa2.id,
      connectorType: 'CCS2',
      priority: 5,
    });
    expect(moved).toMatchObject({ siteId: w.sa2.id, connectorType: 'CCS2', priority: 5 });
  },
  'tariffs.archive': async (w, db) => {
    const t = await tariffs(w, db);
    await rejects(w.callers.adminA.tariffs.archive({ id: t.fleetB.id }), ['NOT_FOUND']);
    expect((await db.tariff.findUniqueOrThrow({ where: { id: t.fleetB.id } })).archived).toBe(false);
    await adminOnly((c) => c.tariffs.archive({ id: t.siteA1.id }))(w);
    expect((await db.tariff.findUniqueOrThrow({ where: { id: t.siteA1.id } })).archived).toBe(false);
    expect(await w.callers.adminA.tariffs.archive({ id: t.siteA2.id })).toEqual({ id: t.siteA2.id, archived: true });
  },
};
