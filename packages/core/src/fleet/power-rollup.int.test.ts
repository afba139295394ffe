import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { getFleetKpis } from './get-fleet-kpis.ts';
import { getPowerChart, rollUpPower } from './get-power-chart.ts';
import { aTransaction, demoFleet, minutes, type DemoFleet } from './test-builders.ts';

// The power chart served from the worker's rollup, its live bucket, and the overview's filters.

let t: TestDatabase;
let fleet: DemoFleet;

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
});
afterAll(async () => t.drop());

const W = 7_400;

/** A session on `charger` from `start` to `stop` (null: still charging) with a power sample every minute. */
async function session(
  charger: DemoFleet['chargers'][number],
  start: number,
  stop: number | null,
  last: number = stop ?? start,
) {
  const tx = await aTransaction(t.db, fleet, {
    charger,
    startedAt: new Date(start),
    stoppedAt: stop === null ? null : new Date(stop),
  });
  const times: number[] = [];
  for (let ts = start; ts < last; ts += minutes(1)) times.push(ts);
  times.push(last);
  await t.db.meterSample.createMany({
    data: times.map((ts) => ({
      tenantId: fleet.tenantId,
      chargerId: charger.id,
      transactionId: tx.id,
      evseId: 1,
      timestamp: new Date(ts),
      measurand: 'Power.Active.Import',
      unit: 'W',
      value: W,
    })),
  });
  return tx;
}

describe('power rollup', () => {
  it('holds the same energy-weighted buckets as the samples, and the chart reads them from it', async () => {
    const at = (hhmmss: string) => new Date(`2026-11-24T${hhmmss}Z`).getTime();
    const [c1, c2, c3] = fleet.chargers.slice(0, 3);
    // Three 7.4 kW sessions meet the 10:00 bucket for 5, 2.5 and 0.5 minutes: 11.84 kW, not 22.2.
    await session(c1!, at('09:50:00'), at('10:20:00'));
    await session(c2!, at('10:01:00'), at('10:03:30'));
    await session(c3!, at('10:04:00'), at('10:04:30'));
    const now = new Date(at('10:32:00'));
    const fromSamples = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0 });

    const run = await rollUpPower({ db: t.db, now });
    expect(run.ran).toBe(true);
    expect(run.until.toISOString()).toBe('2026-11-24T10:30:00.000Z');
    const rows = await t.db.powerRollup.findMany({ where: { tenantId: fleet.tenantId } });
    // c1: 09:50 … 10:15 (6 buckets), c2 and c3: the 10:00 bucket.
    expect(rows).toHaveLength(8);
    const bucket10 = rows.filter((r) => r.bucket.toISOString() === '2026-11-24T10:00:00.000Z');
    expect(bucket10.reduce((s, r) => s + r.energyWs, 0)).toBeCloseTo(W * 60 * 8, 6);

    // The samples go; the chart still draws the same curve, so it comes from the rollup.
    await t.db.meterSample.deleteMany({ where: { tenantId: fleet.tenantId } });
    const fromRollup = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0 });
    expect(fromRollup).toEqual(fromSamples);
    // The same through the per-EVSE rows, with a filter that selects the three chargers.
    const sites = [...new Set([c1, c2, c3].map((c) => c!.siteId!))];
    const filtered = await getPowerChart({
      db: t.db,
      scope: fleet.operator,
      now,
      cacheMs: 0,
      filter: { siteId: sites },
    });
    expect(filtered).toEqual(fromSamples);
    expect(await t.db.powerRollupFleet.count({ where: { tenantId: fleet.tenantId } })).toBeGreaterThan(0);
    const kwAt = (hhmmss: string) => fromRollup.find((p) => p.at.getTime() === at(hhmmss))!.kw;
    expect(kwAt('09:50:00')).toBe(7.4);
    expect(kwAt('10:00:00')).toBe(11.84);
    expect(kwAt('10:20:00')).toBe(0);

    // A vendor sees its own chargers' part of the rollup only.
    const mine = (scope: DemoFleet['sunrise']) =>
      [c1, c2, c3].filter((c) => c!.vendorId === scope.vendorId).map((c) => c!.id);
    const vendorPoints = await getPowerChart({ db: t.db, scope: fleet.sunrise, now, cacheMs: 0 });
    const vendorKw = vendorPoints.find((p) => p.at.getTime() === at('10:00:00'))!.kw;
    const expected = [
      [c1!.id, 5],
      [c2!.id, 2.5],
      [c3!.id, 0.5],
    ].reduce((s, [id, min]) => s + (mine(fleet.sunrise).includes(id as string) ? (7.4 * (min as number)) / 5 : 0), 0);
    expect(vendorKw).toBeCloseTo(expected, 2);
  });

  it('goes back to the bucket of a sample that arrives late (offline queue), and runs once at a time', async () => {
    const at = (hhmmss: string) => new Date(`2026-11-25T${hhmmss}Z`).getTime();
    const c = fleet.chargers[4]!;
    const now = new Date(at('12:00:30'));
    await rollUpPower({ db: t.db, now });
    const before = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0 });
    expect(before.find((p) => p.at.getTime() === at('10:00:00'))!.kw).toBe(0);
    // Two hours old when it arrives: far behind the run's ten-minute margin.
    await session(c, at('10:00:00'), at('10:05:00'));
    const again = await rollUpPower({ db: t.db, now: new Date(at('12:01:30')) });
    expect(again.from.getTime()).toBeLessThanOrEqual(at('10:00:00'));
    const after = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0 });
    expect(after.find((p) => p.at.getTime() === at('10:00:00'))!.kw).toBe(7.4);

    const both = await Promise.all([rollUpPower({ db: t.db, now }), rollUpPower({ db: t.db, now })]);
    expect(both.filter((r) => r.ran).length).toBeGreaterThanOrEqual(1);
    const rows = await t.db.powerRollup.count({
      where: { chargerId: c.id, bucket: new Date(at('10:00:00')) },
    });
    expect(rows).toBe(1);
  });
});

