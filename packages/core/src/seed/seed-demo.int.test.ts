import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { verifySecret } from '../auth/password.ts';
import { seedDemo } from './seed-demo.ts';
import { seedLargeFleet } from './seed-large-fleet.ts';
import { getFleetKpis } from '../fleet/get-fleet-kpis.ts';
import { getPowerChart } from '../fleet/get-power-chart.ts';
import { tenantScope } from '../tenancy/scope.ts';

describe('seedDemo', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => t.drop());

  it('creates the promised demo network once', async () => {
    const first = await seedDemo({ db: t.db });
    expect(first.created).toBe(true);
    const second = await seedDemo({ db: t.db });
    expect(second).toEqual({ created: false, tenantId: first.tenantId });

    const tenantId = first.tenantId;
    const sites = await t.db.site.findMany({ where: { tenantId } });
    expect(sites).toHaveLength(6);
    expect(new Set(sites.map((s) => s.city)).size).toBe(3);
    expect(await t.db.vendor.count({ where: { tenantId } })).toBe(2);
    const chargers = await t.db.charger.findMany({ where: { tenantId }, include: { connectors: true } });
    expect(chargers).toHaveLength(24);
    expect(new Set(chargers.map((c) => c.protocol))).toEqual(new Set(['OCPP16', 'OCPP201']));
    for (const c of chargers) {
      expect(c.connectors.length).toBeGreaterThanOrEqual(1);
      expect(c.connectors.length).toBeLessThanOrEqual(2);
      expect(Number(c.maxPowerKw)).toBeGreaterThanOrEqual(7.4);
      expect(Number(c.maxPowerKw)).toBeLessThanOrEqual(60);
      expect(c.vendorId).not.toBeNull();
    }
    // Location-style identities: the city's code, then the site's place in the city and the charger's.
    expect(chargers.every((c) => /^(BLR|MUM|PUN)-0[1-9][1-9]$/.test(c.identity))).toBe(true);
    const blr014 = chargers.find((c) => c.identity === 'BLR-014')!;
    expect(sites.find((s) => s.id === blr014.siteId)?.name).toBe('Indiranagar Café');
    expect(Number(blr014.maxPowerKw)).toBe(7.4);
    for (const c of chargers) {
      const city = sites.find((s) => s.id === c.siteId)!.city;
      expect(c.identity.slice(0, 3)).toBe({ Bengaluru: 'BLR', Mumbai: 'MUM', Pune: 'PUN' }[city]);
    }
    expect(new Set(sites.map((s) => s.timezone))).toEqual(new Set(['Asia/Kolkata']));
    const admin = await t.db.user.findUniqueOrThrow({
      where: { email: 'admin@demo.test' },
      include: { memberships: true },
    });
    expect(await verifySecret('demo1234', admin.passwordHash)).toBe(true);
    expect(admin.memberships[0]?.role).toBe('OPERATOR_ADMIN');
    const vendorUser = await t.db.user.findUniqueOrThrow({
      where: { email: 'vendor@demo.test' },
      include: { memberships: true },
    });
    expect(vendorUser.memberships[0]?.role).toBe('VENDOR_USER');
    expect(vendorUser.memberships[0]?.vendorId).not.toBeNull();
    const versions = await t.db.tariffVersion.findMany({ where: { tenantId } });
    expect(versions).toHaveLength(1);
  });

  it('marks the chargers it created, also in a demo tenant seeded before chargers had an origin', async () => {
    const { tenantId } = await seedDemo({ db: t.db });
    const seeded = await t.db.charger.findMany({ where: { tenantId }, select: { origin: true } });
    expect(new Set(seeded.map((c) => c.origin))).toEqual(new Set(['DEMO_SEED']));

    await t.db.charger.updateMany({ where: { tenantId }, data: { origin: 'OPERATOR' } });
    await t.db.charger.create({ data: { tenantId, identity: 'LATER-1' } });
    // A demo seeded before identities were location-style (DEMO-0001…) is recognised too.
    await t.db.charger.create({ data: { tenantId, identity: 'DEMO-0007', createdAt: new Date(0) } });
    await seedDemo({ db: t.db });
    const after = await t.db.charger.findMany({ where: { tenantId }, select: { identity: true, origin: true } });
    expect(after.filter((c) => c.origin === 'DEMO_SEED')).toHaveLength(25);
    expect(after.find((c) => c.identity === 'DEMO-0007')?.origin).toBe('DEMO_SEED');
    expect(after.find((c) => c.identity === 'LATER-1')?.origin).toBe('OPERATOR');

    // A tenant the seed did not create is never marked, whatever its chargers are called.
    const other = await t.db.tenant.create({ data: { slug: 'not-seeded', name: 'Not seeded' } });
    await t.db.charger.create({ data: { tenantId: other.id, identity: after[0]!.identity } });
    await seedDemo({ db: t.db, slug: 'not-seeded' });
    expect((await t.db.charger.findFirstOrThrow({ where: { tenantId: other.id } })).origin).toBe('OPERATOR');
  });

  it('adds a large fleet of exactly the requested connectors', async () => {
    const tenant = await t.db.tenant.create({ data: { slug: 'big', name: 'Big Fleet' } });
    const r = await seedLargeFleet({ db: t.db, tenantId: tenant.id, connectors: 2001 });
    expect(r).toEqual({ chargers: 1001, connectors: 2001 });
    expect(await t.db.connector.count({ where: { tenantId: tenant.id } })).toBe(2001);
  });

  it('adds 30 days of believable, reproducible history with closed weeks and a balanced ledger', async () => {
    const now = new Date('2026-11-18T09:35:00Z');
    const a = await seedDemo({ db: t.db, slug: 'hist-a', history: { days: 30, now } });
    const b = await seedDemo({ db: t.db, slug: 'hist-b', history: { days: 30, now } });
    console.log('demo history', a.history);
    const strip = ({ ms: _, ...r }: NonNullable<typeof a.history>) => r;
    expect(strip(b.history!)).toEqual(strip(a.history!));
    expect(await figures(a.tenantId)).toEqual(await figures(b.tenantId));

    const tenantId = a.tenantId;
    const txs = await t.db.transaction.findMany({
      where: { tenantId },
      select: {
        startedAt: true,
        stoppedAt: true,
        status: true,
        costMinor: true,
        taxMinor: true,
        sponsorMinor: true,
        paymentId: true,
        payment: true,
      },
    });
    expect(txs.length).toBeGreaterThan(1000);
    const days = new Set(txs.map((x) => x.startedAt.toISOString().slice(0, 10)));
    expect(days.size).toBeGreaterThanOrEqual(30);
    for (const x of txs) {
      expect(x.status).toBe('COMPLETED');
      expect(x.stoppedAt!.getTime()).toBeLessThanOrEqual(now.getTime());
      expect(x.costMinor).not.toBeNull();
      // A driver's UPI payment is exactly the priced total.
      if (x.payment) expect(x.payment.capturedMinor).toBe(x.costMinor! + x.taxMinor! - (x.sponsorMinor ?? 0));
    }
    expect(txs.some((x) => x.payment === null)).toBe(true); // fleet cards
    expect(await t.db.refund.count({ where: { payment: { tenantId } } })).toBeGreaterThan(0);
    expect(await t.db.fault.count({ where: { tenantId } })).toBeGreaterThan(0);
    expect(await t.db.reservation.count({ where: { tenantId } })).toBeGreaterThan(0);
    // Chargers with a history were last heard from at their last session or fault, not "never".
    const chargers = await t.db.charger.findMany({
      where: { tenantId },
      select: { lastSeenAt: true, transactions: { select: { stoppedAt: true } } },
    });
    for (const c of chargers.filter((c) => c.transactions.length > 0)) {
      const lastStop = Math.max(...c.transactions.map((x) => x.stoppedAt!.getTime()));
      expect(c.lastSeenAt!.getTime()).toBeGreaterThanOrEqual(lastStop);
      expect(c.lastSeenAt!.getTime()).toBeLessThanOrEqual(now.getTime());
    }

    // The ledger balances, the ended weeks are closed with statements, and paid.
    const sum = await t.db.journalLine.aggregate({ where: { tenantId }, _sum: { amountMinor: true } });
    expect(sum._sum.amountMinor).toBe(0n);
    const weeks = await t.db.settlementWeek.findMany({ where: { tenantId, status: 'CLOSED' } });
    expect(weeks.length).toBeGreaterThanOrEqual(4);
    const statements = await t.db.settlementStatement.findMany({ where: { tenantId, siteKey: '' } });
    expect(statements.length).toBeGreaterThanOrEqual(weeks.length * 2);
    expect(statements.every((s) => s.sessions > 0 && s.vendorShareMinor > 0)).toBe(true);
    expect(await t.db.payout.count({ where: { tenantId, status: 'PROCESSED' } })).toBeGreaterThan(0);

    // The first screen has something to compare: sessions today, yesterday and at this hour last week.
    const kpis = await getFleetKpis({ db: t.db, scope: tenantScope(tenantId), now, estimateWaitMs: 0 });
    expect(kpis.energyTodayWh).toBeGreaterThan(0);
    expect(kpis.energyYesterdayWh).toBeGreaterThan(0);
    expect(kpis.revenueYesterdayMinor).toBeGreaterThan(0);
    const chart = await getPowerChart({ db: t.db, scope: tenantScope(tenantId), now, cacheMs: 0 });
    expect(chart.filter((p) => p.kw > 0).length).toBeGreaterThan(chart.length / 2);
  }, 300_000);

  /** What the screens show, independent of row ids (vendors named, weeks in order). */
  async function figures(tenantId: string) {
    const [tx] = await t.db.$queryRaw<Record<string, unknown>[]>`
      SELECT count(*)::int AS n, sum("energyWh")::bigint::text AS wh, sum("costMinor")::bigint::text AS cost,
             sum("taxMinor")::bigint::text AS tax, min("startedAt") AS first, max("stoppedAt") AS last
      FROM "Transaction" WHERE "tenantId" = ${tenantId}::uuid`;
    const vendors = new Map((await t.db.vendor.findMany({ where: { tenantId } })).map((v) => [v.id, v.name] as const));
    const statements = (
      await t.db.settlementStatement.findMany({
        where: { tenantId, siteKey: '' },
        include: { week: { select: { weekStart: true } } },
      })
    )
      .map((s) => ({
        week: s.week.weekStart.toISOString(),
        vendor: vendors.get(s.vendorId),
        sessions: s.sessions,
        energyWh: s.energyWh,
        grossMinor: s.grossMinor,
        vendorShareMinor: s.vendorShareMinor,
        tdsMinor: s.tdsMinor,
        refundsMinor: s.refundsMinor,
        netPayableMinor: s.netPayableMinor,
      }))
      .sort((x, y) => `${x.week}${x.vendor}`.localeCompare(`${y.week}${y.vendor}`));
    const payouts = (await t.db.payout.findMany({ where: { tenantId } }))
      .map((p) => ({ vendor: vendors.get(p.vendorId ?? ''), amountMinor: p.amountMinor, status: p.status }))
      .sort((x, y) => `${x.vendor}${x.amountMinor}`.localeCompare(`${y.vendor}${y.amountMinor}`));
    return { tx, statements, payouts };
  }
});
