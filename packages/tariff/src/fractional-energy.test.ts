import { describe, expect, it } from 'vitest';
import { aTariff, IST, samples } from '../test/builders.ts';
import { priceSession } from './price-session.ts';

// Registers with mWh precision (2.0.1 stations report kWh to 5 decimals) are priced as they are:
// the engine rates integer mWh, so 125.11 Wh is 125,110 mWh, not 125 Wh.

describe('fractional Wh registers', () => {
  it('are priced to the mWh (hand-checked)', () => {
    // ₹18.00/kWh: 1000.4 Wh is 1800 × 1.0004 = 1800.72 paise, 1801 once rounded; whole Wh (1000) was 1800.
    const at = (wh: number) =>
      priceSession(aTariff(), { samples: samples(['2026-07-01 10:00', 0], ['2026-07-01 11:00', wh]), timeZone: IST });
    expect(at(1000.4)).toMatchObject({ energyMwh: 1_000_400, subtotalMinor: 1801 });
    expect(at(1000)).toMatchObject({ energyMwh: 1_000_000, subtotalMinor: 1800 });
  });

  it('125.11 Wh is not 125 Wh', () => {
    const fractional = priceSession(aTariff(), {
      samples: samples(['2026-07-01 10:00', 0], ['2026-07-01 10:05', 125.11]),
      timeZone: IST,
    });
    expect(fractional.energyMwh).toBe(125_110);
  });
});
