import { describeWindow, quoteSession, type PriceComponent, type TariffDefinition } from '@magma/tariff';
import { formatMoney } from '@magma/tariff/format-money';
import { MAX_PREPAID_KWH } from './driver-session-input.ts';

// What the sticker page tells a driver before paying: every price the tariff can apply (the evening
// peak as well as the price now), and how much energy an amount buys at the prices that will apply
// from now on at this connector's power, priced by the tariff engine. Money stays in integer minor units.

export type PriceScheduleRow = {
  /** The element's label, e.g. "Peak", or "Standard". */
  label: string;
  /** When it applies: "18:00–22:00", "18:00–22:00 Sat,Sun", "All other times", "All day"; empty when the label says it. */
  when: string;
  /** Energy per kWh including tax; null when this element has no energy price. */
  energyPerKwhInclTaxMinor: number | null;
  /** The element's other components in words: "₹50.00 per session", "₹60.00 per hour of charging". */
  others: string[];
  /** This element prices energy right now. */
  now: boolean;
};

/** Energy the driver can buy, as (Wh, price incl. tax) points from the engine, up to `capWh`. */
export type EnergyEstimate = {
  /** What this connector can deliver within ESTIMATE_HOURS (at most the largest energy one may prepay). */
  capWh: number;
  hours: number;
  /** Increasing in Wh; costMinor is what quoteSession charges for a session of that energy starting now. */
  points: { wh: number; costMinor: number }[];
};

/** A session's energy is estimated within this many hours at the connector's maximum power. */
export const ESTIMATE_HOURS = 8;
const ESTIMATE_POINTS = 40;

export function withTax(minor: number, bps: number): number {
  // Half-up on the tax, as the engine does per line.
  return minor + Math.floor((minor * bps + 5000) / 10000);
}

function componentText(c: PriceComponent, d: TariffDefinition): string | null {
  const m = (minor: number) => formatMoney(withTax(minor, d.taxRateBps), d.currency);
  if (c.dimension === 'FLAT') return `${m(c.priceMinor)} per session`;
  if (c.dimension === 'TIME') return `${m(c.priceMinor)} per ${c.per} of charging`;
  if (c.dimension === 'PARKING') {
    const grace = d.idle.graceMinutes;
    return `${m(c.priceMinor)} per ${c.per} idle${grace ? ` after ${grace} min` : ''}`;
  }
  return null;
}

/**
 * Every element of the tariff in the order the engine tries them (the first that holds applies),
 * prices including tax; `nowLine` is the energy line the engine gives a session starting now.
 */
export function priceSchedule(
  d: TariffDefinition,
  nowLine: { label: string; unitPriceMinor: number } | null,
): PriceScheduleRow[] {
  const many = d.elements.length > 1;
  let nowFound = false;
  return d.elements.map((e, i) => {
    const energy = e.components.find((c) => c.dimension === 'ENERGY');
    const window = describeWindow(e.restrictions);
    const label = e.label ?? (window === 'Standard' ? 'Standard' : `Price ${i + 1}`);
    // "Peak 18:00–22:00" already says when: the window is not repeated under it.
    const when = window === 'Standard' ? (many ? 'All other times' : 'All day') : label.includes(window) ? '' : window;
    const now =
      !nowFound &&
      nowLine !== null &&
      energy?.priceMinor === nowLine.unitPriceMinor &&
      (e.label === undefined || e.label === nowLine.label);
    if (now) nowFound = true;
    return {
      label,
      when,
      energyPerKwhInclTaxMinor: energy ? withTax(energy.priceMinor, d.taxRateBps) : null,
      others: e.components.map((c) => componentText(c, d)).filter((t): t is string => t !== null),
      now,
    };
  });
}

/**
 * Prices sessions of increasing energy starting at `startAt` at `powerKw` (lowered by the tariff's
 * power caps), so the page can say what an amount buys with the prices that will apply, the evening
 * peak included. Null when the tariff prices no energy (an amount then buys time, not kWh).
 */
export function energyEstimate(
  d: TariffDefinition,
  { startAt, powerKw, timeZone }: { startAt: number; powerKw: number; timeZone: string },
): EnergyEstimate | null {
  if (!d.elements.some((e) => e.components.some((c) => c.dimension === 'ENERGY' && c.priceMinor > 0))) return null;
  if (!(powerKw > 0)) return null;
  const capWh = Math.min(Math.round(powerKw * ESTIMATE_HOURS * 1000), MAX_PREPAID_KWH * 1000);
  const whs = new Set<number>();
  for (let i = 1; i <= ESTIMATE_POINTS; i++) whs.add(Math.round((capWh * i) / ESTIMATE_POINTS));
  const points = [...whs]
    .sort((a, b) => a - b)
    .map((wh) => ({
      wh,
      costMinor: quoteSession(d, { startAt, energyKwh: wh / 1000, powerKw, timeZone }).driverMinor,
    }));
  return { capWh, hours: ESTIMATE_HOURS, points: [{ wh: 0, costMinor: 0 }, ...points] };
}
