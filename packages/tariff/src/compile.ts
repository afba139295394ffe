import {
  DAYS_OF_WEEK,
  DIMENSIONS,
  parseTariffDefinition,
  type CalendarRestrictions,
  type Dimension,
  type PriceComponent,
  type Restrictions,
  type TariffDefinition,
} from './model.ts';
import { DAY_MS } from './time-zone.ts';

// A definition turned into flat numbers once, so the pricing loop compares integers instead of
// parsing "18:00" or walking optional objects. Cached per definition object.

export const DIM_INDEX: Record<Dimension, number> = { ENERGY: 0, TIME: 1, PARKING: 2, FLAT: 3 };
const ALL_DIMS = 0b1111;

export type CompiledCalendar = {
  /** ms since local midnight; -1 when unrestricted. */
  startTod: number;
  endTod: number;
  /** Bit per weekday, bit 0 = Sunday; 127 when unrestricted. */
  days: number;
  /** Local day numbers (days since 1970-01-01 local); startDay inclusive, endDay exclusive. */
  startDay: number;
  endDay: number;
  always: boolean;
};

export type CompiledElement = CompiledCalendar & {
  label: string;
  /** Session energy bounds in mWh, power in W, duration in ms; max bounds are exclusive. */
  minMwh: number;
  maxMwh: number;
  minW: number;
  maxW: number;
  minMs: number;
  maxMs: number;
  /** Indexed by DIM_INDEX. */
  components: (PriceComponent | undefined)[];
};

export type CompiledFree = CompiledCalendar & { label: string; dims: number };
export type CompiledSponsor = CompiledCalendar & {
  id: string;
  label: string;
  shareBps: number;
  firstMwh: number;
  dims: number;
};

export type CompiledTariff = {
  def: TariffDefinition;
  elements: CompiledElement[];
  free: CompiledFree[];
  sponsors: CompiledSponsor[];
  /** Distinct local times of day (ms since midnight, excluding 0) where some window opens or closes. */
  todBoundaries: number[];
  /** Whether local midnights are boundaries (day-of-week or date restrictions exist). */
  midnight: boolean;
  calendar: boolean;
  /** Session-energy thresholds (mWh) and durations (ms) where an element or sponsor may switch. */
  energyThresholds: number[];
  durationThresholds: number[];
  /** Power restrictions make every sample interval a potential boundary. */
  powerSplit: boolean;
  /** Per DIM_INDEX: does any element price this dimension? Lines are only made for those. */
  priced: boolean[];
};

const cache = new WeakMap<object, CompiledTariff>();

export function compileTariff(def: TariffDefinition): CompiledTariff {
  let c = cache.get(def);
  if (c) return c;
  c = build(parseTariffDefinition(def));
  cache.set(def, c);
  return c;
}

function tod(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return ((h ?? 0) * 60 + (m ?? 0)) * 60_000;
}

