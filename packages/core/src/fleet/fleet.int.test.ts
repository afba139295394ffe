import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { exportConnectorsCsv } from './export-connectors-csv.ts';
import { createLiveEventFilter } from './live-event-filter.ts';
import { getChargerDetail, MESSAGE_TEXT_MAX } from './get-charger-detail.ts';
import { computeRunningRevenue } from './estimate-running-revenue.ts';
import { getFleetKpis, percentChange } from './get-fleet-kpis.ts';
import { getPowerChart } from './get-power-chart.ts';
import { countConnectors, listConnectorFilterOptions, listConnectors } from './list-connectors.ts';
import { aTransaction, days, demoFleet, hours, minutes, type DemoFleet } from './test-builders.ts';

let t: TestDatabase;
let fleet: DemoFleet;

async function csvLines(gen: AsyncGenerator<string>): Promise<string[]> {
  let text = '';
  for await (const chunk of gen) text += chunk;
  return text.split('\r\n').filter(Boolean);
}

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  // Half the demo chargers online; two connectors charging, one faulted.
  const ids = fleet.chargers.map((c) => c.id);
  await t.db.charger.updateMany({ where: { id: { in: ids.filter((_, i) => i % 2 === 0) } }, data: { online: true } });
  await t.db.connector.updateMany({
    where: { chargerId: ids[0] },
    data: { status: 'CHARGING', livePowerW: 7000, liveSoc: 40 },
  });
  await t.db.connector.updateMany({
    where: { chargerId: ids[2] },
    data: { status: 'FAULTED', errorCode: 'GroundFailure' },
  });
});
afterAll(async () => t.drop());

describe('listConnectors', () => {
  it('pages the whole fleet of the tenant with a total', async () => {
    const all = await t.db.connector.count({ where: { tenantId: fleet.tenantId } });
    const page = await listConnectors({ db: t.db, scope: fleet.operator, input: { pageSize: 10 } });
    expect(page.total).toBe(all);
    expect(page.rows).toHaveLength(10);
    expect(page.rows[0]!.identity).toBe(fleet.chargers[0]!.identity);
    const page2 = await listConnectors({ db: t.db, scope: fleet.operator, input: { pageSize: 10, page: 2 } });
    expect(page2.rows.map((r) => r.id)).not.toContain(page.rows[0]!.id);
  });

  it('derives offline from the charger and keeps the OCPP status of online ones', async () => {
    const page = await listConnectors({ db: t.db, scope: fleet.operator, input: { pageSize: 200 } });
    const byCharger = (i: number) => page.rows.filter((r) => r.chargerId === fleet.chargers[i]!.id);
    expect(byCharger(0).every((r) => r.status === 'charging' && r.livePowerW === 7000)).toBe(true);
    expect(byCharger(1).every((r) => r.status === 'offline')).toBe(true);
    expect(byCharger(2).every((r) => r.status === 'faulted' && r.errorCode === 'GroundFailure')).toBe(true);
  });

  it.each([
    ['city', { city: ['Bengaluru'] }],
    ['city and power', { city: ['Mumbai'], power: ['dc_fast' as const] }],
    ['model', { model: ['Terra 54'] }],
    ['two cities (from a URL)', { city: 'Pune,Mumbai' }],
    ['status', { status: ['offline' as const] }],
  ])('filters by %s, and the total matches the rows', async (_name, filter) => {
    const page = await listConnectors({ db: t.db, scope: fleet.operator, input: { ...filter, pageSize: 200 } });
    expect(page.total).toBeGreaterThan(0);
    expect(page.rows).toHaveLength(page.total);
    expect(page.total).toBeLessThan(await countConnectors({ db: t.db, scope: fleet.operator }));
    const f = filter as { city?: string | string[]; power?: string[]; model?: string[]; status?: string[] };
    const cities = typeof f.city === 'string' ? f.city.split(',') : f.city;
    for (const r of page.rows) {
      if (cities) expect(cities).toContain(r.city);
      if (f.power) expect(r.ratedKw! > 22 && r.ratedKw! <= 60).toBe(true);
      if (f.model) expect(f.model).toContain(r.model);
      if (f.status) expect(f.status).toContain(r.status);
    }
  });

  it('sorts server-side by live power, busiest first', async () => {
    const page = await listConnectors({
      db: t.db,
      scope: fleet.operator,
      input: { sort: 'power', dir: 'desc', pageSize: 3 },
    });
    expect(page.rows[0]!.livePowerW).toBe(7000);
  });

  it('shows a vendor user only its own chargers', async () => {
    const sunrise = await listConnectors({ db: t.db, scope: fleet.sunrise, input: { pageSize: 200 } });
    const highway = await listConnectors({ db: t.db, scope: fleet.highway, input: { pageSize: 200 } });
    const all = await countConnectors({ db: t.db, scope: fleet.operator });
    expect(sunrise.total + highway.total).toBe(all);
    const sunriseChargers = new Set(
      fleet.chargers.filter((c) => c.vendorId === fleet.sunrise.vendorId).map((c) => c.id),
    );
    expect(sunrise.rows.every((r) => sunriseChargers.has(r.chargerId))).toBe(true);
    const options = await listConnectorFilterOptions({ db: t.db, scope: fleet.sunrise });
    expect(options.sites.length).toBe(3);
  });

  it('rejects a malformed filter', async () => {
    await expect(
      listConnectors({ db: t.db, scope: fleet.operator, input: { siteId: ['not-a-uuid'] } }),
    ).rejects.toThrow();
  });
});

