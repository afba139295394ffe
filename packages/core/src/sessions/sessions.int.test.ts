import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { aTransaction, demoFleet, hours, minutes, type DemoFleet } from '../fleet/test-builders.ts';
import { seedDefaultTariff } from '../tariffs/seed-default-tariff.ts';
import { exportSessionsCsv } from './export-sessions-csv.ts';
import { getSessionDetail, meterCurve } from './get-session-detail.ts';
import { listSessions } from './list-sessions.ts';

let t: TestDatabase;
let fleet: DemoFleet;
const now = Date.now();

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  for (let i = 0; i < 30; i++) {
    const charger = fleet.chargers[i % fleet.chargers.length]!;
    const startedAt = new Date(now - hours(i * 5));
    await aTransaction(t.db, fleet, {
      charger,
      startedAt,
      stoppedAt: i === 0 ? null : new Date(startedAt.getTime() + hours(1)),
      energyWh: 1000 * (i + 1),
      costMinor: i === 0 ? null : 100 * (i + 1),
      idTag: i % 3 === 0 ? 'DEMO-RFID-0003' : 'DEMO-RFID-0001',
    });
  }
});
afterAll(async () => t.drop());

async function csvRows(gen: AsyncGenerator<string>) {
  let text = '';
  for await (const c of gen) text += c;
  return text.split('\r\n').filter(Boolean).slice(1);
}

describe('listSessions', () => {
  it('lists newest first with totals of the whole selection', async () => {
    const r = await listSessions({ db: t.db, scope: fleet.operator, input: { pageSize: 10 } });
    expect(r.rows).toHaveLength(10);
    expect(r.rows[0]!.status).toBe('ACTIVE');
    expect(r.totals.sessions).toBe(30);
    expect(r.totals.energyWh).toBe((30 * 31 * 1000) / 2);
    expect(r.totals.costMinor).toBe((30 * 31 * 100) / 2 - 100);
  });

  it.each([
    ['status', { status: 'COMPLETED' as const }, 29],
    ['id token', { idToken: 'demo-rfid-0003' }, 10],
    ['date range', { from: new Date(now - hours(24)), to: new Date(now + 1) }, 5],
  ])('filters by %s', async (_n, filter, expected) => {
    const r = await listSessions({ db: t.db, scope: fleet.operator, input: { ...filter, pageSize: 200 } });
    expect(r.totals.sessions).toBe(expected);
    expect(r.rows).toHaveLength(expected);
    const csv = await csvRows(exportSessionsCsv({ db: t.db, scope: fleet.operator, input: filter, batchSize: 4 }));
    expect(csv).toHaveLength(expected);
  });

  it('filters by site and charger', async () => {
    const c = fleet.chargers[3]!;
    const bySite = await listSessions({ db: t.db, scope: fleet.operator, input: { siteId: c.siteId!, pageSize: 200 } });
    expect(bySite.rows.every((r) => r.charger.site?.id === c.siteId)).toBe(true);
    const byCharger = await listSessions({ db: t.db, scope: fleet.operator, input: { chargerId: c.id } });
    expect(byCharger.totals.sessions).toBe(2);
    const byIdentity = await listSessions({
      db: t.db,
      scope: fleet.operator,
      input: { charger: c.identity.toLowerCase() },
    });
    expect(byIdentity.rows.map((r) => r.id).sort()).toEqual(byCharger.rows.map((r) => r.id).sort());
  });

  it('gives a vendor user its own sessions only, in the list and the CSV', async () => {
    const sunrise = await listSessions({ db: t.db, scope: fleet.sunrise, input: { pageSize: 200 } });
    const highway = await listSessions({ db: t.db, scope: fleet.highway, input: { pageSize: 200 } });
    expect(sunrise.totals.sessions + highway.totals.sessions).toBe(30);
    const own = new Set(fleet.chargers.filter((c) => c.vendorId === fleet.sunrise.vendorId).map((c) => c.identity));
    expect(sunrise.rows.every((r) => own.has(r.charger.identity))).toBe(true);
    const csv = await csvRows(exportSessionsCsv({ db: t.db, scope: fleet.sunrise }));
    expect(csv).toHaveLength(sunrise.totals.sessions);
  });
});

