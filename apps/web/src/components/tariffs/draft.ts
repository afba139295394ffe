import {
  newTariffDefinitionSchema,
  type Dimension,
  type FreeWindow,
  type PowerCap,
  type PriceComponent,
  type Sponsor,
  type TariffDefinition,
  type TariffDefinitionInput,
  type TariffElement,
} from '@magma/tariff';
import { parseMajor, toMajorText } from './money.ts';
import { cellsToRestrictions, restrictionsToCells, unionCells, type Cells } from './week.ts';

// The editor's draft: what the operator sees (rupee text, painted hours) rather than the stored
// definition (paise, restrictions). `fromDefinition` and `toDefinition` convert both ways; a window
// painted over several runs of hours becomes several elements with the same label, and loads back
// as one window.

export type PriceKey = 'energy' | 'time' | 'idle' | 'flat';
export const PRICE_KEYS: PriceKey[] = ['energy', 'time', 'idle', 'flat'];
const DIMENSION: Record<PriceKey, Dimension> = { energy: 'ENERGY', time: 'TIME', idle: 'PARKING', flat: 'FLAT' };
const KEY_OF: Record<Dimension, PriceKey> = { ENERGY: 'energy', TIME: 'time', PARKING: 'idle', FLAT: 'flat' };

export type Prices = Record<PriceKey, string> & {
  timePer: 'minute' | 'hour';
  idlePer: 'minute' | 'hour';
  /** Step sizes of loaded components, kept as they were. */
  steps: Partial<Record<Dimension, number>>;
};

export type PriceWindow = { id: string; kind: 'price'; name: string; cells: Cells; prices: Prices };
export type FreeWindowDraft = { id: string; kind: 'free'; name: string; cells: Cells; idleStillCharged: boolean };
export type CapWindow = {
  id: string;
  kind: 'cap';
  name: string;
  cells: Cells;
  maxKw: string;
  /** Peak-hour throttling: the whole site's power in the window ('' = none), in kW or % of its capacity. */
  siteCap: string;
  siteUnit: 'kW' | '%';
};
export type GridWindow = PriceWindow | FreeWindowDraft | CapWindow;

export type SponsorDraft = {
  id: string;
  label: string;
  sharePercent: string;
  firstKwh: string;
  /** Restrictions and dimensions the form does not edit, kept as loaded. */
  keep: Pick<Sponsor, 'restrictions' | 'dimensions'>;
};

export type Draft = {
  currency: string;
  minorUnits: number;
  standardName: string;
  standard: Prices;
  windows: GridWindow[];
  /** Elements, free windows and caps with conditions the grid cannot show; published unchanged. */
  keptElements: TariffElement[];
  keptFree: FreeWindow[];
  keptCaps: PowerCap[];
  graceMinutes: string;
  idleBelowW: number;
  taxPercent: string;
  minPrice: string;
  maxPrice: string;
  sponsors: SponsorDraft[];
};

