import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantScope, vendorScope } from '../tenancy/scope.ts';
import { closeSettlementWeek } from './close-week.ts';
import { updateSettlementConfig } from './settlement-setup.ts';
import { aPaidSession, aTenantWithVendors } from './settlements.fixtures.ts';
import { createSplitTerms } from './split-terms.ts';
import { fyQuarterOf, fyQuarterRange, taxSummary, taxSummaryCsv } from './tax-summary.ts';

// The quarter's TDS (194-O) and TCS (section 52) from closed weeks, Asia/Kolkata, weeks closing on
// Monday 00:00. Vendor 1 has a PAN (0.1%), vendor 2 none (5%); TCS is on at 0.5%. Sessions:
//   Wed 23 Sep 2026, vendor 1, ₹1,000.00 excl. GST: week 21–27 Sep, deducted 27 Sep → Q2, not Q3
//   Tue 29 Sep 2026, vendor 1, ₹2,500.50: week 28 Sep – 4 Oct, deducted 4 Oct → Q3
//       TDS 0.1% = ₹2.5005, rounded to the rupee ₹3.00; TCS 0.5% = ₹12.50 (12.5025, to the paisa)
//   Wed 18 Nov 2026, vendor 1, ₹6,000.00: TDS ₹6.00, TCS ₹30.00
//   Wed 18 Nov 2026, vendor 2, ₹1,200.00, no PAN: TDS 5% = ₹60.00, TCS ₹6.00
// Q3 FY 2026-27 totals: 194-O on ₹9,700.50, ₹69.00 from 2 deductees; section 52 ₹48.50.

let t: TestDatabase;
let tenantId: string;
let v1: string;
let v2: string;
const Q3 = { fyStart: 2026, quarter: 3 };

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  const w = await aTenantWithVendors(t.db, { vendors: 2, pans: ['ABCPE1234F', null] });
  tenantId = w.tenant.id;
  const scope = tenantScope(tenantId);
  await updateSettlementConfig({ db: t.db, scope, input: { tcsEnabled: true } });
  for (const { vendor } of w.vendors) {
    await createSplitTerms({
      db: t.db,
      scope,
      input: { vendorId: vendor.id, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
    });
  }
  const [a, b] = w.vendors as [(typeof w.vendors)[number], (typeof w.vendors)[number]];
  [v1, v2] = [a.vendor.id, b.vendor.id];
  const session = (v: typeof a, at: string, costMinor: number) =>
    aPaidSession(t.db, {
      tenantId,
      vendorId: v.vendor.id,
      siteId: v.site.id,
      chargerId: v.charger.id,
      at: new Date(at),
      energyWh: 10_000,
      costMinor,
      taxMinor: Math.round(costMinor * 0.18),
    });
  await session(a, '2026-09-23T06:00:00Z', 100_000);
  await session(a, '2026-09-29T06:00:00Z', 250_050);
  await session(a, '2026-11-18T06:00:00Z', 600_000);
  await session(b, '2026-11-18T07:00:00Z', 120_000);
  const now = new Date('2026-12-01T00:00:00Z');
  // Weeks without postings in between need no close.
  for (const at of ['2026-09-23', '2026-09-30', '2026-11-18']) {
    await closeSettlementWeek({ db: t.db, tenantId, at: new Date(`${at}T06:00:00Z`), now });
  }
});
afterAll(async () => {
  await t?.drop();
});

describe('financial-year quarters', () => {
  it.each([
    ['2026-04-01T00:00:00+05:30', { fyStart: 2026, quarter: 1 }],
    ['2026-03-31T23:59:00+05:30', { fyStart: 2025, quarter: 4 }],
    ['2026-09-30T23:00:00+05:30', { fyStart: 2026, quarter: 2 }],
    ['2026-10-01T00:00:00+05:30', { fyStart: 2026, quarter: 3 }],
    ['2027-01-15T12:00:00+05:30', { fyStart: 2026, quarter: 4 }],
  ])('%s is in %o', (at, q) => {
    expect(fyQuarterOf('Asia/Kolkata', new Date(at))).toEqual(q);
  });

  it('bounds a quarter at local midnight', () => {
    const r = fyQuarterRange('Asia/Kolkata', { fyStart: 2026, quarter: 4 });
    expect(r.from.toISOString()).toBe('2026-12-31T18:30:00.000Z');
    expect(r.to.toISOString()).toBe('2027-03-31T18:30:00.000Z');
    expect(r.label).toBe('Q4 FY 2026-27 (Jan–Mar 2027)');
  });
});

