import { mulDivRoundHalfUp } from '@magma/tariff';

// Who is billed what for one priced session, as a tax invoice states it: the tariff's price, the
// sponsor's share, the part written off (a prepaid driver's price beyond what they paid, borne by
// the operator) and the driver's share, each as a taxable value and its tax.
//
// The tariff prices lines before tax and taxes the session once (the engine's rounding). Shares are
// amounts including tax, so each share's taxable value is split from its gross:
//   taxable = round_half_up(gross × 10000 / (10000 + rate)), tax = gross − taxable.
// The driver's share is split so; the sponsor's is the billed total less the driver's, so the
// parts always add up to the billed total exactly.

export type TaxedAmount = { taxableMinor: number; taxMinor: number; grossMinor: number };

export type BilledAmounts = {
  /** The tariff's price of the session (its lines). */
  rated: TaxedAmount;
  /** What was billed, driver and sponsor together: Transaction.costMinor and taxMinor. */
  billed: TaxedAmount;
  sponsor: TaxedAmount;
  /** Not billed to anyone: borne by the operator. */
  writtenOff: TaxedAmount;
  /** What the driver is billed: their taxable value, their tax, what they pay. */
  driver: TaxedAmount;
};

const taxed = (taxableMinor: number, taxMinor: number): TaxedAmount => ({
  taxableMinor,
  taxMinor,
  grossMinor: taxableMinor + taxMinor,
});

const minus = (a: TaxedAmount, b: TaxedAmount): TaxedAmount =>
  taxed(a.taxableMinor - b.taxableMinor, a.taxMinor - b.taxMinor);

/** A gross amount (tax included) split into taxable value and tax at `taxRateBps`, half up on the taxable value. */
export function splitTaxInclusive(grossMinor: number, taxRateBps: number): TaxedAmount {
  if (!Number.isSafeInteger(grossMinor) || grossMinor < 0) throw new RangeError(`Not an amount: ${grossMinor}`);
  const taxable = mulDivRoundHalfUp(grossMinor, 10_000, 10_000 + taxRateBps);
  return taxed(taxable, grossMinor - taxable);
}

export function billedAmounts({
  subtotalMinor,
  taxMinor,
  sponsorMinor,
  taxRateBps,
  writtenOffMinor = 0,
}: {
  /** The tariff's price before tax and its tax (the engine's). */
  subtotalMinor: number;
  taxMinor: number;
  /** The sponsor's share, tax included. */
  sponsorMinor: number;
  taxRateBps: number;
  /** Of the driver's share, tax included, what is not billed. */
  writtenOffMinor?: number;
}): BilledAmounts {
  const rated = taxed(subtotalMinor, taxMinor);
  const driverRated = rated.grossMinor - sponsorMinor;
  if (sponsorMinor < 0 || driverRated < 0) throw new RangeError('The sponsor pays more than the session costs');
  if (writtenOffMinor < 0 || writtenOffMinor > driverRated) {
    throw new RangeError(`Cannot write off ${writtenOffMinor} of a driver's ${driverRated}`);
  }
  const billed = writtenOffMinor === 0 ? rated : splitTaxInclusive(rated.grossMinor - writtenOffMinor, taxRateBps);
  const driver = sponsorMinor === 0 ? billed : splitTaxInclusive(driverRated - writtenOffMinor, taxRateBps);
  return { rated, billed, sponsor: minus(billed, driver), writtenOff: minus(rated, billed), driver };
}
