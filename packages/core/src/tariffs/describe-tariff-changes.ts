import {
  describeWindow,
  formatMinor,
  type PriceComponent,
  type TariffDefinition,
  type TariffElement,
} from '@magma/tariff';

// A version history entry says in words what a publish changed, so an operator can read the
// history without comparing JSON. Elements are matched by label (then position) because that is
// how the editor names windows.

const money = (d: TariffDefinition, minor: number) =>
  `${d.currency === 'INR' ? '₹' : `${d.currency} `}${formatMinor(minor, d.minorUnits)}`;

const DIMENSION_WORD = { ENERGY: 'energy', TIME: 'time', PARKING: 'idle', FLAT: 'flat fee' } as const;

function price(d: TariffDefinition, c: PriceComponent): string {
  return c.dimension === 'FLAT' ? money(d, c.priceMinor) : `${money(d, c.priceMinor)}/${c.per}`;
}

function elementName(e: TariffElement, i: number): string {
  return e.label ?? (e.restrictions ? describeWindow(e.restrictions) : `Window ${i + 1}`);
}

/** Items grouped by name, in order of first appearance: the editor publishes one window painted over several runs of hours as several items with one label. */
function grouped<T>(items: readonly T[], name: (t: T, i: number) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  items.forEach((t, i) => {
    const k = name(t, i);
    m.set(k, [...(m.get(k) ?? []), t]);
  });
  return m;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function named<T extends { label: string }>(
  what: string,
  before: readonly T[],
  after: readonly T[],
  out: string[],
): void {
  const b = grouped(before, (t) => t.label);
  const a = grouped(after, (t) => t.label);
  for (const [k, v] of a) {
    if (!b.has(k)) out.push(`Added ${what} “${k}”`);
    else if (!same(b.get(k), v)) out.push(`Changed ${what} “${k}”`);
  }
  for (const k of b.keys()) if (!a.has(k)) out.push(`Removed ${what} “${k}”`);
}

function bound(
  d: TariffDefinition,
  what: string,
  before: number | undefined,
  after: number | undefined,
  out: string[],
) {
  if (before === after) return;
  if (after === undefined) out.push(`Removed the ${what}`);
  else if (before === undefined) out.push(`Set the ${what} to ${money(d, after)}`);
  else out.push(`${what[0]!.toUpperCase()}${what.slice(1)} ${money(d, before)} → ${money(d, after)}`);
}

/** What changed from `before` to `after`, one sentence per change; ["First version"] without a before. */
export function describeTariffChanges(before: TariffDefinition | null, after: TariffDefinition): string[] {
  if (!before) return ['First version'];
  const out: string[] = [];
  if (before.taxRateBps !== after.taxRateBps) out.push(`Tax ${before.taxRateBps / 100}% → ${after.taxRateBps / 100}%`);

  const b = grouped(before.elements, elementName);
  const a = grouped(after.elements, elementName);
  for (const [k, els] of a) {
    const olds = b.get(k);
    if (!olds) {
      out.push(`Added window “${k}”`);
      continue;
    }
    const [el, old] = [els[0]!, olds[0]!];
    for (const c of el.components) {
      const o = old.components.find((x) => x.dimension === c.dimension);
      if (!o) out.push(`${k}: added ${DIMENSION_WORD[c.dimension]} price ${price(after, c)}`);
      else if (!same(o, c)) out.push(`${k}: ${DIMENSION_WORD[c.dimension]} ${price(before, o)} → ${price(after, c)}`);
    }
    for (const o of old.components) {
      if (!el.components.some((c) => c.dimension === o.dimension))
        out.push(`${k}: removed ${DIMENSION_WORD[o.dimension]} price`);
    }
    const hours = (xs: TariffElement[]) => xs.map((x) => describeWindow(x.restrictions));
    if (!same(hours(olds), hours(els))) out.push(`${k}: hours now ${hours(els).join('; ')}`);
  }
  for (const k of b.keys()) if (!a.has(k)) out.push(`Removed window “${k}”`);
  const common = (x: Map<string, unknown>, y: Map<string, unknown>) => [...x.keys()].filter((k) => y.has(k));
  if (!same(common(b, a), common(a, b))) out.push('Reordered windows');

  if (!same(before.idle, after.idle)) {
    out.push(`Idle grace ${before.idle.graceMinutes} → ${after.idle.graceMinutes} min`);
  }
  bound(after, 'minimum price', before.minPriceMinor, after.minPriceMinor, out);
  bound(after, 'maximum price', before.maxPriceMinor, after.maxPriceMinor, out);
  named('free window', before.freeWindows, after.freeWindows, out);
  named('sponsor', before.sponsors, after.sponsors, out);
  named('power cap', before.powerCaps, after.powerCaps, out);
  if (out.length === 0 && !same(before, after)) out.push('Other changes');
  return out.length ? out : ['No change'];
}