let seq = 0;
export const newId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`;

export const emptyPrices = (): Prices => ({
  energy: '',
  time: '',
  idle: '',
  flat: '',
  timePer: 'minute',
  idlePer: 'minute',
  steps: {},
});

function pricesOf(components: PriceComponent[], minorUnits: number): Prices {
  const p = emptyPrices();
  for (const c of components) {
    const key = KEY_OF[c.dimension];
    p[key] = toMajorText(c.priceMinor, minorUnits);
    if (c.dimension === 'TIME') p.timePer = c.per;
    if (c.dimension === 'PARKING') p.idlePer = c.per;
    if ('stepSize' in c && c.stepSize !== undefined) p.steps[c.dimension] = c.stepSize;
  }
  return p;
}

/** Basis points as percent text without float noise: 1800 → "18", 1250 → "12.5". */
export function bpsToPercent(bps: number): string {
  const whole = Math.floor(bps / 100);
  const frac = String(bps % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

export function fromDefinition(def: TariffDefinition): Draft {
  const windows: GridWindow[] = [];
  const keptElements: TariffElement[] = [];
  let standard: { name: string; prices: Prices } | null = null;
  def.elements.forEach((el, i) => {
    if (!el.restrictions && i === def.elements.length - 1) {
      standard = { name: el.label ?? 'Standard', prices: pricesOf(el.components, def.minorUnits) };
      return;
    }
    const cells = restrictionsToCells(el.restrictions);
    if (!cells) return void keptElements.push(el);
    const prices = pricesOf(el.components, def.minorUnits);
    const name = el.label ?? `Window ${windows.length + 1}`;
    const same = windows.find(
      (w): w is PriceWindow =>
        w.kind === 'price' && w.name === name && JSON.stringify(w.prices) === JSON.stringify(prices),
    );
    if (same) same.cells = unionCells(same.cells, cells);
    else windows.push({ id: newId('w'), kind: 'price', name, cells, prices });
  });
  const keptFree: FreeWindow[] = [];
  for (const f of def.freeWindows) {
    const cells = restrictionsToCells(f.restrictions);
    const idleStillCharged = !!f.dimensions && !f.dimensions.includes('PARKING');
    const same = windows.find((w): w is FreeWindowDraft => w.kind === 'free' && w.name === f.label);
    if (!cells || (f.dimensions && !idleStillCharged)) keptFree.push(f);
    else if (same) same.cells = unionCells(same.cells, cells);
    else windows.push({ id: newId('f'), kind: 'free', name: f.label, cells, idleStillCharged });
  }
  const keptCaps: PowerCap[] = [];
  for (const c of def.powerCaps) {
    const cells = restrictionsToCells(c.restrictions);
    const siteCap = String(c.siteMaxKw ?? c.sitePct ?? '');
    const siteUnit = c.sitePct !== undefined ? '%' : 'kW';
    const same = windows.find(
      (w): w is CapWindow =>
        w.kind === 'cap' &&
        w.name === c.label &&
        w.maxKw === String(c.maxKw) &&
        w.siteCap === siteCap &&
        w.siteUnit === siteUnit,
    );
    if (!cells) keptCaps.push(c);
    else if (same) same.cells = unionCells(same.cells, cells);
    else windows.push({ id: newId('c'), kind: 'cap', name: c.label, cells, maxKw: String(c.maxKw), siteCap, siteUnit });
  }
  const std = standard as { name: string; prices: Prices } | null;
  return {
    currency: def.currency,
    minorUnits: def.minorUnits,
    standardName: std?.name ?? 'Standard',
    standard: std?.prices ?? emptyPrices(),
    windows,
    keptElements,
    keptFree,
    keptCaps,
    graceMinutes: String(def.idle.graceMinutes),
    idleBelowW: def.idle.idleBelowW,
    taxPercent: bpsToPercent(def.taxRateBps),
    minPrice: toMajorText(def.minPriceMinor, def.minorUnits),
    maxPrice: toMajorText(def.maxPriceMinor, def.minorUnits),
    sponsors: def.sponsors.map((s) => ({
      id: s.id,
      label: s.label,
      sharePercent: bpsToPercent(s.shareBps),
      firstKwh: s.firstWh === undefined ? '' : String(s.firstWh / 1000),
      keep: { restrictions: s.restrictions, dimensions: s.dimensions },
    })),
  };
}

/** Field keys: "standard.energy", "<windowId>.idle", "<windowId>.cells", "tax", "min", "<sponsorId>.share", … */
export type FieldErrors = Record<string, string>;

export type Built = {
  definition: TariffDefinitionInput;
  errors: FieldErrors;
  /** Times the draft leaves energy unpriced (publishing refuses them); shown by the week grid. */
  gaps: string[];
};

/** Decimal text to an integer scaled by 10^digits, without floats: ("12.5", 2) → 1250. */
function parseScaled(text: string, digits: number): number | null {
  const m = /^(\d{1,9})(?:\.(\d*))?$/.exec(text.trim());
  if (!m) return null;
  const frac = (m[2] ?? '').padEnd(digits + 1, '0');
  const roundUp = frac[digits]! >= '5' ? 1 : 0;
  return Number(m[1]) * 10 ** digits + Number(frac.slice(0, digits) || '0') + roundUp;
}

export function toDefinition(d: Draft): Built {
  const errors: FieldErrors = {};
  const owners = {
    elements: [] as string[],
    freeWindows: [] as string[],
    powerCaps: [] as string[],
    sponsors: [] as string[],
  };

  const components = (prices: Prices, owner: string): PriceComponent[] => {
    const out: PriceComponent[] = [];
    for (const key of PRICE_KEYS) {
      const r = parseMajor(prices[key], d.minorUnits);
      if (!r.ok) errors[`${owner}.${key}`] = r.error;
      else if (r.minor !== null) {
        const dim = DIMENSION[key];
        const step = prices.steps[dim];
        if (dim === 'ENERGY')
          out.push({ dimension: 'ENERGY', priceMinor: r.minor, per: 'kWh', ...(step ? { stepSize: step } : {}) });
        if (dim === 'TIME')
          out.push({
            dimension: 'TIME',
            priceMinor: r.minor,
            per: prices.timePer,
            ...(step ? { stepSize: step } : {}),
          });
        if (dim === 'PARKING')
          out.push({
            dimension: 'PARKING',
            priceMinor: r.minor,
            per: prices.idlePer,
            ...(step ? { stepSize: step } : {}),
          });
        if (dim === 'FLAT') out.push({ dimension: 'FLAT', priceMinor: r.minor, per: 'session' });
      }
    }
    return out;
  };

  const elements: TariffElement[] = [];
  for (const el of d.keptElements) {
    elements.push(el);
    owners.elements.push('kept');
  }
  const freeWindows: FreeWindow[] = [...d.keptFree];
  owners.freeWindows.push(...d.keptFree.map(() => 'kept'));
  const powerCaps: PowerCap[] = [...d.keptCaps];
  owners.powerCaps.push(...d.keptCaps.map(() => 'kept'));

  for (const w of d.windows) {
    const name = w.name.trim();
    if (!name) errors[`${w.id}.name`] = 'Give the window a name';
    const rs = cellsToRestrictions(w.cells);
    if (rs.length === 0) errors[`${w.id}.cells`] = 'Paint its hours on the week grid';
    if (w.kind === 'price') {
      const comps = components(w.prices, w.id);
      if (comps.length === 0 && !PRICE_KEYS.some((k) => errors[`${w.id}.${k}`]))
        errors[`${w.id}.prices`] = 'Set at least one price';
      for (const r of rs) {
        elements.push({
          label: name || undefined,
          components: comps,
          ...(Object.keys(r).length ? { restrictions: r } : {}),
        });
        owners.elements.push(w.id);
      }
    } else if (w.kind === 'free') {
      for (const r of rs) {
        freeWindows.push({
          label: name,
          restrictions: r,
          ...(w.idleStillCharged ? { dimensions: ['ENERGY', 'TIME', 'FLAT'] as Dimension[] } : {}),
        });
        owners.freeWindows.push(w.id);
      }
    } else {
      const kw = Number(w.maxKw);
      if (!w.maxKw.trim() || !Number.isFinite(kw) || kw <= 0)
        errors[`${w.id}.maxKw`] = 'Enter the power limit in kW, more than 0';
      const site = w.siteCap.trim() === '' ? null : Number(w.siteCap);
      if (site !== null && w.siteUnit === '%' && !(Number.isInteger(site) && site >= 1 && site <= 100))
        errors[`${w.id}.siteCap`] = 'Enter the share of the site as a whole percent, 1 to 100';
      else if (site !== null && !(Number.isFinite(site) && site > 0))
        errors[`${w.id}.siteCap`] = 'Enter the site limit in kW, more than 0';
      const siteField = site === null ? {} : w.siteUnit === '%' ? { sitePct: site } : { siteMaxKw: site };
      for (const r of rs) {
        powerCaps.push({ label: name, maxKw: kw, ...siteField, restrictions: r });
        owners.powerCaps.push(w.id);
      }
    }
  }

  const std = components(d.standard, 'standard');
  if (std.length === 0 && !PRICE_KEYS.some((k) => errors[`standard.${k}`]))
    errors['standard.prices'] = 'Set at least one standard price';
  elements.push({ label: d.standardName.trim() || 'Standard', components: std });
  owners.elements.push('standard');

  const grace = /^\d{1,4}$/.test(d.graceMinutes.trim()) ? Number(d.graceMinutes) : NaN;
  if (!Number.isInteger(grace) || grace > 1440) errors.grace = 'Enter whole minutes between 0 and 1440';
  const taxBps = parseScaled(d.taxPercent, 2);
  if (taxBps === null || taxBps > 10_000) errors.tax = 'Enter a tax rate between 0 and 100%';
  const bound = (text: string, key: string) => {
    const r = parseMajor(text, d.minorUnits);
    if (!r.ok) errors[key] = r.error;
    return r.ok && r.minor !== null ? r.minor : undefined;
  };
  const minPriceMinor = bound(d.minPrice, 'min');
  const maxPriceMinor = bound(d.maxPrice, 'max');

  const sponsors: Sponsor[] = d.sponsors.map((s) => {
    const share = parseScaled(s.sharePercent, 2);
    if (share === null || share < 1 || share > 10_000) errors[`${s.id}.share`] = 'Enter a share between 0.01 and 100%';
    const firstWh = s.firstKwh.trim() === '' ? undefined : parseScaled(s.firstKwh, 3);
    if (firstWh === null || firstWh === 0)
      errors[`${s.id}.firstKwh`] = 'Enter kWh, like 5, or leave it empty for the whole session';
    if (!s.label.trim()) errors[`${s.id}.label`] = 'Name the sponsor';
    owners.sponsors.push(s.id);
    return {
      id: s.id,
      label: s.label.trim(),
      shareBps: share ?? 10_000,
      ...(firstWh ? { firstWh } : {}),
      ...(s.keep.restrictions ? { restrictions: s.keep.restrictions } : {}),
      ...(s.keep.dimensions ? { dimensions: s.keep.dimensions } : {}),
    };
  });

  const definition: TariffDefinitionInput = {
    currency: d.currency,
    minorUnits: d.minorUnits,
    taxRateBps: taxBps ?? 0,
    elements,
    idle: { graceMinutes: Number.isInteger(grace) ? grace : 0, idleBelowW: d.idleBelowW },
    ...(minPriceMinor !== undefined ? { minPriceMinor } : {}),
    ...(maxPriceMinor !== undefined ? { maxPriceMinor } : {}),
    freeWindows,
    sponsors,
    powerCaps,
  };

  // The shared schema has the last word (the same checks publishing makes: currency, ranges, dates,
  // gaps); its issues are put back next to the field they concern.
  const parsed = newTariffDefinitionSchema.safeParse(definition);
  let gaps: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = fieldOf(issue.path, definition, owners);
      errors[key] ??= humanize(issue.path, issue.message);
    }
    gaps = parsed.error.issues.filter((i) => i.message.startsWith('Energy is not priced')).map((i) => i.message);
  }
  if (gaps.length > 0)
    errors.general = `${gaps[0]}${gaps.length > 1 ? ` (and ${gaps.length - 1} more)` : ''}: give the standard prices an energy price, or paint a price window over those hours`;
  return { definition, errors, gaps };
}

function fieldOf(
  path: PropertyKey[],
  def: TariffDefinitionInput,
  owners: Record<'elements' | 'freeWindows' | 'powerCaps' | 'sponsors', string[]>,
): string {
  const [head, index, sub, subIndex] = path;
  if (head === 'taxRateBps') return 'tax';
  if (head === 'minPriceMinor') return 'min';
  if (head === 'maxPriceMinor') return 'max';
  if (head === 'idle') return 'grace';
  if (
    (head === 'elements' || head === 'freeWindows' || head === 'powerCaps' || head === 'sponsors') &&
    typeof index === 'number'
  ) {
    const owner = owners[head][index] ?? 'general';
    if (head === 'elements' && sub === 'components' && typeof subIndex === 'number') {
      const c = def.elements[index]?.components[subIndex];
      if (c) return `${owner}.${KEY_OF[c.dimension]}`;
    }
    if (head === 'powerCaps' && sub === 'maxKw') return `${owner}.maxKw`;
    if (head === 'powerCaps' && (sub === 'siteMaxKw' || sub === 'sitePct')) return `${owner}.siteCap`;
    if (head === 'sponsors' && sub === 'shareBps') return `${owner}.share`;
    if (head === 'sponsors' && sub === 'firstWh') return `${owner}.firstKwh`;
    if (sub === 'label') return `${owner}.name`;
    return owner === 'standard' ? 'standard.prices' : `${owner}.prices`;
  }
  return 'general';
}

function humanize(path: PropertyKey[], message: string): string {
  if (message === 'minPriceMinor exceeds maxPriceMinor') return 'The minimum price is above the maximum price';
  if (message === 'sponsor ids must be unique') return 'Two sponsors have the same id';
  if (/appears twice in one element/.test(message)) return 'The same kind of price appears twice in this window';
  const last = path[path.length - 1];
  if (last === 'priceMinor' && /too big/i.test(message)) return 'That price is too high';
  if (last === 'label' && /too big|too long/i.test(message)) return 'Use a shorter name (80 characters at most)';
  if (last === 'maxKw') return 'Enter the power limit in kW, more than 0';
  return message.charAt(0).toUpperCase() + message.slice(1);
}