describe('exportConnectorsCsv', () => {
  it.each([
    ['everything', {}],
    ['one city', { city: ['Pune'] }],
    ['offline only', { status: ['offline' as const] }],
  ])('holds exactly the rows the filter selects: %s', async (_n, filter) => {
    const lines = await csvLines(exportConnectorsCsv({ db: t.db, scope: fleet.operator, input: filter, batchSize: 7 }));
    expect(lines[0]).toMatch(/^connector_id,charger,/);
    const expected = await countConnectors({ db: t.db, scope: fleet.operator, input: filter });
    expect(lines.length - 1).toBe(expected);
    expect(new Set(lines.slice(1).map((l) => l.split(',')[0])).size).toBe(expected);
  });

  it('exports only the vendor own rows for a vendor user', async () => {
    const lines = await csvLines(exportConnectorsCsv({ db: t.db, scope: fleet.highway }));
    const highwayIdentities = new Set(
      fleet.chargers.filter((c) => c.vendorId === fleet.highway.vendorId).map((c) => c.identity),
    );
    expect(lines.length - 1).toBe(await countConnectors({ db: t.db, scope: fleet.highway }));
    expect(lines.slice(1).every((l) => highwayIdentities.has(l.split(',')[1]!))).toBe(true);
  });
});

describe('getFleetKpis', () => {
  it('counts active sessions, energy and revenue of today against history', async () => {
    // Noon in Kolkata (UTC+5:30) on a fixed day, so "today" and "yesterday" are unambiguous.
    const now = new Date('2026-11-20T06:30:00Z');
    const f2 = await createTestDatabase();
    try {
      const f = await demoFleet(f2.db);
      const at = (ms: number) => new Date(now.getTime() - ms);
      // Running now: 3; one has delivered 4 kWh by its meter, which the demo tariff prices.
      const metered = await aTransaction(f2.db, f, { startedAt: at(minutes(30)), energyWh: 4000 });
      await f2.db.meterSample.createMany({
        data: [0, 4000].map((wh, i) => ({
          tenantId: f.tenantId,
          chargerId: metered.chargerId,
          transactionId: metered.id,
          evseId: 1,
          timestamp: at(minutes(30 - i * 29)),
          measurand: 'Energy.Active.Import.Register',
          unit: 'Wh',
          value: 100_000 + wh,
        })),
      });
      await aTransaction(f2.db, f, { startedAt: at(minutes(10)), energyWh: 1000 });
      await aTransaction(f2.db, f, { startedAt: at(hours(2)), energyWh: 5000 });
      // Finished today: 10 kWh, ₹200.00.
      await aTransaction(f2.db, f, {
        startedAt: at(hours(3)),
        stoppedAt: at(hours(2)),
        energyWh: 10_000,
        costMinor: 20_000,
      });
      // Yesterday before this time: 8 kWh, ₹160.00; after this time: not compared.
      await aTransaction(f2.db, f, {
        startedAt: at(days(1) + hours(2)),
        stoppedAt: at(days(1) + hours(1)),
        energyWh: 8000,
        costMinor: 16_000,
      });
      await aTransaction(f2.db, f, {
        startedAt: at(days(1) - hours(2)),
        stoppedAt: at(days(1) - hours(3)),
        energyWh: 99_000,
        costMinor: 99_000,
      });
      // Active at this time of day on 2 of the previous 7 days: average 2/7.
      await aTransaction(f2.db, f, {
        startedAt: at(days(3) + minutes(20)),
        stoppedAt: at(days(3) - minutes(20)),
        energyWh: 1,
      });
      await aTransaction(f2.db, f, {
        startedAt: at(days(5) + minutes(20)),
        stoppedAt: at(days(5) - minutes(20)),
        energyWh: 1,
      });

      const k = await getFleetKpis({ db: f2.db, scope: f.operator, now, estimateWaitMs: 20_000 });
      const running = await computeRunningRevenue({ db: f2.db, scope: f.operator, now });
      expect(k.activeSessions).toBe(3);
      expect(k.activeSessions7dAvg).toBeCloseTo(0.3, 5);
      expect(k.energyTodayWh).toBe(20_000);
      expect(k.energyYesterdayWh).toBe(8000);
      expect(running).toMatchObject({ sessions: 3, priced: 3, partial: false });
      expect(running.estimateMinor).toBeGreaterThan(0);
      expect(k.revenueRunningEstimateMinor).toBe(running.estimateMinor);
      expect(k.revenueTodayMinor).toBe(20_000 + running.estimateMinor);
      expect(k.revenueYesterdayMinor).toBe(16_000);
      expect(percentChange(k.energyTodayWh, k.energyYesterdayWh)).toBe(150);
      expect(k.currency).toBe('INR');
      expect(k.connectors.total).toBe(await f2.db.connector.count());

      // A vendor user's KPIs cover its own sessions only (all the above ran on DEMO-0001).
      const owner = f.chargers[0]!.vendorId === f.sunrise.vendorId ? f.sunrise : f.highway;
      const other = owner === f.sunrise ? f.highway : f.sunrise;
      expect((await getFleetKpis({ db: f2.db, scope: owner, now, estimateWaitMs: 20_000 })).activeSessions).toBe(3);
      const none = await getFleetKpis({ db: f2.db, scope: other, now, estimateWaitMs: 20_000 });
      expect(none.activeSessions).toBe(0);
      expect(none.energyTodayWh).toBe(0);
    } finally {
      await f2.drop();
    }
  });

  it('has no change figure when yesterday had nothing', () => {
    expect(percentChange(5, 0)).toBeNull();
    expect(percentChange(50, 100)).toBe(-50);
  });
});

