import fc from 'fast-check';
import {
  parseSplitTerms,
  weekContaining,
  type PaymentFacts,
  type PricedSessionFacts,
  type SessionToSplit,
  type SplitTerms,
  type SplitTermsInput,
  type Week,
} from '../src/index.ts';

export const IST = { timeZone: 'Asia/Kolkata', closeDay: 1, cutoff: '00:00' } as const;

/** The week of Mon 23 Nov 2026 00:00 IST to Mon 30 Nov 00:00 IST. */
export const WEEK: Week = weekContaining(Date.parse('2026-11-25T12:00:00+05:30'), IST);
export const NEXT_WEEK: Week = weekContaining(WEEK.end, IST);

export function aPricedSession(p: {
  net: number;
  gstBps?: number;
  sponsor?: number;
  energyMwh?: number;
}): PricedSessionFacts {
  const gst = Math.floor((p.net * (p.gstBps ?? 1800) + 5000) / 10_000);
  const total = p.net + gst;
  const sponsor = p.sponsor ?? 0;
  return {
    currency: 'INR',
    subtotalMinor: p.net,
    taxMinor: gst,
    totalMinor: total,
    sponsorMinor: sponsor,
    driverMinor: total - sponsor,
    energyMwh: p.energyMwh ?? 10_000_000,
  };
}

export function aSession(p: Partial<SessionToSplit> & { priced: PricedSessionFacts }): SessionToSplit {
  return { id: 's1', vendorId: 'v1', siteId: 'site1', ...p };
}

export function aPayment(p: Partial<PaymentFacts> & { capturedMinor: number }): PaymentFacts {
  return { id: 'pay1', gatewayFeeMinor: 0, gatewayFeeTaxMinor: 0, ...p };
}

export function terms(t: Omit<SplitTermsInput, 'version'> & { version?: string } = {}): SplitTerms {
  return parseSplitTerms({ version: 'v1', ...t });
}

const bearer = fc.constantFrom('OPERATOR' as const, 'VENDOR' as const, 'PRO_RATA' as const);

export const anyTerms: fc.Arbitrary<SplitTerms> = fc
  .record({
    vendorShareBps: fc.integer({ min: 0, max: 10_000 }),
    landOwnerMinorPerKwh: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 2_000 })),
    platformFee: fc.record({
      bps: fc.integer({ min: 0, max: 2_000 }),
      fixedMinor: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5_000 })),
      bearer,
    }),
    gatewayFeeBearer: bearer,
    sponsorHandling: fc.constantFrom('SHARE_WITH_VENDOR' as const, 'OPERATOR_KEEPS' as const),
  })
  .map((t) => parseSplitTerms({ version: 'v-prop', ...t }));

/** A priced session with its payment: GST 0–28%, a sponsor share, a prepayment excess, fees. */
export const anyPaidSession = fc
  .record({
    net: fc.integer({ min: 0, max: 500_000 }),
    gstBps: fc.constantFrom(0, 500, 1200, 1800, 2800),
    sponsorFraction: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000 })),
    energyMwh: fc.integer({ min: 0, max: 200_000_000 }),
    excess: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 100_000 })),
    feeBps: fc.integer({ min: 0, max: 300 }),
    vendor: fc.option(fc.constantFrom('v1', 'v2', 'v3'), { nil: null, freq: 4 }),
    site: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null, freq: 6 }),
  })
  .map((r) => {
    const base = aPricedSession({ net: r.net, gstBps: r.gstBps, energyMwh: r.energyMwh });
    const sponsor = Math.floor((base.totalMinor * r.sponsorFraction) / 10_000);
    const priced = { ...base, sponsorMinor: sponsor, driverMinor: base.totalMinor - sponsor };
    const captured = priced.driverMinor + (priced.driverMinor > 0 ? r.excess : 0);
    const fee = Math.floor((captured * r.feeBps) / 10_000);
    return {
      priced,
      vendorId: r.vendor,
      siteId: r.site,
      payment:
        captured > 0
          ? { capturedMinor: captured, gatewayFeeMinor: fee, gatewayFeeTaxMinor: Math.floor((fee * 18) / 100) }
          : null,
    };
  });
