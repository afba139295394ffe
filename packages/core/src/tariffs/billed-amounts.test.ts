import { describe, expect, it } from 'vitest';
import { billedAmounts, splitTaxInclusive } from './billed-amounts.ts';

describe('splitTaxInclusive', () => {
  it.each([
    // 36108 × 10000 / 11800 = 30600 exactly; tax 36108 − 30600 = 5508
    [36108, 1800, 30600, 5508],
    // 10000 × 10000 / 11800 = 8474.58 → 8475; tax 10000 − 8475 = 1525
    [10000, 1800, 8475, 1525],
    // 59 × 10000 / 11800 = 50 exactly
    [59, 1800, 50, 9],
    // 1 × 10000 / 11800 = 0.847 → 1; tax 0
    [1, 1800, 1, 0],
    // 10620 / 1.18 = 9000
    [10620, 1800, 9000, 1620],
    // 5% GST: 105 / 1.05 = 100
    [105, 500, 100, 5],
    // 0%: all of it is taxable value
    [12345, 0, 12345, 0],
    [0, 1800, 0, 0],
  ])('%i at %i bps → %i + %i', (gross, bps, taxable, tax) => {
    expect(splitTaxInclusive(gross, bps)).toEqual({ taxableMinor: taxable, taxMinor: tax, grossMinor: gross });
  });
});

describe('billedAmounts', () => {
  it('a sponsored session: the driver’s taxable value and GST, and the sponsor’s, add up to the price', () => {
    // Issue #16: subtotal ₹396.00, GST ₹71.28 (18%), total ₹467.28, sponsor ₹106.20 → driver ₹361.08
    // driver: 36108 / 1.18 = 30600 + 5508; sponsor: 39600 − 30600 = 9000, 7128 − 5508 = 1620 (= 10620)
    expect(billedAmounts({ subtotalMinor: 39600, taxMinor: 7128, sponsorMinor: 10620, taxRateBps: 1800 })).toEqual({
      rated: { taxableMinor: 39600, taxMinor: 7128, grossMinor: 46728 },
      billed: { taxableMinor: 39600, taxMinor: 7128, grossMinor: 46728 },
      sponsor: { taxableMinor: 9000, taxMinor: 1620, grossMinor: 10620 },
      writtenOff: { taxableMinor: 0, taxMinor: 0, grossMinor: 0 },
      driver: { taxableMinor: 30600, taxMinor: 5508, grossMinor: 36108 },
    });
  });

  it('an overrun past ₹100 prepaid: ₹6.20 written off, the billed ₹100 split into 84.75 + 15.25', () => {
    // Issue #16: lines ₹90.00 + GST ₹16.20 = ₹106.20; paid ₹100.00 → written off 620
    // billed: 10000 / 1.18 = 8474.58 → 8475, tax 1525; written off: 9000 − 8475 = 525, 1620 − 1525 = 95
    expect(
      billedAmounts({ subtotalMinor: 9000, taxMinor: 1620, sponsorMinor: 0, taxRateBps: 1800, writtenOffMinor: 620 }),
    ).toEqual({
      rated: { taxableMinor: 9000, taxMinor: 1620, grossMinor: 10620 },
      billed: { taxableMinor: 8475, taxMinor: 1525, grossMinor: 10000 },
      sponsor: { taxableMinor: 0, taxMinor: 0, grossMinor: 0 },
      writtenOff: { taxableMinor: 525, taxMinor: 95, grossMinor: 620 },
      driver: { taxableMinor: 8475, taxMinor: 1525, grossMinor: 10000 },
    });
  });

  it('sponsored and overrun: the sponsor’s share stands, the driver’s is capped', () => {
    // rated 39600 + 7128 = 46728; sponsor 10620; driver rated 36108, paid 30000 → written off 6108
    // billed gross 46728 − 6108 = 40620 → 40620 / 1.18 = 34423.7 → 34424, tax 6196
    // driver 30000 → 30000 / 1.18 = 25423.7 → 25424, tax 4576; sponsor 34424 − 25424 = 9000, 6196 − 4576 = 1620
    const a = billedAmounts({
      subtotalMinor: 39600,
      taxMinor: 7128,
      sponsorMinor: 10620,
      taxRateBps: 1800,
      writtenOffMinor: 6108,
    });
    expect(a.billed).toEqual({ taxableMinor: 34424, taxMinor: 6196, grossMinor: 40620 });
    expect(a.driver).toEqual({ taxableMinor: 25424, taxMinor: 4576, grossMinor: 30000 });
    expect(a.sponsor).toEqual({ taxableMinor: 9000, taxMinor: 1620, grossMinor: 10620 });
    expect(a.writtenOff).toEqual({ taxableMinor: 5176, taxMinor: 932, grossMinor: 6108 });
  });

  it('refuses to write off more than the driver owes', () => {
    expect(() =>
      billedAmounts({ subtotalMinor: 100, taxMinor: 18, sponsorMinor: 18, taxRateBps: 1800, writtenOffMinor: 101 }),
    ).toThrow(RangeError);
  });

  it('never makes a negative share, and the parts add up, over many small sessions', () => {
    for (const bps of [0, 500, 1200, 1800, 2800]) {
      for (let subtotal = 0; subtotal <= 300; subtotal += 7) {
        const tax = Math.floor((subtotal * bps * 2 + 10_000) / 20_000); // the engine's half-up tax
        const gross = subtotal + tax;
        for (const sponsor of [0, 1, Math.floor(gross / 3), gross].filter((x) => x <= gross)) {
          for (const off of [0, 1, Math.floor((gross - sponsor) / 2), gross - sponsor].filter(
            (o) => o <= gross - sponsor,
          )) {
            const a = billedAmounts({
              subtotalMinor: subtotal,
              taxMinor: tax,
              sponsorMinor: sponsor,
              taxRateBps: bps,
              writtenOffMinor: off,
            });
            for (const part of [a.billed, a.sponsor, a.writtenOff, a.driver]) {
              expect(part.taxableMinor).toBeGreaterThanOrEqual(0);
              expect(part.taxMinor).toBeGreaterThanOrEqual(0);
            }
            expect(a.driver.grossMinor).toBe(gross - sponsor - off);
            expect(a.sponsor.grossMinor).toBe(sponsor);
            expect(a.billed.taxableMinor + a.writtenOff.taxableMinor).toBe(subtotal);
          }
        }
      }
    }
  });
});
