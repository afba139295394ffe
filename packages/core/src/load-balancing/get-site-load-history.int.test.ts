import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rollUpPower } from '../fleet/get-power-chart.ts';
import { aTransaction, demoFleet, minutes, type DemoFleet } from '../fleet/test-builders.ts';
import { getSiteLoadHistory } from './get-site-load-history.ts';

// The load-balancing page's history (#21): the site's draw from the power rollup (its chargers
// only), against its top circuit's capacity after the margin, lowered in a tariff's peak window.

let t: TestDatabase;
let fleet: DemoFleet;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
});
afterAll(async () => t.drop());

const at = (hhmmss: string) => new Date(`2026-11-24T${hhmmss}Z`).getTime();

async function session(charger: DemoFleet['chargers'][number], start: number, stop: number, w: number) {
  const tx = await aTransaction(t.db, fleet, { charger, startedAt: new Date(start), stoppedAt: new Date(stop) });
  const times: number[] = [];
  for (let ts = start; ts < stop; ts += minutes(1)) times.push(ts);
  times.push(stop);
  await t.db.meterSample.createMany({
    data: times.map((ts) => ({
      tenantId: fleet.tenantId,
      chargerId: charger.id,
      transactionId: tx.id,
      evseId: 1,
      timestamp: new Date(ts),
      measurand: 'Power.Active.Import',
      unit: 'W',
      value: w,
    })),
  });
}

describe('site load history', () => {
  it("draws the rollup's sums for the site's chargers only, against the capacity lowered in a peak window", async () => {
    const bySite = new Map<string, DemoFleet['chargers']>();
    for (const c of fleet.chargers) if (c.siteId) bySite.set(c.siteId, [...(bySite.get(c.siteId) ?? []), c]);
    const [siteId, here] = [...bySite].find(([, cs]) => cs.length >= 2)!;
    const elsewhere = fleet.chargers.find((c) => c.siteId && c.siteId !== siteId)!;
    await t.db.site.update({ where: { id: siteId }, data: { timezone: 'UTC' } });

    await session(here[0]!, at('09:50:00'), at('10:20:00'), 7_400);
    await session(here[1]!, at('10:01:00'), at('10:03:30'), 11_000);
    await session(elsewhere, at('10:00:00'), at('10:25:00'), 22_000);
    const now = new Date(at('10:32:00'));
    await rollUpPower({ db: t.db, now });

    await t.db.loadCircuit.create({
      data: {
        tenantId: fleet.tenantId,
        siteId,
        name: 'Main',
        phases: 3,
        voltageV: 230,
        maxCurrentA: 32,
        safetyMarginPct: 10,
      },
    });
    const tariff = await t.db.tariff.create({ data: { tenantId: fleet.tenantId, name: 'Site tariff', siteId } });
    await t.db.tariffVersion.create({
      data: {
        tenantId: fleet.tenantId,
        tariffId: tariff.id,
        version: 1,
        activeFrom: new Date(at('00:00:00') - 2 * 86_400_000),
        definition: {
          currency: 'INR',
          minorUnits: 2,
          taxRateBps: 1800,
          elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' }] }],
          powerCaps: [
            { label: 'Morning peak', maxKw: 7, siteMaxKw: 10, restrictions: { startTime: '10:00', endTime: '10:15' } },
          ],
        },
      },
    });

    const history = await getSiteLoadHistory({ db: t.db, scope: fleet.operator, input: { siteId }, now });
    expect(history.circuit?.name).toBe('Main');
    expect(history.bucketMinutes).toBe(5);
    // 24 hours of complete buckets and the one filling.
    expect(history.points).toHaveLength(289);
    expect(history.points.at(-1)).toMatchObject({ at: new Date(at('10:30:00')), partial: true });

    // Every complete bucket is the rollup's energy of the site's chargers over 5 minutes.
    const rows = await t.db.powerRollup.findMany({
      where: { tenantId: fleet.tenantId, chargerId: { in: here.map((c) => c.id) } },
    });
    const ws = new Map<number, number>();
    for (const r of rows) ws.set(r.bucket.getTime(), (ws.get(r.bucket.getTime()) ?? 0) + r.energyWs);
    expect(ws.size).toBeGreaterThan(0);
    for (const p of history.points.slice(0, -1)) {
      const expected = Math.round(((ws.get(p.at.getTime()) ?? 0) / 300 / 1000) * 100) / 100;
      expect(p.drawnKw, p.at.toISOString()).toBe(expected);
    }
    const point = (hhmmss: string) => history.points.find((p) => p.at.getTime() === at(hhmmss))!;
    // The other site's 22 kW is not in it: 7.4 kW for 5 min + 11 kW for 2.5 min at 10:00.
    expect(point('10:00:00').drawnKw).toBe(12.9);
    expect(point('10:20:00').drawnKw).toBe(0);

    // 32 A × 230 V × 3 phases less 10% = 19,872 W; 10 kW less 10% = 9,000 W in the peak window.
    expect(point('09:55:00')).toMatchObject({ capacityW: 19_872, limitedBy: [] });
    for (const hhmm of ['10:00:00', '10:05:00', '10:10:00']) {
      expect(point(hhmm)).toMatchObject({ capacityW: 9_000, limitedBy: ['Site tariff: Morning peak'] });
    }
    expect(point('10:15:00')).toMatchObject({ capacityW: 19_872, limitedBy: [] });
  });

  it('is scoped: another vendor and another tenant see no such site', async () => {
    const site = await t.db.site.findFirstOrThrow({
      where: { tenantId: fleet.tenantId, vendorId: { not: fleet.sunrise.vendorId! } },
    });
    await expect(
      getSiteLoadHistory({ db: t.db, scope: fleet.sunrise, input: { siteId: site.id }, now: new Date(at('10:32:00')) }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const other = await t.db.tenant.create({ data: { slug: 'other-lb', name: 'Other' } });
    await expect(
      getSiteLoadHistory({
        db: t.db,
        scope: { ...fleet.operator, tenantId: other.id },
        input: { siteId: site.id },
        now: new Date(at('10:32:00')),
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
