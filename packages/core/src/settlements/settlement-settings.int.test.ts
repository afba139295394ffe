import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope, vendorScope } from '../tenancy/scope.ts';
import { settlementSetup, setTaxRate, updateSettlementConfig } from './settlement-setup.ts';
import { aTenantWithVendors } from './settlements.fixtures.ts';
import { createSplitTerms, ledgerTermsOf, listSplitTerms, termsAt } from './split-terms.ts';

// What the operator's terms and settings forms call: terms are versions (never edited), a vendor
// user reads its own and changes nothing, rates apply from their local date, and the week's cut-off
// is fixed once a week has closed.

let t: TestDatabase;
let tenantId: string;
let vendorId: string;
let siteId: string;
let other: string;

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  const w = await aTenantWithVendors(t.db, { vendors: 2 });
  tenantId = w.tenant.id;
  vendorId = w.vendors[0]!.vendor.id;
  siteId = w.vendors[0]!.site.id;
  other = w.vendors[1]!.vendor.id;
});
afterAll(async () => {
  await t?.drop();
});

describe('split terms versions', () => {
  it('adds versions, keeps the old ones, and picks the one in force (a site before its vendor)', async () => {
    const admin = tenantScope(tenantId);
    const v1 = await createSplitTerms({
      db: t.db,
      scope: admin,
      input: { vendorId, effectiveFrom: new Date('2026-01-01T00:00:00Z'), vendorShareBps: 7000 },
    });
    const v2 = await createSplitTerms({
      db: t.db,
      scope: admin,
      input: {
        vendorId,
        effectiveFrom: new Date('2026-06-01T00:00:00Z'),
        vendorShareBps: 6500,
        vendorPerKwhMinor: 150,
        platformFeeBps: 200,
        platformFeeBearer: 'SHARED',
        gatewayFeeBearer: 'VENDOR',
        sponsorShared: false,
      },
    });
    const site = await createSplitTerms({
      db: t.db,
      scope: admin,
      input: { vendorId, siteId, effectiveFrom: new Date('2026-09-01T00:00:00Z'), vendorShareBps: 8000 },
    });
    expect([v1.version, v2.version, site.version]).toEqual([1, 2, 1]);
    const at = (iso: string, s: string | null = siteId) =>
      termsAt(t.db, { tenantId, vendorId, siteId: s, at: new Date(iso) }).then((r) => r?.id);
    expect(await at('2026-03-01T00:00:00Z')).toBe(v1.id);
    expect(await at('2026-07-01T00:00:00Z')).toBe(v2.id);
    expect(await at('2026-10-01T00:00:00Z')).toBe(site.id);
    expect(await at('2026-10-01T00:00:00Z', null)).toBe(v2.id);
    // The first version is as it was.
    expect((await t.db.splitTerms.findUniqueOrThrow({ where: { id: v1.id } })).vendorShareBps).toBe(7000);
    expect(ledgerTermsOf(v2)).toMatchObject({
      vendorShareBps: 6500,
      landOwnerMinorPerKwh: 150,
      platformFee: { bps: 200, fixedMinor: 0, bearer: 'PRO_RATA' },
      gatewayFeeBearer: 'VENDOR',
      sponsorHandling: 'OPERATOR_KEEPS',
    });
  });

  it('shows a vendor user its own terms, and refuses it a new version', async () => {
    const mine = await listSplitTerms({ db: t.db, scope: vendorScope(tenantId, vendorId) });
    expect(mine.map((r) => r.version).sort()).toEqual([1, 1, 2]);
    expect(await listSplitTerms({ db: t.db, scope: vendorScope(tenantId, other) })).toEqual([]);
    await expect(
      createSplitTerms({
        db: t.db,
        scope: vendorScope(tenantId, vendorId),
        input: { vendorId, effectiveFrom: new Date(), vendorShareBps: 10_000 },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await t.db.splitTerms.count({ where: { vendorId } })).toBe(3);
  });
});

describe('settlement settings', () => {
  it('applies a rate from its local date, with the defaults before it', async () => {
    const before = await settlementSetup(t.db, tenantId);
    expect(before.taxRules.tds.withPan.at(-1)).toEqual({ from: '2024-10-01', bps: 10 });
    expect(before.taxRules.tds.withoutPan).toEqual([{ from: '2020-10-01', bps: 500 }]);
    expect(before.taxRules.tcs).toMatchObject({ enabled: false, rates: [{ bps: 100 }, { bps: 50 }] });
    await setTaxRate({
      db: t.db,
      scope: tenantScope(tenantId),
      // Midnight 1 April 2027 in Kolkata.
      input: { kind: 'TCS_52', rateBps: 25, effectiveFrom: new Date('2027-03-31T18:30:00Z') },
    });
    const after = await settlementSetup(t.db, tenantId);
    expect(after.taxRules.tcs.rates).toEqual([{ from: '2027-04-01', bps: 25 }]);
  });

  it('moves the cut-off until a week has closed, and then only toggles TCS', async () => {
    const admin = tenantScope(tenantId);
    await updateSettlementConfig({ db: t.db, scope: admin, input: { cutoffWeekday: 5, cutoffMinute: 18 * 60 } });
    expect((await settlementSetup(t.db, tenantId)).week).toMatchObject({ closeDay: 5, cutoff: '18:00' });
    await t.db.settlementWeek.create({
      data: {
        tenantId,
        weekStart: new Date('2026-11-13T12:30:00Z'),
        weekEnd: new Date('2026-11-20T12:30:00Z'),
        status: 'CLOSED',
      },
    });
    await expect(
      updateSettlementConfig({ db: t.db, scope: admin, input: { cutoffWeekday: 1, cutoffMinute: 0 } }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await updateSettlementConfig({ db: t.db, scope: admin, input: { cutoffWeekday: 5, tcsEnabled: true } });
    expect((await settlementSetup(t.db, tenantId)).taxRules.tcs.enabled).toBe(true);
    await expect(
      updateSettlementConfig({ db: t.db, scope: vendorScope(tenantId, vendorId), input: { tcsEnabled: false } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