describe('the quarterly TDS / TCS summary', () => {
  it('lists each deductee and week with the amount, the rate and the tax, with and without PAN', async () => {
    const s = await taxSummary({ db: t.db, scope: tenantScope(tenantId, 'OPERATOR_STAFF'), input: Q3 });
    const pick = (section: string) =>
      s.rows
        .filter((r) => r.section === section)
        .map((r) => [r.vendorName, r.pan, r.deductedOn, r.amountMinor, r.rateBps, r.taxMinor]);
    expect(pick('194-O')).toEqual([
      ['Vendor 1', 'ABCPE1234F', '2026-10-04', 250_050, 10, 300],
      ['Vendor 1', 'ABCPE1234F', '2026-11-22', 600_000, 10, 600],
      ['Vendor 2', null, '2026-11-22', 120_000, 500, 6000],
    ]);
    expect(pick('52')).toEqual([
      ['Vendor 1', 'ABCPE1234F', '2026-10-04', 250_050, 50, 1250],
      ['Vendor 1', 'ABCPE1234F', '2026-11-22', 600_000, 50, 3000],
      ['Vendor 2', null, '2026-11-22', 120_000, 50, 600],
    ]);
    expect(s.totals).toEqual([
      { section: '194-O', deductees: 2, amountMinor: 970_050, taxMinor: 6900 },
      { section: '52', deductees: 2, amountMinor: 970_050, taxMinor: 4850 },
    ]);
    // Each row's tax is what the week's close withheld from that vendor's statement.
    const nov = s.rows.find((r) => r.vendorId === v2 && r.section === '194-O')!;
    const statement = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: nov.weekId!, vendorId: v2, siteKey: '' },
    });
    expect(Number(statement.tdsMinor)).toBe(nov.taxMinor);
    const q2 = await taxSummary({ db: t.db, scope: tenantScope(tenantId), input: { fyStart: 2026, quarter: 2 } });
    expect(q2.rows.map((r) => [r.section, r.deductedOn, r.taxMinor])).toEqual([
      ['194-O', '2026-09-27', 100],
      ['52', '2026-09-27', 500],
    ]);
  });

  it('gives a vendor user its own rows only', async () => {
    const s = await taxSummary({ db: t.db, scope: vendorScope(tenantId, v2), input: Q3 });
    expect(s.rows.map((r) => r.vendorId)).toEqual([v2, v2]);
    expect(s.totals[0]).toEqual({ section: '194-O', deductees: 1, amountMinor: 120_000, taxMinor: 6000 });
    const mine = await taxSummaryCsv({ db: t.db, scope: vendorScope(tenantId, v1), input: Q3 });
    expect(mine.csv).not.toContain('Vendor 2');
  });

  it('writes the CSV for filing: rupees with two decimals, local dates, PANNOTAVBL', async () => {
    const { filename, csv } = await taxSummaryCsv({ db: t.db, scope: tenantScope(tenantId), input: Q3 });
    expect(filename).toBe('tds-tcs-FY2026-27-Q3.csv');
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Section,Deductee (legal name),Vendor,PAN,GSTIN,Week from,Week to,Date of deduction,' +
        'Amount paid or credited (INR),Rate (%),Tax deducted or collected (INR),Statement (week id)',
    );
    expect(lines[1]).toMatch(
      /^194-O,Vendor 1 Pvt Ltd,Vendor 1,ABCPE1234F,,2026-09-28,2026-10-04,2026-10-04,2500\.50,0\.10,3\.00,[0-9a-f-]{36}$/,
    );
    expect(lines[3]).toMatch(
      /^194-O,Vendor 2 Pvt Ltd,Vendor 2,PANNOTAVBL,,2026-11-16,2026-11-22,2026-11-22,1200\.00,5\.00,60\.00,/,
    );
    expect(lines).toContain('194-O,Total (2 deductees),,,,,,,9700.50,,69.00,');
    expect(lines).toContain('52,Total (2 deductees),,,,,,,9700.50,,48.50,');
    expect(lines).toHaveLength(1 + 6 + 2);
  });

  it('reports the PAN and the rate the week’s close applied, also after the vendor’s PAN changed', async () => {
    // After the close: vendor 2 registers a PAN, vendor 1's is removed (say, found invalid).
    await t.db.vendor.update({ where: { id: v2 }, data: { pan: 'ABCPE9999K' } });
    await t.db.vendor.update({ where: { id: v1 }, data: { pan: null } });
    try {
      const s = await taxSummary({ db: t.db, scope: tenantScope(tenantId), input: Q3 });
      expect(
        s.rows.filter((r) => r.section === '194-O').map((r) => [r.vendorName, r.pan, r.rateBps, r.taxMinor]),
      ).toEqual([
        ['Vendor 1', 'ABCPE1234F', 10, 300],
        ['Vendor 1', 'ABCPE1234F', 10, 600],
        ['Vendor 2', null, 500, 6000],
      ]);
      const { csv } = await taxSummaryCsv({ db: t.db, scope: tenantScope(tenantId), input: Q3 });
      expect(csv).toMatch(
        /\r\n194-O,Vendor 2 Pvt Ltd,Vendor 2,PANNOTAVBL,,2026-11-16,2026-11-22,2026-11-22,1200\.00,5\.00,60\.00,/,
      );
      expect(csv).not.toContain('ABCPE9999K');
      // As the statements keep them.
      const kept = await t.db.settlementStatement.findMany({
        where: { tenantId, siteKey: '', vendorId: v2 },
        select: { pan: true, panValid: true, tdsRateBps: true, tcsRateBps: true },
      });
      expect(kept).toEqual([{ pan: null, panValid: false, tdsRateBps: 500, tcsRateBps: 50 }]);
    } finally {
      await t.db.vendor.update({ where: { id: v2 }, data: { pan: null } });
      await t.db.vendor.update({ where: { id: v1 }, data: { pan: 'ABCPE1234F' } });
    }
  });
});
