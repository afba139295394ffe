import { describe, expect, it } from 'vitest';
import { aPayment, aSession, terms, WEEK } from '../test/builders.ts';
import { balances, parseAccountKey, accountKey } from './accounts.ts';
import { closeWeek } from './close-week.ts';
import { refundFailed, refundSession } from './movements.ts';
import { DEFAULT_TAX_RULES } from './tax.ts';
import { splitSession } from './split-session.ts';

const at = WEEK.start + 3_600_000;
const priced = (subtotal: number, tax: number, sponsor = 0, energyMwh = 10_000_000) => ({
  currency: 'INR',
  subtotalMinor: subtotal,
  taxMinor: tax,
  totalMinor: subtotal + tax,
  sponsorMinor: sponsor,
  driverMinor: subtotal + tax - sponsor,
  energyMwh,
});

describe('splitSession, hand-computed', () => {
  it('a percentage share with platform and gateway fees borne pro rata', () => {
    // ₹100 + 18% GST = ₹118. Vendor 30% of ₹100 = 3000; operator 10000 − 3000 = 7000.
    // Platform fee 2% of 10000 = 200, pro rata 3000:7000 → vendor 60, operator 140.
    // Gateway fee 236: vendor 236 × 0.3 = 70.8, operator 165.2 → floors 70 + 165 = 235, the
    // remaining paisa to the larger remainder (0.8, the vendor) → 71 + 165. GST on the fee 42 is the operator's input.
    const { entries, summary } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800) }),
      payment: aPayment({ capturedMinor: 11_800, gatewayFeeMinor: 236, gatewayFeeTaxMinor: 42 }),
      terms: terms({
        vendorShareBps: 3000,
        platformFee: { bps: 200, bearer: 'PRO_RATA' },
        gatewayFeeBearer: 'PRO_RATA',
      }),
      at,
    });
    expect(summary).toMatchObject({
      vendorShareMinor: 3000,
      operatorShareMinor: 7000,
      platformFeeMinor: 200,
      platformFeeVendorMinor: 60,
      gatewayFeeVendorMinor: 71,
    });
    const b = balances(entries);
    expect(Object.fromEntries(b)).toEqual({
      'GATEWAY_CLEARING|INR': 11_800 - 236 - 42,
      'SESSION_REVENUE|INR': 0,
      'GST_OUTPUT|INR': -1_800,
      'VENDOR_PAYABLE:v1|INR': -(3000 - 60 - 71), // −2869
      'OPERATOR_REVENUE|INR': -(7000 - 140), // −6860
      'PLATFORM_FEES|INR': -200,
      'GATEWAY_FEES_EXPENSE|INR': 236 - 71, // 165
      'GST_INPUT|INR': 42,
    });
    expect(entries.map((e) => `${e.source.kind}:${e.source.id}`)).toEqual([
      'DRIVER_PAYMENT:pay1',
      'GST_ON_CHARGING:s1',
      'VENDOR_SHARE:s1',
      'OPERATOR_SHARE:s1',
      'PLATFORM_FEE:s1',
      'GATEWAY_FEE:pay1',
    ]);
    expect(entries.filter((e) => e.session)).toEqual([
      expect.objectContaining({ session: { sessionId: 's1', energyMwh: 10_000_000 } }),
    ]);
  });

  it.each([
    // 12.345678 kWh × ₹1.50/kWh = 1851.85 paise → 1852; operator 22222 − 1852 = 20370.
    { bps: 0, perKwh: 150, vendor: 1852, operator: 20_370 },
    // plus 30% of 22222 = 6666.6 → 6667: 6667 + 1852 = 8519; operator 22222 − 8519 = 13703.
    { bps: 3000, perKwh: 150, vendor: 8519, operator: 13_703 },
    // ₹20/kWh on 12.35 kWh = 24691.36 → 24691 exceeds the price: the operator's share goes negative (it still owes the land owner).
    { bps: 0, perKwh: 2000, vendor: 24_691, operator: -2_469 },
  ])(
    'a per-kWh land-owner share: $perKwh paise/kWh + $bps bps → vendor $vendor',
    ({ bps, perKwh, vendor, operator }) => {
      const { summary, entries } = splitSession({
        session: aSession({ priced: priced(22_222, 4_000, 0, 12_345_678) }),
        payment: aPayment({ capturedMinor: 26_222 }),
        terms: terms({ vendorShareBps: bps, landOwnerMinorPerKwh: perKwh }),
        at,
      });
      expect([summary.vendorShareMinor, summary.operatorShareMinor]).toEqual([vendor, operator]);
      expect(balances(entries).get('SESSION_REVENUE|INR')).toBe(0);
    },
  );

  it.each([
    // ₹100 + ₹18 GST, the sponsor pays half (5900). Shared: vendor 50% of 10000 = 5000.
    { handling: 'SHARE_WITH_VENDOR' as const, vendor: 5000 },
    // Operator keeps the sponsor's part: base = 10000 − round(10000 × 5900 / 11800) = 5000; 50% → 2500.
    { handling: 'OPERATOR_KEEPS' as const, vendor: 2500 },
  ])('a sponsor paying half, $handling', ({ handling, vendor }) => {
    const { summary, entries } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800, 5_900) }),
      payment: aPayment({ capturedMinor: 5_900 }),
      terms: terms({ vendorShareBps: 5000, sponsorHandling: handling }),
      at,
    });
    expect(summary.vendorShareMinor).toBe(vendor);
    const b = balances(entries);
    expect(b.get('SPONSOR_RECEIVABLE|INR')).toBe(5_900);
    expect(b.get('GATEWAY_CLEARING|INR')).toBe(5_900);
    expect(b.get('OPERATOR_REVENUE|INR')).toBe(-(10_000 - vendor));
  });

  it('a prepayment beyond the price is owed back to the driver, not revenue', () => {
    // Driver prepaid ₹500; the session cost ₹118 → ₹382 owed back.
    const { entries, summary } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800) }),
      payment: aPayment({ capturedMinor: 50_000 }),
      terms: terms(),
      at,
    });
    expect(summary.unappliedMinor).toBe(38_200);
    expect(balances(entries).get('DRIVER_BALANCE|INR')).toBe(-38_200);
  });

  it('a session on an operator site ignores vendor terms', () => {
    const { summary } = splitSession({
      session: aSession({ vendorId: null, priced: priced(10_000, 1_800) }),
      payment: aPayment({ capturedMinor: 11_800, gatewayFeeMinor: 100 }),
      terms: terms({ vendorShareBps: 5000, gatewayFeeBearer: 'VENDOR' }),
      at,
    });
    expect(summary).toMatchObject({ vendorShareMinor: 0, operatorShareMinor: 10_000, gatewayFeeVendorMinor: 0 });
  });

  it.each([
    ['subtotal + tax ≠ total', { ...priced(100, 18), totalMinor: 119 }, aPayment({ capturedMinor: 119 })],
    ['driver paid less than owed', priced(100, 18), aPayment({ capturedMinor: 117 })],
    ['no payment for a driver part', priced(100, 18), null],
    ['fractional paise', priced(100.5, 18), aPayment({ capturedMinor: 119 })],
  ])('refuses %s', (_, p, payment) => {
    expect(() => splitSession({ session: aSession({ priced: p }), payment, terms: terms(), at })).toThrow(RangeError);
  });

  it.each([
    // ₹250 + 18% GST = ₹295 paid. Vendor 40% of 25000 = 10000; operator 15000.
    // Platform fee 3% of 25000 = 750 + ₹1.01 fixed = 851.
    // OPERATOR: the operator pays it all: vendor −10000, operator −(15000 − 851) = −14149.
    { bearer: 'OPERATOR' as const, pfVendor: 0, vendor: -10_000, operator: -14_149 },
    // VENDOR: vendor −(10000 − 851) = −9149, operator −15000.
    { bearer: 'VENDOR' as const, pfVendor: 851, vendor: -9_149, operator: -15_000 },
    // SHARED (PRO_RATA) by the shares 10000:15000: 340.4 and 510.6 → floors 340 + 510 = 850, the
    // paisa left to the larger remainder (0.6, the operator): vendor −(10000 − 340) = −9660, operator −(15000 − 511) = −14489.
    { bearer: 'PRO_RATA' as const, pfVendor: 340, vendor: -9_660, operator: -14_489 },
  ])('the platform fee borne by $bearer', ({ bearer, pfVendor, vendor, operator }) => {
    const { entries, summary } = splitSession({
      session: aSession({ priced: priced(25_000, 4_500) }),
      payment: aPayment({ capturedMinor: 29_500 }),
      terms: terms({ vendorShareBps: 4000, platformFee: { bps: 300, fixedMinor: 101, bearer } }),
      at,
    });
    expect(summary).toMatchObject({ platformFeeMinor: 851, platformFeeVendorMinor: pfVendor });
    expect(Object.fromEntries(balances(entries))).toEqual({
      'GATEWAY_CLEARING|INR': 29_500,
      'SESSION_REVENUE|INR': 0,
      'GST_OUTPUT|INR': -4_500,
      'VENDOR_PAYABLE:v1|INR': vendor,
      'OPERATOR_REVENUE|INR': operator,
      'PLATFORM_FEES|INR': -851,
    });
    // What the driver paid is exactly the vendor's, the operator's, the platform's and the tax's.
    expect(-(vendor + operator) + 851 + 4_500).toBe(29_500);
  });

  it('a session billed on account: the receivable instead of the gateway, the split unchanged', () => {
    // An RFID fleet card: ₹100 + ₹18 GST on account. Vendor 30% = 3000; platform fee 2% + ₹1 = 300,
    // borne by the vendor: vendor −(3000 − 300) = −2700; operator −7000. No gateway, no fee.
    const { entries, summary } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800) }),
      payment: null,
      onAccount: true,
      terms: terms({ vendorShareBps: 3000, platformFee: { bps: 200, fixedMinor: 100, bearer: 'VENDOR' } }),
      at,
    });
    expect(summary).toMatchObject({ onAccountMinor: 11_800, capturedMinor: 0, vendorShareMinor: 3000 });
    expect(Object.fromEntries(balances(entries))).toEqual({
      'ON_ACCOUNT_RECEIVABLE|INR': 11_800,
      'SESSION_REVENUE|INR': 0,
      'GST_OUTPUT|INR': -1_800,
      'VENDOR_PAYABLE:v1|INR': -2_700,
      'OPERATOR_REVENUE|INR': -7_000,
      'PLATFORM_FEES|INR': -300,
    });
    expect(entries.map((e) => `${e.source.kind}:${e.source.id}`)).toEqual([
      'ON_ACCOUNT_CHARGE:s1',
      'GST_ON_CHARGING:s1',
      'VENDOR_SHARE:s1',
      'OPERATOR_SHARE:s1',
      'PLATFORM_FEE:s1',
    ]);
    expect(() =>
      splitSession({
        session: aSession({ priced: priced(10_000, 1_800) }),
        payment: aPayment({ capturedMinor: 11_800 }),
        onAccount: true,
        terms: terms(),
        at,
      }),
    ).toThrow(/on account/);
  });

  it('refunds a third and then the rest: each reverses its part, together exactly the split', () => {
    // 11800 refunded as 3933 + 7867. Weights [GST 1800, vendor 3000, operator 7000].
    // First: 3933 × [1800, 3000, 7000] / 11800 = [599.9, 999.9, 2333.1] → floors 599 + 999 + 2333 = 3931,
    // 2 left to the largest remainders (0.9 GST, 0.9 vendor) → [600, 1000, 2333].
    const { summary } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800) }),
      payment: aPayment({ capturedMinor: 11_800 }),
      terms: terms({ vendorShareBps: 3000 }),
      at,
    });
    const r1 = refundSession({ split: summary, refund: { id: 'r1', amountMinor: 3_933, at }, refundedBeforeMinor: 0 });
    const r2 = refundSession({
      split: summary,
      refund: { id: 'r2', amountMinor: 7_867, at },
      refundedBeforeMinor: 3_933,
    });
    expect(Object.fromEntries(balances([r1]))).toEqual({
      'GATEWAY_CLEARING|INR': -3_933,
      'GST_OUTPUT|INR': 600,
      'VENDOR_PAYABLE:v1|INR': 1_000,
      'OPERATOR_REVENUE|INR': 2_333,
    });
    expect(Object.fromEntries(balances([r1, r2]))).toEqual({
      'GATEWAY_CLEARING|INR': -11_800,
      'GST_OUTPUT|INR': 1_800,
      'VENDOR_PAYABLE:v1|INR': 3_000,
      'OPERATOR_REVENUE|INR': 7_000,
    });
    expect(() =>
      refundSession({ split: summary, refund: { id: 'r3', amountMinor: 1, at }, refundedBeforeMinor: 11_800 }),
    ).toThrow(/exceeds/);
  });

  it('a refund the gateway fails after accepting it is undone line for line, and the week counts neither', () => {
    const { entries, summary } = splitSession({
      session: aSession({ priced: priced(10_000, 1_800) }),
      payment: aPayment({ capturedMinor: 11_800 }),
      terms: terms({ vendorShareBps: 3000, platformFee: { bps: 200, bearer: 'VENDOR' } }),
      at,
    });
    const r1 = refundSession({ split: summary, refund: { id: 'r1', amountMinor: 3_933, at }, refundedBeforeMinor: 0 });
    const failed = refundFailed(r1, at + 1);
    expect(failed.source).toEqual({ kind: 'REFUND_FAILED', id: 'r1' });
    expect([...balances([r1, failed]).values()].every((v) => v === 0)).toBe(true);
    const week = closeWeek({
      week: WEEK,
      currency: 'INR',
      taxRules: DEFAULT_TAX_RULES,
      vendors: new Map([['v1', { pan: 'ABCPE1234F' }]]),
      entries: [...entries, r1, failed],
      openingCarry: new Map(),
    });
    const alone = closeWeek({
      week: WEEK,
      currency: 'INR',
      taxRules: DEFAULT_TAX_RULES,
      vendors: new Map([['v1', { pan: 'ABCPE1234F' }]]),
      entries,
      openingCarry: new Map(),
    });
    expect(week.vendors).toEqual(alone.vendors);
    expect(() => refundFailed(entries[0]!, at)).toThrow(/not a refund/);
  });

  it('account keys round-trip', () => {
    for (const a of [{ kind: 'BANK' as const }, { kind: 'VENDOR_PAYABLE' as const, vendorId: 'v:1' }]) {
      expect(parseAccountKey(accountKey(a))).toEqual(a);
    }
    expect(() => parseAccountKey('VENDOR_PAYABLE')).toThrow();
    expect(() => parseAccountKey('CASH')).toThrow();
  });
});