describe('getSessionDetail', () => {
  it('returns the meter curve and the cost lines', async () => {
    const tx = await aTransaction(t.db, fleet, {
      startedAt: new Date(now - minutes(30)),
      stoppedAt: new Date(now),
      energyWh: 2000,
      costMinor: 4720,
    });
    await t.db.transaction.update({
      where: { id: tx.id },
      data: {
        costLines: [
          { dimension: 'ENERGY', label: 'Energy', quantity: 2_000_000, unit: 'mWh', amountMinor: 4000, taxMinor: 720 },
        ],
      },
    });
    const base = { tenantId: fleet.tenantId, chargerId: tx.chargerId, transactionId: tx.id, evseId: 1 };
    await t.db.meterSample.createMany({
      data: [0, 1, 2].map((i) => ({
        ...base,
        timestamp: new Date(now - minutes(30 - i * 15)),
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        value: 5000 + i * 1000,
      })),
    });
    const d = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: tx.id } });
    expect(d.curve.map((p) => p.energyWh)).toEqual([5000, 6000, 7000]);
    // 1 kWh per 15 minutes = 4 kW, derived from the register, from each reading until the next.
    expect(d.curve.map((p) => p.powerW)).toEqual([4000, 4000, null]);
    expect(d.session.costLines).toEqual([
      { label: 'Energy', dimension: 'ENERGY', quantity: 2_000_000, unit: 'mWh', amountMinor: 4000, taxMinor: 720 },
    ]);

    const other = tx.vendorId === fleet.sunrise.vendorId ? fleet.highway : fleet.sunrise;
    const err = await getSessionDetail({ db: t.db, scope: other, input: { sessionId: tx.id } }).catch(
      (e: unknown) => e,
    );
    expect(AppError.is(err) && err.code).toBe('NOT_FOUND');
  });

  it('gives a running session its live estimate (net + GST = total) and names the tariff version', async () => {
    const tariff = await seedDefaultTariff({ db: t.db, tenantId: fleet.tenantId });
    const tx = await aTransaction(t.db, fleet, { startedAt: new Date(now - minutes(30)) });
    const base = { tenantId: fleet.tenantId, chargerId: tx.chargerId, transactionId: tx.id, evseId: 1 };
    await t.db.meterSample.createMany({
      data: [0, 1, 2].map((i) => ({
        ...base,
        timestamp: new Date(now - minutes(30 - i * 15)),
        measurand: 'Energy.Active.Import.Register',
        unit: 'Wh',
        value: 5000 + i * 1000,
      })),
    });
    const d = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: tx.id } });
    const tariffName = (await t.db.tariff.findUniqueOrThrow({ where: { id: tariff.tariffId } })).name;
    expect(d.tariff).toEqual({
      tariffId: tariff.tariffId,
      name: tariffName,
      versionId: tariff.versionId,
      version: tariff.version,
    });
    expect(d.estimate).not.toBeNull();
    const e = d.estimate!;
    expect(e.energyWh).toBe(2000);
    expect(e.netMinor).toBeGreaterThan(0);
    expect(e.taxMinor).toBeGreaterThan(0);
    expect(e.netMinor + e.taxMinor).toBe(e.totalMinor);
    expect(e.lines.reduce((n, l) => n + l.amountMinor, 0)).toBe(e.netMinor);
    expect(e.lines.reduce((n, l) => n + l.taxMinor, 0)).toBe(e.taxMinor);

    // Ended and priced: no estimate, the recorded version named.
    await t.db.transaction.update({
      where: { id: tx.id },
      data: {
        status: 'COMPLETED',
        stoppedAt: new Date(now),
        costMinor: 100,
        taxMinor: 18,
        tariffVersionId: tariff.versionId,
      },
    });
    const done = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: tx.id } });
    expect(done.estimate).toBeNull();
    expect(done.tariff?.versionId).toBe(tariff.versionId);
  });

  it('shows the driver’s payment and names a refund the gateway declined', async () => {
    const tx = await aTransaction(t.db, fleet, {
      startedAt: new Date(now - minutes(40)),
      stoppedAt: new Date(now),
      energyWh: 5000,
      costMinor: 10000,
    });
    const payment = await t.db.payment.create({
      data: {
        tenantId: fleet.tenantId,
        provider: 'PHONEPE',
        amountMinor: 20000,
        status: 'CAPTURED',
        capturedMinor: 20000,
        refunds: { create: [{ amountMinor: 8200, status: 'FAILED', reason: 'Unused prepaid amount' }] },
      },
    });
    await t.db.transaction.update({ where: { id: tx.id }, data: { paymentId: payment.id } });

    const d = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: tx.id } });
    expect(d.payment).toMatchObject({
      provider: 'PHONEPE',
      capturedMinor: 20000,
      refundedMinor: 0,
      declinedMinor: 8200,
      refunds: [{ amountMinor: 8200, status: 'FAILED', reason: 'Unused prepaid amount' }],
    });
    const unpaid = await aTransaction(t.db, fleet, { startedAt: new Date(now - minutes(20)), costMinor: 500 });
    expect((await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: unpaid.id } })).payment).toBe(
      null,
    );
  });

  it.each([
    {
      kind: 'per-phase registers',
      readings: [0, 30, 60].flatMap((m, i) =>
        ['L1', 'L2', 'L3'].map((phase) => ({
          m,
          measurand: 'Energy.Active.Import.Register',
          phase,
          value: 100_000 + i * 1000,
        })),
      ),
      energy: [300_000, 303_000, 306_000],
    },
    {
      kind: 'intervals only',
      readings: [30, 60].map((m) => ({ m, measurand: 'Energy.Active.Import.Interval', phase: null, value: 3000 })),
      energy: [0, 3000, 6000],
    },
  ])('draws the session energy of a charger that reports $kind', async ({ readings, energy }) => {
    const startedAt = new Date(now - hours(300));
    const tx = await aTransaction(t.db, fleet, {
      startedAt,
      stoppedAt: new Date(startedAt.getTime() + hours(1)),
      energyWh: 6000,
    });
    await t.db.meterSample.createMany({
      data: readings.map((r) => ({
        tenantId: tx.tenantId,
        chargerId: tx.chargerId,
        transactionId: tx.id,
        evseId: 1,
        timestamp: new Date(startedAt.getTime() + minutes(r.m)),
        measurand: r.measurand,
        phase: r.phase,
        unit: 'Wh',
        value: r.value,
      })),
    });
    const d = await getSessionDetail({ db: t.db, scope: fleet.operator, input: { sessionId: tx.id } });
    expect(d.curve.map((p) => [p.at.getTime() - startedAt.getTime(), p.energyWh, p.powerW])).toEqual([
      [0, energy[0], 6000],
      [minutes(30), energy[1], 6000],
      [minutes(60), energy[2], null],
    ]);
  });

  it('prefers reported power over the derived figure', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
    const curve = meterCurve([
      { timestamp: at(0), measurand: 'Energy.Active.Import.Register', unit: 'kWh', value: 1 },
      { timestamp: at(0), measurand: 'Power.Active.Import', unit: 'kW', value: 7.2 },
      { timestamp: at(1), measurand: 'SoC', unit: 'Percent', value: 55.4 },
    ]);
    expect(curve).toEqual([
      { at: at(0), energyWh: 1000, powerW: 7200, soc: null },
      { at: at(1), energyWh: null, powerW: null, soc: 55 },
    ]);
  });
});

