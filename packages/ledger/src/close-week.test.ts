import { describe, expect, it } from 'vitest';
import { aPayment, aSession, IST, NEXT_WEEK, terms, WEEK } from '../test/builders.ts';
import type { JournalEntry } from './accounts.ts';
import { closeWeek, type VendorStatement } from './close-week.ts';
import { payoutReturned, payoutSent, refundSession } from './movements.ts';
import { splitSession } from './split-session.ts';
import { DEFAULT_TAX_RULES, parseTaxRules, type TaxRules, type VendorTaxProfile } from './tax.ts';
import { nextWeek, weekContaining, type Week } from './week.ts';

const VENDORS = new Map<string, VendorTaxProfile>([
  ['v1', { pan: 'ABCPE1234F' }],
  ['v2', { pan: null }],
]);

let n = 0;
/** A session of `net` paise + 18% GST, paid in full, settled at `at`. */
function session(p: {
  vendorId: string | null;
  siteId: string;
  net: number;
  at: number;
  bps?: number;
  platformBps?: number;
}) {
  const id = `s${++n}`;
  const gst = (p.net * 18) / 100;
  return splitSession({
    session: aSession({
      id,
      vendorId: p.vendorId,
      siteId: p.siteId,
      priced: {
        currency: 'INR',
        subtotalMinor: p.net,
        taxMinor: gst,
        totalMinor: p.net + gst,
        sponsorMinor: 0,
        driverMinor: p.net + gst,
        energyMwh: 5_000_000,
      },
    }),
    payment: aPayment({ id: `pay-${id}`, capturedMinor: p.net + gst }),
    terms: terms({ vendorShareBps: p.bps ?? 4000, platformFee: { bps: p.platformBps ?? 0, bearer: 'VENDOR' } }),
    at: p.at,
  });
}

function close(
  week: Week,
  entries: JournalEntry[],
  carry: Record<string, number> = {},
  rules: TaxRules = DEFAULT_TAX_RULES,
) {
  return closeWeek({
    week,
    currency: 'INR',
    taxRules: rules,
    vendors: VENDORS,
    entries,
    openingCarry: new Map(Object.entries(carry)),
  });
}

const vendor = (c: { vendors: VendorStatement[] }, id: string | null) => {
  const v = c.vendors.find((x) => x.vendorId === id);
  if (!v) throw new Error(`no statement for ${id}`);
  return v;
};

const mid = WEEK.start + 2 * 86_400_000;

