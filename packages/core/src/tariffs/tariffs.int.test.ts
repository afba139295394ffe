import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { AppError } from '../errors/app-error.ts';
import { estimateTransactionCost } from './estimate-transaction-cost.ts';
import { priceTransaction } from './price-transaction.ts';
import { publishTariffVersion } from './publish-tariff-version.ts';
import { resolveTariffForConnector } from './resolve-tariff-for-connector.ts';
import { seedDefaultTariff } from './seed-default-tariff.ts';
import { aConnector, aSite, aTenant, aTransaction } from './tariffs.fixtures.ts';

const flat = (priceMinor: number) => ({ elements: [{ components: [{ dimension: 'ENERGY', priceMinor }] }] });
const jan1 = new Date('2026-01-01T00:00:00Z');

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

describe('publishTariffVersion', () => {
  it('creates the tariff, numbers versions and writes an audit entry per publish', async () => {
    const tenant = await aTenant(t.db);
    const v1 = await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      name: 'Standard',
      definition: flat(1800),
      activeFrom: jan1,
    });
    const v2 = await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      tariffId: v1.tariffId,
      definition: flat(1900),
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.definition.taxRateBps).toBe(1800);
    const stored = await t.db.tariffVersion.findUniqueOrThrow({ where: { id: v2.versionId } });
    expect(stored.definition).toMatchObject({
      currency: 'INR',
      elements: [{ components: [{ priceMinor: 1900, per: 'kWh' }] }],
    });
    const audit = await t.db.auditLog.findMany({ where: { tenantId: tenant.id }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.entityId])).toEqual([
      ['tariff.version.published', v1.versionId],
      ['tariff.version.published', v2.versionId],
    ]);
    expect(audit[1]?.before).toMatchObject({ version: 1 });
  });

  it('numbers concurrent publishes consecutively', async () => {
    const tenant = await aTenant(t.db);
    const v1 = await publishTariffVersion({ db: t.db, tenantId: tenant.id, name: 'Busy', definition: flat(1000) });
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        publishTariffVersion({ db: t.db, tenantId: tenant.id, tariffId: v1.tariffId, definition: flat(1000 + i) }),
      ),
    );
    expect(results.map((r) => r.version).sort()).toEqual([2, 3, 4, 5]);
  });

  it.each([
    { name: 'an invalid definition', args: { name: 'Bad', definition: { elements: [] } }, code: 'BAD_INPUT' },
    { name: 'a float price', args: { name: 'Bad', definition: flat(18.5) }, code: 'BAD_INPUT' },
    { name: 'a new tariff without a name', args: { definition: flat(1800) }, code: 'BAD_INPUT' },
    { name: 'another tenant’s tariff', args: { tariffId: 'other', definition: flat(1800) }, code: 'NOT_FOUND' },
  ])('rejects $name and writes nothing', async ({ args, code }) => {
    const tenant = await aTenant(t.db);
    const other = await aTenant(t.db);
    const theirs = await publishTariffVersion({ db: t.db, tenantId: other.id, name: 'Theirs', definition: flat(1) });
    const tariffId = args.tariffId === 'other' ? theirs.tariffId : undefined;
    const err = await publishTariffVersion({ db: t.db, tenantId: tenant.id, ...args, tariffId }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe(code);
    expect(await t.db.tariffVersion.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(await t.db.tariffVersion.count({ where: { tenantId: other.id } })).toBe(1);
    expect(await t.db.auditLog.count({ where: { tenantId: tenant.id } })).toBe(0);
  });
});

