import { expect } from 'vitest';
import type { Db } from '@magma/db';
import type { Cases, World } from '../world.ts';

const chargerIds = (rows: { chargerId: string }[]) => [...new Set(rows.map((r) => r.chargerId))];

async function powerSample(db: Db, charger: { id: string; tenantId: string }, watts: number) {
  await db.meterSample.create({
    data: {
      tenantId: charger.tenantId,
      chargerId: charger.id,
      evseId: 1,
      // At the start of a complete 5-minute bucket: a power sample stands for up to 5 minutes, so the
      // whole reading lands in that one bucket (22 kW × 5 min / 5 min).
      timestamp: new Date(Math.floor(Date.now() / 300_000) * 300_000 - 600_000),
      measurand: 'Power.Active.Import',
      unit: 'W',
      value: watts,
    },
  });
}

const totalKw = (points: { kw: number }[]) => Math.round(points.reduce((s, p) => s + p.kw, 0) * 100) / 100;

export const cases: Cases = {
  'fleet.kpis': async (w: World, db) => {
    const connectorsA = await db.connector.count({ where: { tenantId: w.A.id } });
    const connectorsA1 = await db.connector.count({ where: { charger: { vendorId: w.a1.id } } });
    expect((await w.callers.adminA.fleet.kpis()).connectors.total).toBe(connectorsA);
    expect((await w.callers.vendorA1.fleet.kpis()).connectors.total).toBe(connectorsA1);
    expect(connectorsA1).toBeLessThan(connectorsA);
    // The overview's filters narrow within the scope; another tenant's or vendor's site selects nothing.
    const atSa2 = await db.connector.count({ where: { chargerId: w.ca2.id } });
    expect((await w.callers.adminA.fleet.kpis({ siteId: [w.sa2.id] })).connectors.total).toBe(atSa2);
    expect((await w.callers.adminA.fleet.kpis({ siteId: [w.sb1.id] })).connectors.total).toBe(0);
    expect((await w.callers.vendorA1.fleet.kpis({ siteId: [w.sa2.id] })).connectors.total).toBe(0);
  },
  'fleet.powerChart': async (w, db) => {
    await powerSample(db, w.ca2, 22_000);
    await powerSample(db, w.cb1, 50_000);
    expect(totalKw(await w.callers.adminA.fleet.powerChart())).toBe(22);
    expect(totalKw(await w.callers.vendorA1.fleet.powerChart())).toBe(0);
    expect(totalKw(await w.callers.adminA.fleet.powerChart({ siteId: [w.sa2.id] }))).toBe(22);
    expect(totalKw(await w.callers.adminA.fleet.powerChart({ siteId: [w.sb1.id] }))).toBe(0);
    expect(totalKw(await w.callers.vendorA1.fleet.powerChart({ siteId: [w.sa2.id] }))).toBe(0);
  },
  'fleet.connectors': async (w) => {
    const all = chargerIds((await w.callers.adminA.fleet.connectors({ pageSize: 200 })).rows);
    expect(all).toEqual(expect.arrayContaining([w.ca1.id, w.ca2.id]));
    expect(all).not.toContain(w.cb1.id);
    expect(chargerIds((await w.callers.vendorA1.fleet.connectors({ pageSize: 200 })).rows)).toEqual([w.ca1.id]);
    expect((await w.callers.adminA.fleet.connectors({ siteId: [w.sb1.id] })).total).toBe(0);
    expect((await w.callers.vendorA1.fleet.connectors({ siteId: [w.sa2.id] })).total).toBe(0);
  },
  'fleet.filterOptions': async (w) => {
    const all = (await w.callers.adminA.fleet.filterOptions()).sites.map((s) => s.id);
    expect(all).toEqual(expect.arrayContaining([w.sa1.id, w.sa2.id]));
    expect(all).not.toContain(w.sb1.id);
    expect((await w.callers.vendorA1.fleet.filterOptions()).sites.map((s) => s.id)).toEqual([w.sa1.id]);
  },
};