describe('live bucket', () => {
  it('is the energy of the bucket so far over the time gone, not zero while a session charges', async () => {
    const at = (hhmmss: string) => new Date(`2026-11-26T${hhmmss}Z`).getTime();
    const c = fleet.chargers[5]!;
    // Charging since 09:58, a sample every minute, the last at 10:02:00; it is 10:02:30.
    await session(c, at('09:58:00'), null, at('10:02:00'));
    const now = new Date(at('10:02:30'));
    await rollUpPower({ db: t.db, now });
    const points = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0, live: true });
    expect(points).toHaveLength(289);
    const live = points.at(-1)!;
    expect(live).toMatchObject({ at: new Date(at('10:00:00')), partial: true });
    expect(live.kw).toBe(7.4);
    // Without `live` the chart ends with the last complete bucket, as before.
    const complete = await getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0 });
    expect(complete.at(-1)!.at.toISOString()).toBe('2026-11-26T09:55:00.000Z');
    expect(complete.at(-1)!.kw).toBeCloseTo(7.4 * (2 / 5), 6);
  });
});

describe('overview filters', () => {
  it('narrow the chart and the figures to the connectors they select', async () => {
    const now = new Date();
    const start = now.getTime() - minutes(20);
    const [x, y] = [fleet.chargers[6]!, fleet.chargers.find((c) => c.city !== fleet.chargers[6]!.city)!];
    expect(x.city).not.toBe(y.city);
    await session(x, start, null, now.getTime() - 1000);
    await session(y, start, null, now.getTime() - 1000);
    const chart = (filter?: { city?: string[]; model?: string[] }) =>
      getPowerChart({ db: t.db, scope: fleet.operator, now, cacheMs: 0, live: true, filter });
    const all = await chart();
    const onlyX = await chart({ city: [x.city] });
    const nobody = await chart({ model: ['No Such Model'] });
    expect(all.at(-1)!.kw).toBeCloseTo(14.8, 1);
    expect(onlyX.at(-1)!.kw).toBeCloseTo(7.4, 1);
    expect(nobody.every((p) => p.kw === 0)).toBe(true);

    const kpis = (filter?: { city?: string[] }) =>
      getFleetKpis({ db: t.db, scope: fleet.operator, now, estimateWaitMs: 0, filter });
    const [k, kx] = await Promise.all([kpis(), kpis({ city: [x.city] })]);
    const activeInX = await t.db.transaction.count({
      where: { tenantId: fleet.tenantId, status: 'ACTIVE', charger: { site: { city: x.city } } },
    });
    expect(kx.activeSessions).toBe(activeInX);
    expect(kx.activeSessions).toBeLessThan(k.activeSessions);
    const connectorsInX = await t.db.connector.count({
      where: { tenantId: fleet.tenantId, charger: { site: { city: x.city } } },
    });
    expect(kx.connectors.total).toBe(connectorsInX);
    expect(kx.connectors.total).toBeLessThan(k.connectors.total);
  });
});
