import { allocateProportionally, divRoundHalfUp, mulDivRoundHalfUp } from '@magma/tariff';

// The ledger uses the tariff engine's integer arithmetic (one rounding vocabulary for the product):
// halves round up, and a whole split over parts uses the largest-remainder method.
export { allocateProportionally, divRoundHalfUp, mulDivRoundHalfUp };

/** round(n / step) * step, halves up: 12_345 paise to the rupee is 12_300, 12_350 is 12_400. */
export function roundToStep(n: number, step: number): number {
  return step === 1 ? n : divRoundHalfUp(n, step) * step;
}

export function assertMinor(name: string, n: number, { min = 0 }: { min?: number } = {}): void {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`${name} must be an integer ≥ ${min}, got ${n}`);
}