function dayNumber(isoDate: string): number {
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

export function compileCalendar(r: CalendarRestrictions | undefined): CompiledCalendar {
  const startTod = r?.startTime !== undefined ? tod(r.startTime) : -1;
  const endTod = r?.endTime !== undefined ? tod(r.endTime) : -1;
  let days = 127;
  if (r?.daysOfWeek) {
    days = 0;
    for (const d of r.daysOfWeek) days |= 1 << ((DAYS_OF_WEEK.indexOf(d) + 1) % 7);
  }
  const startDay = r?.startDate ? dayNumber(r.startDate) : -Infinity;
  const endDay = r?.endDate ? dayNumber(r.endDate) : Infinity;
  const always = startTod < 0 && days === 127 && startDay === -Infinity && endDay === Infinity;
  return { startTod, endTod, days, startDay, endDay, always };
}

/** Does the calendar window hold at local wall-clock ms `local`? */
export function calendarHolds(c: CompiledCalendar, local: number): boolean {
  if (c.always) return true;
  const day = Math.floor(local / DAY_MS);
  if (day < c.startDay || day >= c.endDay) return false;
  if (c.days !== 127 && (c.days & (1 << ((((day + 4) % 7) + 7) % 7))) === 0) return false;
  if (c.startTod >= 0) {
    const t = local - day * DAY_MS;
    if (c.startTod < c.endTod) return t >= c.startTod && t < c.endTod;
    return t >= c.startTod || t < c.endTod;
  }
  return true;
}

function dimsMask(dims: readonly Dimension[] | undefined): number {
  if (!dims) return ALL_DIMS;
  let m = 0;
  for (const d of dims) m |= 1 << DIM_INDEX[d];
  return m;
}

export function describeWindow(r: Restrictions | undefined): string {
  const parts: string[] = [];
  if (r?.startTime) parts.push(`${r.startTime}–${r.endTime}`);
  if (r?.daysOfWeek) parts.push(r.daysOfWeek.map((d) => d.slice(0, 3)).join(','));
  if (r?.startDate || r?.endDate) parts.push(`${r.startDate ?? '…'} to ${r.endDate ?? '…'}`);
  if (r?.minKwh !== undefined || r?.maxKwh !== undefined) parts.push(`${r.minKwh ?? 0}–${r.maxKwh ?? '∞'} kWh`);
  if (r?.minPowerKw !== undefined || r?.maxPowerKw !== undefined) {
    parts.push(`${r.minPowerKw ?? 0}–${r.maxPowerKw ?? '∞'} kW`);
  }
  if (r?.minDurationSec !== undefined || r?.maxDurationSec !== undefined) {
    parts.push(`${r.minDurationSec ?? 0}–${r.maxDurationSec ?? '∞'} s`);
  }
  return parts.length ? parts.join(' ') : 'Standard';
}

function build(def: TariffDefinition): CompiledTariff {
  const tods = new Set<number>();
  const energy = new Set<number>();
  const durations = new Set<number>();
  let midnight = false;
  let powerSplit = false;
  const noteCalendar = (c: CompiledCalendar) => {
    if (c.startTod >= 0) {
      tods.add(c.startTod);
      tods.add(c.endTod);
    }
    if (c.days !== 127 || c.startDay !== -Infinity || c.endDay !== Infinity) midnight = true;
  };

  const elements = def.elements.map((e): CompiledElement => {
    const r = e.restrictions;
    const cal = compileCalendar(r);
    noteCalendar(cal);
    const components: (PriceComponent | undefined)[] = DIMENSIONS.map(() => undefined);
    for (const pc of e.components) components[DIM_INDEX[pc.dimension]] = pc;
    const el: CompiledElement = {
      ...cal,
      label: e.label ?? describeWindow(r),
      minMwh: r?.minKwh !== undefined ? Math.round(r.minKwh * 1_000_000) : -Infinity,
      maxMwh: r?.maxKwh !== undefined ? Math.round(r.maxKwh * 1_000_000) : Infinity,
      minW: r?.minPowerKw !== undefined ? r.minPowerKw * 1000 : -Infinity,
      maxW: r?.maxPowerKw !== undefined ? r.maxPowerKw * 1000 : Infinity,
      minMs: r?.minDurationSec !== undefined ? r.minDurationSec * 1000 : -Infinity,
      maxMs: r?.maxDurationSec !== undefined ? r.maxDurationSec * 1000 : Infinity,
      components,
    };
    for (const v of [el.minMwh, el.maxMwh]) if (Number.isFinite(v) && v > 0) energy.add(v);
    for (const v of [el.minMs, el.maxMs]) if (Number.isFinite(v) && v > 0) durations.add(v);
    if (Number.isFinite(el.minW) || Number.isFinite(el.maxW)) powerSplit = true;
    return el;
  });

  const free = def.freeWindows.map((w): CompiledFree => {
    const cal = compileCalendar(w.restrictions);
    noteCalendar(cal);
    return { ...cal, label: w.label, dims: dimsMask(w.dimensions) };
  });

  const sponsors = def.sponsors.map((s): CompiledSponsor => {
    const cal = compileCalendar(s.restrictions);
    noteCalendar(cal);
    const firstMwh = s.firstWh !== undefined ? s.firstWh * 1000 : Infinity;
    if (Number.isFinite(firstMwh)) energy.add(firstMwh);
    return { ...cal, id: s.id, label: s.label, shareBps: s.shareBps, firstMwh, dims: dimsMask(s.dimensions) };
  });

  if (tods.delete(0)) midnight = true;
  return {
    def,
    elements,
    free,
    sponsors,
    todBoundaries: [...tods].sort((a, b) => a - b),
    midnight,
    calendar: tods.size > 0 || midnight,
    energyThresholds: [...energy].sort((a, b) => a - b),
    durationThresholds: [...durations].sort((a, b) => a - b),
    powerSplit,
    priced: DIMENSIONS.map((_, i) => elements.some((e) => e.components[i] !== undefined)),
  };
}