describe('sorting and export bounds', () => {
  it.each([
    ['-energyWh', (a: number[], b: number[]) => b[0]! - a[0]! || b[1]! - a[1]!],
    ['energyWh', (a: number[], b: number[]) => a[0]! - b[0]! || b[1]! - a[1]!],
    ['startedAt', (a: number[], b: number[]) => a[1]! - b[1]!],
  ] as const)('sorts by %s in pages and in the CSV, ties included', async (sort, cmp) => {
    const idTag = `SORT-${sort}`;
    for (let i = 0; i < 7; i++)
      await aTransaction(t.db, fleet, {
        startedAt: new Date(now - hours(100 + i)),
        stoppedAt: new Date(now - hours(99 + i)),
        energyWh: i % 3 === 0 ? 5000 : 1000 * i,
        idTag,
      });
    const pages = [];
    for (let page = 1; page <= 3; page++)
      pages.push(
        ...(await listSessions({ db: t.db, scope: fleet.operator, input: { idToken: idTag, sort, pageSize: 3, page } }))
          .rows,
      );
    expect(pages).toHaveLength(7);
    const keys = pages.map((r) => [r.energyWh, r.startedAt.getTime()]);
    expect(keys).toEqual([...keys].sort(cmp));
    const csv = await csvRows(
      exportSessionsCsv({ db: t.db, scope: fleet.operator, input: { idToken: idTag, sort }, batchSize: 2 }),
    );
    expect(csv.map((l) => l.split(',')[0])).toEqual(pages.map((r) => r.id));
  });

  it('refuses an export larger than its bound before the first byte, and an unknown sort', async () => {
    const err = await exportSessionsCsv({ db: t.db, scope: fleet.operator, maxRows: 5 })
      .next()
      .catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/narrow the dates/);
    await expect(
      listSessions({ db: t.db, scope: fleet.operator, input: { sort: 'costMinor' as never } }),
    ).rejects.toThrow();
  });
});