describe('closeWeek, hand-computed', () => {
  it('TDS under 194-O with a PAN (0.1%, to the rupee) and without (5%), per vendor and site', () => {
    const entries = [
      session({ vendorId: 'v1', siteId: 'a', net: 100_000, at: mid }),
      session({ vendorId: 'v1', siteId: 'a', net: 100_000, at: mid }),
      session({ vendorId: 'v1', siteId: 'b', net: 50_000, at: mid }),
      session({ vendorId: 'v2', siteId: 'c', net: 100_000, at: mid }),
    ].flatMap((s) => s.entries);
    const c = close(WEEK, entries);
    const v1 = vendor(c, 'v1');
    // v1: net revenue 250000 paise (₹2500); 0.1% = ₹2.50 → ₹3 (section 288B, halves up) = 300 paise,
    // spread by base: site a 200000 : site b 50000 → 240 + 60.
    expect(v1).toMatchObject({
      sessions: 3,
      energyMwh: 15_000_000,
      grossCollectedMinor: 295_000, // 250000 + 18% = 295000
      gstMinor: 45_000,
      netRevenueMinor: 250_000,
      vendorShareMinor: 100_000, // 40% of 250000
      tdsMinor: 300,
      tdsRateBps: 10,
      panValid: true,
      movementMinor: 99_700, // 100000 − 300
      netPayableMinor: 99_700,
      carryForwardMinor: 0,
    });
    expect(v1.sites.map((s) => [s.siteId, s.tdsMinor, s.movementMinor])).toEqual([
      ['a', 240, 80_000 - 240],
      ['b', 60, 20_000 - 60],
    ]);
    // v2 has no PAN: 5% of ₹1000 = ₹50 = 5000 paise; share 40000 − 5000 = 35000.
    expect(vendor(c, 'v2')).toMatchObject({
      tdsMinor: 5_000,
      tdsRateBps: 500,
      panValid: false,
      netPayableMinor: 35_000,
    });
    expect(c.entries.map((e) => [e.source.kind, e.source.id, e.lines[0]?.amountMinor])).toEqual([
      ['TDS_WITHHELD', `${WEEK.key}:v1:a`, 240],
      ['TDS_WITHHELD', `${WEEK.key}:v1:b`, 60],
      ['TDS_WITHHELD', `${WEEK.key}:v2:c`, 5_000],
    ]);
  });

  it('TDS across the 1 Oct 2024 rate change, and GST TCS at 0.5% when on', () => {
    const week = weekContaining(Date.parse('2024-10-02T12:00:00+05:30'), IST); // Mon 30 Sep – Mon 7 Oct 2024
    expect(week.key).toBe('2024-09-30');
    const entries = [
      session({ vendorId: 'v1', siteId: 'a', net: 1_000_000, at: Date.parse('2024-09-30T10:00:00+05:30') }),
      session({ vendorId: 'v1', siteId: 'a', net: 1_000_000, at: Date.parse('2024-10-01T00:00:00+05:30') }),
    ].flatMap((s) => s.entries);
    const c = close(week, entries, {}, parseTaxRules({ tcs: { enabled: true } }));
    // 30 Sep at 1%: ₹10000 → ₹100; 1 Oct at 0.1%: ₹10000 → ₹10. TDS ₹110 = 11000 paise.
    // TCS 0.5% of ₹20000 = ₹100 = 10000 paise. Share 40% of 2000000 = 800000.
    expect(vendor(c, 'v1')).toMatchObject({
      tdsMinor: 11_000,
      tcsMinor: 10_000,
      movementMinor: 800_000 - 11_000 - 10_000,
    });
  });

  it('a refund after payout lands in the next week, which goes negative and carries forward', () => {
    const s = session({ vendorId: 'v1', siteId: 'a', net: 10_000, at: mid, bps: 3000, platformBps: 200 });
    // Week 1: share 30% of 10000 = 3000, platform fee 2% = 200 (vendor's) → 2800.
    // TDS 0.1% of ₹100 = ₹0.10 → rounds to ₹0.
    const w1 = close(WEEK, s.entries);
    expect(vendor(w1, 'v1')).toMatchObject({
      vendorShareMinor: 3_000,
      platformFeesVendorMinor: 200,
      tdsMinor: 0,
      netPayableMinor: 2_800,
    });
    // Week 2: the payout of 2800 goes out, then the driver gets all 11800 back.
    const later = [
      payoutSent({
        payoutId: 'po1',
        vendorId: 'v1',
        amountMinor: 2_800,
        currency: 'INR',
        at: NEXT_WEEK.start + 60_000,
      }),
      refundSession({
        split: s.summary,
        refund: { id: 'r1', amountMinor: 11_800, at: NEXT_WEEK.start + 120_000 },
        refundedBeforeMinor: 0,
      }),
    ];
    const w2 = close(NEXT_WEEK, [...s.entries, ...w1.entries, ...later], { v1: vendor(w1, 'v1').carryForwardMinor });
    // The share comes back (−3000) and so does the vendor's platform fee (+200): −2800. Nothing is clawed back.
    expect(vendor(w2, 'v1')).toMatchObject({
      sessions: 0,
      refundsMinor: 11_800,
      vendorRefundsMinor: 3_000,
      platformFeesVendorMinor: -200,
      payoutsSentMinor: 2_800,
      movementMinor: -2_800,
      closingMinor: -2_800,
      netPayableMinor: 0,
      carryForwardMinor: -2_800,
    });
    expect(w1.totals.refundsMinor).toBe(0);

    // Week 3: a ₹50 session earns 40% = 2000: still −800, carried again.
    const week3 = nextWeek(NEXT_WEEK, IST);
    const s3 = session({ vendorId: 'v1', siteId: 'a', net: 5_000, at: week3.start + 1 });
    const w3 = close(week3, s3.entries, { v1: -2_800 });
    expect(vendor(w3, 'v1')).toMatchObject({
      openingCarryMinor: -2_800,
      movementMinor: 2_000,
      closingMinor: -800,
      netPayableMinor: 0,
      carryForwardMinor: -800,
    });
    // Week 4: ₹75 earns 3000: 3000 − 800 = 2200 paid.
    const week4 = nextWeek(week3, IST);
    const w4 = close(week4, session({ vendorId: 'v1', siteId: 'a', net: 7_500, at: week4.start }).entries, {
      v1: -800,
    });
    expect(vendor(w4, 'v1')).toMatchObject({ closingMinor: 2_200, netPayableMinor: 2_200, carryForwardMinor: 0 });
  });

  it('a failed payout returns to the vendor and is paid with the next week', () => {
    const s = session({ vendorId: 'v1', siteId: 'a', net: 10_000, at: mid, bps: 3000 });
    const w1 = close(WEEK, s.entries);
    expect(vendor(w1, 'v1').netPayableMinor).toBe(3_000);
    const sent = payoutSent({
      payoutId: 'po1',
      vendorId: 'v1',
      amountMinor: 3_000,
      currency: 'INR',
      at: NEXT_WEEK.start + 1,
    });
    const failed = payoutReturned({
      payoutId: 'po1',
      vendorId: 'v1',
      amountMinor: 3_000,
      currency: 'INR',
      at: NEXT_WEEK.start + 2,
      reason: 'IMPS beneficiary bank offline',
    });
    const w2 = close(NEXT_WEEK, [sent, failed]);
    expect(vendor(w2, 'v1')).toMatchObject({
      payoutsSentMinor: 3_000,
      payoutsReturnedMinor: 3_000,
      movementMinor: 3_000,
      netPayableMinor: 3_000,
    });
  });

  it('a sponsored session: the sponsor’s half counts in gross collected and, shared, in the vendor’s base', () => {
    // ₹100 + ₹18 GST = 11800, the sponsor pays 5900 and the driver 5900.
    const sponsored = (handling: 'SHARE_WITH_VENDOR' | 'OPERATOR_KEEPS') =>
      splitSession({
        session: aSession({
          id: `sp-${handling}`,
          siteId: 'a',
          priced: {
            currency: 'INR',
            subtotalMinor: 10_000,
            taxMinor: 1_800,
            totalMinor: 11_800,
            sponsorMinor: 5_900,
            driverMinor: 5_900,
            energyMwh: 4_000_000,
          },
        }),
        payment: aPayment({ id: `pay-sp-${handling}`, capturedMinor: 5_900 }),
        terms: terms({ vendorShareBps: 5000, sponsorHandling: handling }),
        at: mid,
      }).entries;
    // Shared: 50% of 10000 = 5000. TDS 0.1% of ₹100 = ₹0.10 → ₹0.
    expect(vendor(close(WEEK, sponsored('SHARE_WITH_VENDOR')), 'v1')).toMatchObject({
      grossCollectedMinor: 11_800,
      gstMinor: 1_800,
      netRevenueMinor: 10_000,
      vendorShareMinor: 5_000,
      movementMinor: 5_000,
    });
    // Operator keeps the sponsor's part: 50% of (10000 − 10000 × 5900 / 11800 = 5000) = 2500.
    expect(vendor(close(WEEK, sponsored('OPERATOR_KEEPS')), 'v1')).toMatchObject({
      grossCollectedMinor: 11_800,
      vendorShareMinor: 2_500,
    });
  });

  it('items after the cut-off belong to the next week; the cut-off instant itself is the next week', () => {
    const a = session({ vendorId: 'v1', siteId: 'a', net: 10_000, at: WEEK.end - 1 });
    const b = session({ vendorId: 'v1', siteId: 'a', net: 10_000, at: WEEK.end });
    const c = close(WEEK, [...a.entries, ...b.entries]);
    expect(vendor(c, 'v1').sessions).toBe(1);
    expect(c.skippedOutsideWeek).toBe(b.entries.length);
  });

  it('the operator’s own sites get a statement with no payable and no TDS', () => {
    const c = close(WEEK, session({ vendorId: null, siteId: 'own', net: 10_000, at: mid }).entries);
    expect(vendor(c, null)).toMatchObject({
      sessions: 1,
      operatorShareMinor: 10_000,
      tdsMinor: 0,
      netPayableMinor: 0,
      carryForwardMinor: 0,
    });
  });

  it('a vendor with only a carry still gets a statement; one without a tax profile is refused', () => {
    expect(vendor(close(WEEK, [], { v2: -500 }), 'v2')).toMatchObject({
      sessions: 0,
      closingMinor: -500,
      carryForwardMinor: -500,
    });
    expect(() => close(WEEK, session({ vendorId: 'v9', siteId: 'a', net: 100, at: mid }).entries)).toThrow(
      /tax profile/,
    );
  });
});