describe('resolveTariffForConnector', () => {
  it('prefers site + type, then site, then type, then fleet-wide, and honours activeFrom', async () => {
    const tenant = await aTenant(t.db);
    const mall = await aSite(t.db, tenant.id);
    const other = await aSite(t.db, tenant.id);
    const pub = (name: string, scope: object, activeFrom = jan1) =>
      publishTariffVersion({ db: t.db, tenantId: tenant.id, name, definition: flat(1000), activeFrom, ...scope });
    await pub('fleet', {});
    await pub('ccs2', { connectorType: 'CCS2' });
    await pub('mall', { siteId: mall.id });
    await pub('mall-ccs2-later', { siteId: mall.id, connectorType: 'CCS2' }, new Date('2026-06-01T00:00:00Z'));
    const feb = new Date('2026-02-01T00:00:00Z');
    const jul = new Date('2026-07-01T00:00:00Z');
    const cases: [string | null, 'CCS2' | 'TYPE2', Date, string][] = [
      [mall.id, 'CCS2', feb, 'mall'], // site + type tariff not active yet
      [mall.id, 'CCS2', jul, 'mall-ccs2-later'],
      [mall.id, 'TYPE2', jul, 'mall'],
      [other.id, 'CCS2', jul, 'ccs2'],
      [other.id, 'TYPE2', jul, 'fleet'],
      [null, 'TYPE2', jul, 'fleet'],
    ];
    for (const [siteId, connectorType, at, want] of cases) {
      const r = await resolveTariffForConnector({ db: t.db, tenantId: tenant.id, siteId, connectorType, at });
      expect(
        r?.tariffName,
        `${siteId === mall.id ? 'mall' : (siteId ?? 'no site')} ${connectorType} ${at.toISOString()}`,
      ).toBe(want);
    }
    const { connector } = await aConnector(t.db, { tenantId: tenant.id, siteId: mall.id, type: 'CCS2' });
    const byRow = await resolveTariffForConnector({
      db: t.db,
      tenantId: tenant.id,
      connectorRowId: connector.id,
      at: jul,
    });
    expect(byRow?.tariffName).toBe('mall-ccs2-later');
  });

  it('uses the latest version active at the instant and never another tenant’s tariffs', async () => {
    const tenant = await aTenant(t.db);
    const stranger = await aTenant(t.db);
    const v1 = await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      name: 'Std',
      definition: flat(1800),
      activeFrom: jan1,
    });
    await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      tariffId: v1.tariffId,
      definition: flat(2000),
      activeFrom: new Date('2026-03-01T00:00:00Z'),
    });
    await publishTariffVersion({
      db: t.db,
      tenantId: stranger.id,
      name: 'Theirs',
      definition: flat(1),
      activeFrom: new Date('2025-01-01T00:00:00Z'),
    });
    const at = (iso: string) =>
      resolveTariffForConnector({
        db: t.db,
        tenantId: tenant.id,
        siteId: null,
        connectorType: 'CCS2',
        at: new Date(iso),
      });
    expect((await at('2026-02-01T00:00:00Z'))?.version).toBe(1);
    expect((await at('2026-04-01T00:00:00Z'))?.version).toBe(2);
    expect(await at('2025-06-01T00:00:00Z')).toBeNull();
  });
});