describe('getPowerChart', () => {
  it('gives 288 complete five-minute buckets of kW from power samples, or energy deltas when there are none', async () => {
    const now = new Date('2026-11-20T06:37:00Z');
    const bucket = new Date('2026-11-20T06:00:00Z').getTime();
    const [a, b] = fleet.chargers;
    const sample = (chargerId: string, at: number, measurand: string, value: number, unit = 'W') => ({
      tenantId: fleet.tenantId,
      chargerId,
      evseId: 1,
      timestamp: new Date(at),
      measurand,
      unit,
      value,
    });
    await t.db.meterSample.createMany({
      data: [
        // Charger A reports power (no transaction, so the last sample stands 5 minutes): 10 kW for
        // 06:01–06:03 and 20 kW for 06:03–06:08 → 06:00 bucket (20 + 40) kW·min / 5 = 12 kW, 06:05 12 kW.
        sample(a!.id, bucket + minutes(1), 'Power.Active.Import', 10_000),
        sample(a!.id, bucket + minutes(3), 'Power.Active.Import', 20, 'kW'),
        sample(a!.id, bucket + minutes(3), 'Energy.Active.Import.Register', 123_456),
        // Charger B reports only energy: 2 kWh over 05:59–06:01 (1 kWh in each bucket), 1 kWh over
        // 06:01–06:02 → 05:55 bucket 1 kWh / 5 min = 12 kW, 06:00 bucket 2 kWh / 5 min = 24 kW.
        sample(b!.id, bucket - minutes(1), 'Energy.Active.Import.Register', 10_000),
        sample(b!.id, bucket + minutes(1), 'Energy.Active.Import.Register', 12, 'kWh'),
        sample(b!.id, bucket + minutes(2), 'Energy.Active.Import.Register', 13_000),
        // Outside the window: ignored.
        sample(a!.id, now.getTime() - hours(25), 'Power.Active.Import', 99_000),
      ],
    });
    const points = await getPowerChart({ db: t.db, scope: fleet.operator, now });
    expect(points).toHaveLength(288);
    // The 06:35 bucket is still filling: the chart ends with the last complete one.
    expect(points.at(-1)!.at.toISOString()).toBe('2026-11-20T06:30:00.000Z');
    const kwAt = (ps: typeof points, at: number) => ps.find((p) => p.at.getTime() === at)!.kw;
    expect(kwAt(points, bucket - minutes(5))).toBe(12);
    expect(kwAt(points, bucket)).toBe(36);
    expect(kwAt(points, bucket + minutes(5))).toBe(12);
    expect(points.filter((p) => p.kw > 0)).toHaveLength(3);

    const vendorOfA = a!.vendorId === fleet.sunrise.vendorId ? fleet.sunrise : fleet.highway;
    const vendorPoints = await getPowerChart({ db: t.db, scope: vendorOfA, now });
    const expectedForVendor =
      (a!.vendorId === vendorOfA.vendorId ? 12 : 0) + (b!.vendorId === vendorOfA.vendorId ? 24 : 0);
    expect(kwAt(vendorPoints, bucket)).toBe(expectedForVendor);
  });

  // Three 7.4 kW sessions meet the 10:00–10:05 bucket: one all through it, one for 2.5 minutes
  // (10:01–10:03:30), one for 30 s (10:04:00–10:04:30). The fleet delivered 7.4 kW × (5 + 2.5 + 0.5)
  // min in 5 min = 11.84 kW there, not 3 × 7.4 = 22.2 kW.
  it.each([
    ['power samples', 'Power.Active.Import', '2026-11-21'],
    ['energy registers only', 'Energy.Active.Import.Register', '2026-11-23'],
  ])('weighs each session by the time it charged in the bucket (%s)', async (_name, measurand, day) => {
    const at = (hhmmss: string) => new Date(`${day}T${hhmmss}Z`).getTime();
    const [c1, c2, c3] = fleet.chargers.slice(3, 6);
    const sessions = [
      { charger: c1!, start: at('09:50:00'), stop: at('10:20:00'), every: minutes(1) },
      { charger: c2!, start: at('10:01:00'), stop: at('10:03:30'), every: minutes(1) },
      { charger: c3!, start: at('10:04:00'), stop: at('10:04:30'), every: minutes(1) },
    ];
    const W = 7_400;
    for (const s of sessions) {
      const tx = await aTransaction(t.db, fleet, {
        charger: s.charger,
        startedAt: new Date(s.start),
        stoppedAt: new Date(s.stop),
      });
      // A sample every minute from the start and one at the stop (Transaction.End).
      const times = [];
      for (let ts = s.start; ts < s.stop; ts += s.every) times.push(ts);
      times.push(s.stop);
      await t.db.meterSample.createMany({
        data: times.map((ts) => ({
          tenantId: fleet.tenantId,
          chargerId: s.charger.id,
          transactionId: tx.id,
          evseId: 1,
          timestamp: new Date(ts),
          measurand,
          unit: measurand === 'Power.Active.Import' ? 'W' : 'Wh',
          value: measurand === 'Power.Active.Import' ? W : 50_000 + (W * (ts - s.start)) / 3_600_000,
        })),
      });
    }
    const points = await getPowerChart({ db: t.db, scope: fleet.operator, now: new Date(at('10:32:00')) });
    const kwAt = (hhmmss: string) => points.find((p) => p.at.getTime() === at(hhmmss))!.kw;
    expect(kwAt('09:50:00')).toBe(7.4);
    expect(kwAt('10:00:00')).toBe(11.84);
    expect(kwAt('10:05:00')).toBe(7.4);
    expect(kwAt('10:20:00')).toBe(0);
    // Every kWh delivered is in the chart once: 7.4 kW × (30 + 2.5 + 0.5) min.
    const kwh = points.reduce((sum, p) => sum + (p.kw * 5) / 60, 0);
    expect(kwh).toBeCloseTo((7.4 * 33) / 60, 6);
  });
});

