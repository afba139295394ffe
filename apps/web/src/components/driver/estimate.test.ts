import { describe, expect, it } from 'vitest';
import { costForWh, whForAmount } from './estimate.ts';

// 10 kWh at ₹29.50 (with a session fee), then the peak: 20 kWh cost ₹649.
const e = {
  capWh: 20_000,
  hours: 8,
  points: [
    { wh: 0, costMinor: 0 },
    { wh: 10_000, costMinor: 29_500 },
    { wh: 20_000, costMinor: 64_900 },
  ],
};

describe('reading the engine-priced estimate', () => {
  it('finds what an amount buys at the prices that will apply', () => {
    expect(whForAmount(e, 29_500)).toBe(10_000);
    expect(whForAmount(e, 47_200)).toBe(15_000);
    expect(whForAmount(e, 64_900)).toBeNull();
    expect(whForAmount(e, 5_000_000)).toBeNull();
  });

  it('prices an energy, and says nothing past what the connector delivers', () => {
    expect(costForWh(e, 15_000)).toBe(47_200);
    expect(costForWh(e, 20_000)).toBe(64_900);
    expect(costForWh(e, 20_001)).toBeNull();
  });
});
