import { describe, expect, it } from 'vitest';
import { aTariff, IST, samples } from '../test/builders.ts';
import { priceSession } from './price-session.ts';

// Registers with mWh precision (2.0.1 stations report kWh to 5 decimals) are priced as they are:
// the engine rates integer mWh, so 125.11 Wh is 125,110 mWh, not 125 Wh.

describe('fractional Wh registers', () => {
  it('are priced to the mWh (hand-checked)', () => {
    // ₹18.00/kWh = 1800 paise per 1,000,000 mWh; 1,000,000.11 Wh... : 12,511,000 mWh = 12.511 kWh
    // costs 1800 × 12.511 = 22519.8 paise → 22520 before tax.
    const r = priceSession(aTariff(), {
      samples: samples(['2026-07-01 10:00', 1000.5], ['2026-07-01 11:00', 13511.5]),
      timeZone: IST,
    });
    expect(r.energyMwh).toBe(12_511_000);
    expect(r.subtotalMinor).toBe(22520);
  });

  it('125.11 Wh is not 125 Wh', () => {
    const fractional = priceSession(aTariff(), {
      samples: samples(['2026-07-01 10:00', 0], ['2026-07-01 10:05', 125.11]),
      timeZone: IST,
    });
    expect(fractional.energyMwh).toBe(125_110);
  });
});