describe('getChargerDetail', () => {
  it('shows identity, connectors, and the configuration of the latest GetConfiguration reply', async () => {
    const charger = fleet.chargers[0]!;
    await t.db.chargerCommand.createMany({
      data: [
        {
          tenantId: fleet.tenantId,
          chargerId: charger.id,
          action: 'GetConfiguration',
          payload: {},
          status: 'RESPONDED',
          response: { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }] },
          requestedAt: new Date(Date.now() - minutes(10)),
          respondedAt: new Date(Date.now() - minutes(10)),
        },
        {
          tenantId: fleet.tenantId,
          chargerId: charger.id,
          action: 'GetConfiguration',
          payload: {},
          status: 'RESPONDED',
          response: {
            configurationKey: [
              { key: 'HeartbeatInterval', readonly: false, value: '300' },
              { key: 'NumberOfConnectors', readonly: true, value: '1' },
            ],
          },
          respondedAt: new Date(),
        },
      ],
    });
    const d = await getChargerDetail({ db: t.db, scope: fleet.operator, input: { chargerId: charger.id } });
    expect(d.charger.identity).toBe(charger.identity);
    expect(d.charger).toHaveProperty('hasPassword');
    expect(d.charger).not.toHaveProperty('passwordHash');
    expect(d.connectors.length).toBeGreaterThan(0);
    expect(d.configuration?.entries).toEqual([
      { key: 'HeartbeatInterval', value: '300', readonly: false },
      { key: 'NumberOfConnectors', value: '1', readonly: true },
    ]);
    expect(d.commands).toHaveLength(2);
  });

  it('shows an operator the messages the charger sent, newest first, a big report cut; a vendor user gets none', async () => {
    const charger = fleet.chargers.find((c) => c.vendorId === fleet.sunrise.vendorId)!;
    const big = { requestId: 1, reportData: 'x'.repeat(MESSAGE_TEXT_MAX + 100) };
    await t.db.chargerMessage.createMany({
      data: [
        {
          tenantId: fleet.tenantId,
          chargerId: charger.id,
          action: 'SecurityEventNotification',
          payload: { type: 'StartupOfTheDevice', timestamp: '2026-12-01T10:00:00Z' },
          receivedAt: new Date(Date.now() - minutes(5)),
        },
        { tenantId: fleet.tenantId, chargerId: charger.id, action: 'NotifyReport', payload: big },
      ],
    });
    const d = await getChargerDetail({ db: t.db, scope: fleet.operator, input: { chargerId: charger.id } });
    expect(d.messages?.map((m) => m.action)).toEqual(['NotifyReport', 'SecurityEventNotification']);
    expect(d.messages?.[0]).toMatchObject({ truncated: true, bytes: JSON.stringify(big).length });
    expect(d.messages?.[0]?.text).toHaveLength(MESSAGE_TEXT_MAX);
    expect(d.messages?.[1]).toMatchObject({
      truncated: false,
      text: '{"type":"StartupOfTheDevice","timestamp":"2026-12-01T10:00:00Z"}',
    });
    const asVendor = await getChargerDetail({ db: t.db, scope: fleet.sunrise, input: { chargerId: charger.id } });
    expect(asVendor.charger.id).toBe(charger.id);
    expect(asVendor.messages).toBeNull();
  });

  it('hides another vendor charger from a vendor user', async () => {
    const other = fleet.chargers.find((c) => c.vendorId === fleet.highway.vendorId)!;
    const err = await getChargerDetail({ db: t.db, scope: fleet.sunrise, input: { chargerId: other.id } }).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(err) && err.code).toBe('NOT_FOUND');
  });
});

describe('createLiveEventFilter', () => {
  it('passes a vendor user only the events of its own chargers', async () => {
    const event = (chargerId: string, tenantId = fleet.tenantId) =>
      ({ type: 'charger.online', tenantId, chargerId, identity: 'X', at: new Date().toISOString() }) as const;
    const own = fleet.chargers.find((c) => c.vendorId === fleet.sunrise.vendorId)!;
    const other = fleet.chargers.find((c) => c.vendorId === fleet.highway.vendorId)!;
    const vendor = createLiveEventFilter({ db: t.db, scope: fleet.sunrise });
    expect(await vendor(event(own.id))).toBe(true);
    expect(await vendor(event(other.id))).toBe(false);
    expect(await vendor(event(own.id, '00000000-0000-4000-8000-000000000000'))).toBe(false);
    const operator = createLiveEventFilter({ db: t.db, scope: fleet.operator });
    expect(await operator(event(other.id))).toBe(true);
  });
});
