import { DIM_INDEX, type CompiledTariff } from './compile.ts';
import { allocateProportionally, mulDivRoundHalfUp } from './money.ts';
import type { PricedLine, PricedSession } from './price-session.ts';

// From priced quantities to money: step sizes, line amounts, price bounds, tax and sponsor shares.
// Every rounding the README lists happens here.

const PER_DIVISOR = { kWh: 1_000_000, hour: 3_600_000, minute: 60_000, session: 1 } as const;

/** OCPI step_size: the dimension's total is rounded up to the step of its last line's component. */
export function applyStepSizes(c: CompiledTariff, lines: PricedLine[]): void {
  for (const dim of ['ENERGY', 'TIME', 'PARKING'] as const) {
    let last: PricedLine | undefined;
    let total = 0;
    for (const l of lines) {
      if (l.dimension !== dim) continue;
      last = l;
      total += l.quantity;
    }
    if (!last || last.elementIndex === null) continue;
    const comp = c.elements[last.elementIndex]?.components[DIM_INDEX[dim]];
    if (!comp || comp.dimension === 'FLAT' || comp.stepSize === undefined) continue;
    const step = comp.stepSize * 1000;
    const rem = total % step;
    if (rem !== 0) last.quantity += step - rem;
  }
}

export function settle(
  c: CompiledTariff,
  lines: PricedLine[],
  span: Pick<PricedSession, 'from' | 'to' | 'energyMwh' | 'chargingMs' | 'parkingMs'>,
): PricedSession {
  const def = c.def;
  let subtotal = 0;
  let billable = false;
  for (const l of lines) {
    l.amountMinor = mulDivRoundHalfUp(l.quantity, l.unitPriceMinor, PER_DIVISOR[l.per]);
    subtotal += l.amountMinor;
    if (!l.free && l.elementIndex !== null) billable = true;
  }
  const priced = lines.length;

  let capped = subtotal;
  if (billable && def.minPriceMinor !== undefined && subtotal < def.minPriceMinor) capped = def.minPriceMinor;
  if (def.maxPriceMinor !== undefined && subtotal > def.maxPriceMinor) capped = def.maxPriceMinor;
  if (capped !== subtotal) {
    const dimension = capped > subtotal ? 'MIN_PRICE' : 'MAX_PRICE';
    lines.push({
      dimension,
      label: dimension === 'MIN_PRICE' ? 'Minimum session price' : 'Maximum session price',
      from: span.from,
      to: span.to,
      quantity: 1,
      unit: 'session',
      unitPriceMinor: capped - subtotal,
      per: 'session',
      amountMinor: capped - subtotal,
      taxMinor: 0,
      sponsorMinor: 0,
      sponsorId: null,
      free: false,
      elementIndex: null,
    });
  }

  // Tax once on the session's taxable value, then spread over the lines so they add up exactly.
  const tax = mulDivRoundHalfUp(capped, def.taxRateBps, 10_000);
  if (capped > 0) {
    const shares = allocateProportionally(
      tax,
      lines.map((l) => l.amountMinor),
    );
    lines.forEach((l, i) => (l.taxMinor = shares[i] ?? 0));
  }

  let sponsorTotal = 0;
  let weighted = 0;
  for (let i = 0; i < priced; i++) {
    const l = lines[i]!;
    if (l.sponsorId === null) continue;
    const share = c.sponsors.find((s) => s.id === l.sponsorId)?.shareBps ?? 0;
    l.sponsorMinor = mulDivRoundHalfUp(l.amountMinor + l.taxMinor, share, 10_000);
    sponsorTotal += l.sponsorMinor;
    weighted += l.amountMinor * share;
  }
  const adj = lines[priced];
  if (adj && subtotal > 0 && weighted > 0) {
    // A price bound changes what the sponsor pays in proportion to the part it sponsored.
    const target = mulDivRoundHalfUp(capped + tax, weighted, 10_000 * subtotal);
    adj.sponsorMinor = target - sponsorTotal;
    sponsorTotal = target;
  }

  const total = capped + tax;
  return {
    currency: def.currency,
    minorUnits: def.minorUnits,
    taxRateBps: def.taxRateBps,
    ...span,
    lines,
    subtotalMinor: capped,
    taxMinor: tax,
    totalMinor: total,
    sponsorMinor: sponsorTotal,
    driverMinor: total - sponsorTotal,
  };
}