describe('priceTransaction', () => {
  async function setup() {
    const tenant = await aTenant(t.db);
    const { charger } = await aConnector(t.db, { tenantId: tenant.id });
    const seeded = await seedDefaultTariff({ db: t.db, tenantId: tenant.id });
    return { tenant, charger, seeded };
  }

  it('prices across the 18:00 peak boundary, records the version and stores the lines', async () => {
    const { tenant, charger, seeded } = await setup();
    // 17:30–18:30 IST at 20 kW, unplugged at 18:50 (10 min grace → 10 min idle).
    const tx = await aTransaction(t.db, {
      tenantId: tenant.id,
      chargerId: charger.id,
      samples: [
        ['2026-11-25T12:00:00Z', 1_000_000],
        ['2026-11-25T12:45:00Z', 1_015_000],
        ['2026-11-25T13:00:00Z', 1_020_000],
        ['2026-11-25T13:20:00Z', 1_020_000],
      ],
    });
    const r = await priceTransaction({
      db: t.db,
      tenantId: tenant.id,
      transactionId: tx.id,
      now: new Date('2026-11-25T13:21:00Z'),
    });
    // 10 kWh × ₹18 + 10 kWh × ₹22 + 10 min × ₹2 = ₹420; GST 18% = ₹75.60.
    expect([r.subtotalMinor, r.taxMinor, r.totalMinor, r.alreadyPriced]).toEqual([42_000, 7_560, 49_560, false]);
    expect(r.lines.map((l) => [l.dimension, l.label, l.amountMinor])).toEqual([
      ['ENERGY', 'Standard', 18_000],
      ['ENERGY', 'Peak 18:00–22:00', 22_000],
      ['PARKING', 'Peak 18:00–22:00', 2_000], // idle 18:40–18:50 falls in the peak window
    ]);
    const row = await t.db.transaction.findUniqueOrThrow({ where: { id: tx.id } });
    expect(row).toMatchObject({
      tariffVersionId: seeded.versionId,
      costMinor: 42_000,
      taxMinor: 7_560,
      sponsorMinor: 0,
    });
    expect(row.pricedAt?.toISOString()).toBe('2026-11-25T13:21:00.000Z');
    expect(Array.isArray(row.costLines) && row.costLines.length).toBe(3);
  });

  it('is idempotent: a second call and concurrent calls return the stored price and write once', async () => {
    const { tenant, charger } = await setup();
    const tx = await aTransaction(t.db, {
      tenantId: tenant.id,
      chargerId: charger.id,
      samples: [
        ['2026-11-25T04:30:00Z', 0],
        ['2026-11-25T05:30:00Z', 10_000],
      ],
    });
    const all = await Promise.all([1, 2, 3].map(() => priceTransaction({ db: t.db, transactionId: tx.id })));
    expect(new Set(all.map((r) => r.totalMinor))).toEqual(new Set([21_240]));
    expect(all.filter((r) => !r.alreadyPriced).length).toBe(1);
    const first = await t.db.transaction.findUniqueOrThrow({ where: { id: tx.id } });
    await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      tariffId: (await t.db.tariff.findFirstOrThrow({ where: { tenantId: tenant.id } })).id,
      definition: flat(9999),
      activeFrom: jan1,
    });
    const again = await priceTransaction({ db: t.db, tenantId: tenant.id, transactionId: tx.id });
    expect(again).toMatchObject({ alreadyPriced: true, totalMinor: 21_240 });
    expect((await t.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).pricedAt).toEqual(first.pricedAt);
  });

  it('prices with the version recorded on the transaction, reads kWh samples, and keeps tenants apart', async () => {
    const { tenant, charger, seeded } = await setup();
    const newer = await publishTariffVersion({
      db: t.db,
      tenantId: tenant.id,
      tariffId: seeded.tariffId,
      definition: flat(5000),
      activeFrom: jan1,
    });
    const tx = await aTransaction(t.db, {
      tenantId: tenant.id,
      chargerId: charger.id,
      unit: 'kWh',
      samples: [
        ['2026-11-25T04:30:00Z', 0],
        ['2026-11-25T05:30:00Z', 10_000],
      ],
    });
    await t.db.transaction.update({ where: { id: tx.id }, data: { tariffVersionId: seeded.versionId } });
    const stranger = await aTenant(t.db);
    await expect(priceTransaction({ db: t.db, tenantId: stranger.id, transactionId: tx.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const r = await priceTransaction({ db: t.db, tenantId: tenant.id, transactionId: tx.id });
    expect(r.tariffVersionId).toBe(seeded.versionId);
    expect(r.tariffVersionId).not.toBe(newer.versionId);
    expect(r.subtotalMinor).toBe(18_000);
  });

  it('refuses to price a running session and one no tariff covers', async () => {
    const tenant = await aTenant(t.db);
    const { charger } = await aConnector(t.db, { tenantId: tenant.id });
    const samples: [string, number][] = [
      ['2026-11-25T04:30:00Z', 0],
      ['2026-11-25T05:30:00Z', 10_000],
    ];
    const running = await aTransaction(t.db, { tenantId: tenant.id, chargerId: charger.id, samples, status: 'ACTIVE' });
    const done = await aTransaction(t.db, { tenantId: tenant.id, chargerId: charger.id, samples });
    await expect(priceTransaction({ db: t.db, tenantId: tenant.id, transactionId: running.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(priceTransaction({ db: t.db, tenantId: tenant.id, transactionId: done.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await t.db.transaction.findUniqueOrThrow({ where: { id: done.id } })).pricedAt).toBeNull();
  });
});

describe('estimateTransactionCost', () => {
  it('estimates a running session up to now without writing, then returns the stored price once priced', async () => {
    const tenant = await aTenant(t.db);
    const { charger } = await aConnector(t.db, { tenantId: tenant.id });
    await seedDefaultTariff({ db: t.db, tenantId: tenant.id });
    const tx = await aTransaction(t.db, {
      tenantId: tenant.id,
      chargerId: charger.id,
      status: 'ACTIVE',
      samples: [
        ['2026-11-25T04:30:00Z', 0],
        ['2026-11-25T05:00:00Z', 5_000],
      ],
    });
    const live = await estimateTransactionCost({
      db: t.db,
      tenantId: tenant.id,
      transactionId: tx.id,
      now: new Date('2026-11-25T05:20:00Z'),
    });
    // Still charging at the last sample: no idle fee, ₹90 + 18%.
    expect(live).toMatchObject({ subtotalMinor: 9_000, taxMinor: 1_620, final: false, energyWh: 5_000 });
    expect((await t.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).tariffVersionId).toBeNull();

    await t.db.transaction.update({
      where: { id: tx.id },
      data: { status: 'COMPLETED', stoppedAt: new Date('2026-11-25T05:00:00Z') },
    });
    await priceTransaction({ db: t.db, tenantId: tenant.id, transactionId: tx.id });
    const final = await estimateTransactionCost({ db: t.db, tenantId: tenant.id, transactionId: tx.id });
    expect(final).toMatchObject({ final: true, totalMinor: 10_620 });
  });
});

describe('seedDefaultTariff', () => {
  it('publishes the demo tariff once, with the tenant’s tax rate', async () => {
    const tenant = await aTenant(t.db, { taxRateBps: 500 });
    const a = await seedDefaultTariff({ db: t.db, tenantId: tenant.id });
    const b = await seedDefaultTariff({ db: t.db, tenantId: tenant.id });
    expect([a.created, b.created, b.versionId === a.versionId]).toEqual([true, false, true]);
    expect(a.definition.taxRateBps).toBe(500);
    expect(a.definition.idle.graceMinutes).toBe(10);
    expect(await t.db.tariff.count({ where: { tenantId: tenant.id } })).toBe(1);
  });
});
