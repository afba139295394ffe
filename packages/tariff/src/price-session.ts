import { calendarHolds, compileTariff, DIM_INDEX, type CompiledTariff } from './compile.ts';
import { DIMENSIONS, type Dimension, type PriceComponent, type TariffDefinition } from './model.ts';
import { applyStepSizes, settle } from './settle.ts';
import { DAY_MS, localToUtc, tzOffsetMs, utcToLocal } from './time-zone.ts';

/** One reading of the energy register. `at` is epoch ms. powerW is accepted but pricing derives
 * power from the energy curve so that power and energy never disagree. */
export type MeterSampleInput = { at: number; energyWh: number; powerW?: number };

export type PriceSessionInput = {
  samples: readonly MeterSampleInput[];
  /** IANA zone in which time-of-day, day-of-week and date restrictions are read, e.g. Asia/Kolkata. */
  timeZone: string;
  /** Session start (epoch ms); the first sample when absent. */
  startedAt?: number;
  /** Session end (epoch ms); the last sample when absent. */
  endedAt?: number;
};

export type LineDimension = Dimension | 'MIN_PRICE' | 'MAX_PRICE';

export type PricedLine = {
  dimension: LineDimension;
  /** The tariff window (element label, free window label, or price bound). */
  label: string;
  /** Epoch ms, integer. */
  from: number;
  to: number;
  /** Exact integer quantity: mWh for ENERGY, ms for TIME and PARKING, 1 for FLAT and price bounds. */
  quantity: number;
  unit: 'mWh' | 'ms' | 'session';
  /** Price before tax in minor units per `per`. */
  unitPriceMinor: number;
  per: 'kWh' | 'hour' | 'minute' | 'session';
  /** Before tax, minor units; negative only on a MAX_PRICE line. */
  amountMinor: number;
  taxMinor: number;
  /** Part of amount + tax paid by the sponsor. */
  sponsorMinor: number;
  sponsorId: string | null;
  free: boolean;
  /** Index in definition.elements, or null for lines no element priced. */
  elementIndex: number | null;
};

export type PricedSession = {
  currency: string;
  minorUnits: number;
  taxRateBps: number;
  from: number;
  to: number;
  /** Measured energy of the session in mWh (lines may bill more when a step size applies). */
  energyMwh: number;
  chargingMs: number;
  parkingMs: number;
  lines: PricedLine[];
  subtotalMinor: number;
  taxMinor: number;
  /** subtotal + tax; equals the sum of line amounts and taxes. */
  totalMinor: number;
  sponsorMinor: number;
  driverMinor: number;
};

export type PriceOptions = {
  /** Live sessions: a session that was charging at its last sample is still charging (not idle). */
  stillCharging?: boolean;
};

// Scratch buffers reused between calls: pricing is synchronous and never re-entered, and this keeps
// the hot path free of per-session allocation.
let T = new Float64Array(1024);
let E = new Float64Array(1024);
let B = new Float64Array(256);

function grow(n: number): void {
  if (T.length < n) {
    T = new Float64Array(n * 2);
    E = new Float64Array(n * 2);
  }
}

/** Copies samples into T/E sorted by time, one reading per timestamp, energy never decreasing. */
function normalize(samples: readonly MeterSampleInput[]): number {
  grow(samples.length);
  let n = 0;
  let sorted = true;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    if (!Number.isFinite(s.at) || !Number.isFinite(s.energyWh)) continue;
    if (n > 0 && s.at < T[n - 1]!) sorted = false;
    T[n] = s.at;
    E[n] = Math.round(s.energyWh * 1000);
    n++;
  }
  if (!sorted) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) pairs.push([T[i]!, E[i]!]);
    pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    for (let i = 0; i < n; i++) {
      T[i] = pairs[i]![0];
      E[i] = pairs[i]![1];
    }
  }
  let w = 0;
  for (let i = 0; i < n; i++) {
    const t = T[i]!;
    const e = E[i]!;
    if (w > 0 && t === T[w - 1]) {
      if (e > E[w - 1]!) E[w - 1] = e;
      continue;
    }
    T[w] = t;
    // A register that goes backwards is a meter glitch: hold the previous reading.
    E[w] = w > 0 && e < E[w - 1]! ? E[w - 1]! : e;
    w++;
  }
  for (let i = 1; i < w; i++) if (E[i]! < E[i - 1]!) E[i] = E[i - 1]!;
  return w;
}

const UNIT_OF: Record<Dimension, PricedLine['unit']> = { ENERGY: 'mWh', TIME: 'ms', PARKING: 'ms', FLAT: 'session' };

type OpenLine = { key: number; from: number; to: number; qty: number; el: number; free: number; sponsor: number };

// Pricing state shared by the helpers below for the duration of one synchronous priceSession call.
// Module-level functions rather than per-call closures keep the hot path allocation-free.
let n = 0;
let cursor = 0;
let nb = 0;
let spanStart = 0;
let spanEnd = 0;

function pushBreak(t: number): void {
  if (!(t > spanStart && t < spanEnd)) return;
  if (nb === B.length) {
    const grown = new Float64Array(B.length * 2);
    grown.set(B);
    B = grown;
  }
  B[nb++] = t;
}

/** Energy register (mWh) at instant x, interpolated; x must not decrease between calls after a reset. */
function energyAt(x: number): number {
  if (n === 0) return 0;
  while (cursor + 1 < n && T[cursor + 1]! <= x) cursor++;
  if (x <= T[0]!) return E[0]!;
  if (cursor + 1 >= n) return E[n - 1]!;
  return E[cursor]! + ((E[cursor + 1]! - E[cursor]!) * (x - T[cursor]!)) / (T[cursor + 1]! - T[cursor]!);
}

/** Average power (W) of the sample interval the last energyAt call landed in. */
function powerAt(x: number): number {
  if (n < 2 || x < T[0]! || cursor + 1 >= n) return 0;
  return ((E[cursor + 1]! - E[cursor]!) / (T[cursor + 1]! - T[cursor]!)) * 3600;
}

function matchElement(c: CompiledTariff, dim: number, local: number, mwh: number, w: number, ms: number): number {
  const elements = c.elements;
  for (let i = 0; i < elements.length; i++) {
    const el = elements[i]!;
    if (el.components[dim] === undefined) continue;
    if (mwh < el.minMwh || mwh >= el.maxMwh) continue;
    if (ms < el.minMs || ms >= el.maxMs) continue;
    if (w < el.minW || w >= el.maxW) continue;
    if (!calendarHolds(el, local)) continue;
    return i;
  }
  return -1;
}

function matchFree(c: CompiledTariff, dim: number, local: number): number {
  for (let i = 0; i < c.free.length; i++) {
    const f = c.free[i]!;
    if (f.dims & (1 << dim) && calendarHolds(f, local)) return i;
  }
  return -1;
}

function matchSponsor(c: CompiledTariff, dim: number, local: number, mwh: number): number {
  for (let i = 0; i < c.sponsors.length; i++) {
    const s = c.sponsors[i]!;
    if (s.dims & (1 << dim) && mwh < s.firstMwh && calendarHolds(s, local)) return i;
  }
  return -1;
}

type Lines = { c: CompiledTariff; open: (OpenLine | undefined)[]; out: PricedLine[] };

function closeLine(ls: Lines, dim: number): void {
  const o = ls.open[dim];
  if (o) ls.out.push(makeLine(ls.c, DIMENSIONS[dim]!, o));
  ls.open[dim] = undefined;
}

function addQuantity(
  ls: Lines,
  dim: number,
  from: number,
  to: number,
  qty: number,
  at: { local: number; mwh: number; w: number; ms: number },
): void {
  const c = ls.c;
  if (!c.priced[dim]) return;
  const el = matchElement(c, dim, at.local, at.mwh, at.w, at.ms);
  const free = c.free.length ? matchFree(c, dim, at.local) : -1;
  const sponsor = c.sponsors.length ? matchSponsor(c, dim, at.local, at.mwh) : -1;
  const key = (el + 1) * 1_000_000 + (free + 1) * 1000 + (sponsor + 1);
  const o = ls.open[dim];
  if (o && o.key === key) {
    o.to = to;
    o.qty += qty;
    return;
  }
  closeLine(ls, dim);
  ls.open[dim] = { key, from, to, qty, el, free, sponsor };
}

/**
 * Prices one session. Energy between samples is interpolated linearly, so each tariff window gets
 * exactly the energy delivered inside it; see README.md for the rules.
 */
export function priceSession(
  definition: TariffDefinition,
  input: PriceSessionInput,
  options: PriceOptions = {},
): PricedSession {
  const c = compileTariff(definition);
  const def = c.def;
  const tz = input.timeZone;
  n = normalize(input.samples);

  let start = input.startedAt ?? (n > 0 ? T[0]! : NaN);
  let end = input.endedAt ?? (n > 0 ? T[n - 1]! : NaN);
  if (n > 0) {
    start = Math.min(start, T[0]!);
    end = Math.max(end, T[n - 1]!);
  }
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RangeError('priceSession needs at least one sample or both startedAt and endedAt');
  }
  const e0 = n > 0 ? E[0]! : 0;

  // Idle starts where the EV last drew more than idleBelowW.
  const idleW = def.idle.idleBelowW;
  let idleStart = start;
  for (let i = n - 1; i > 0; i--) {
    const dt = T[i]! - T[i - 1]!;
    if (((E[i]! - E[i - 1]!) / dt) * 3600 > idleW) {
      idleStart = T[i]!;
      if (options.stillCharging && i === n - 1) idleStart = end;
      break;
    }
  }
  // A live session with a single reading has not shown whether it draws power: assume it does.
  if (options.stillCharging && n <= 1) idleStart = end;
  const parkStart = idleStart + def.idle.graceMinutes * 60_000;

  // Breakpoints: every instant at which some price, free window or sponsor may change.
  spanStart = start;
  spanEnd = end;
  nb = 0;
  B[nb++] = start;
  B[nb++] = end;
  pushBreak(idleStart);
  pushBreak(parkStart);
  for (const d of c.durationThresholds) pushBreak(start + d);
  if (c.energyThresholds.length > 0 && n > 1) {
    let i = 1;
    for (const x of c.energyThresholds) {
      while (i < n && E[i]! - e0 < x) i++;
      if (i >= n) break;
      const ea = E[i - 1]! - e0;
      const eb = E[i]! - e0;
      pushBreak(T[i - 1]! + ((x - ea) * (T[i]! - T[i - 1]!)) / (eb - ea));
    }
  }
  if (c.powerSplit) for (let i = 0; i < n; i++) pushBreak(T[i]!);
  if (c.calendar) {
    const firstDay = Math.floor(utcToLocal(tz, start) / DAY_MS);
    const lastDay = Math.floor(utcToLocal(tz, end) / DAY_MS);
    for (let d = firstDay; d <= lastDay; d++) {
      if (c.midnight) pushBreak(localToUtc(tz, d * DAY_MS));
      for (const t of c.todBoundaries) pushBreak(localToUtc(tz, d * DAY_MS + t));
    }
  }
  const bs = B.subarray(0, nb).sort();

  const ls: Lines = { c, open: [undefined, undefined, undefined], out: [] };
  const at = { local: 0, mwh: 0, w: 0, ms: 0 };
  cursor = 0;
  let prevB = bs[0]!;
  let prevE = Math.round(energyAt(prevB));
  let prevMs = Math.round(prevB);
  let chargingMs = 0;
  let parkingMs = 0;
  for (let k = 1; k < nb; k++) {
    const b = bs[k]!;
    if (b === prevB) continue;
    const m = (prevB + b) / 2;
    at.mwh = energyAt(m) - e0;
    at.w = c.powerSplit ? powerAt(m) : 0;
    at.local = c.calendar ? m + tzOffsetMs(tz, m) : 0;
    at.ms = m - start;
    const eB = Math.round(energyAt(b));
    const msB = Math.round(b);
    const dE = eB - prevE;
    const dT = msB - prevMs;
    if (dE > 0) addQuantity(ls, 0, prevMs, msB, dE, at);
    if (m < idleStart) {
      chargingMs += dT;
      if (dT > 0) addQuantity(ls, 1, prevMs, msB, dT, at);
    } else if (m >= parkStart) {
      parkingMs += dT;
      if (dT > 0) addQuantity(ls, 2, prevMs, msB, dT, at);
    }
    prevB = b;
    prevE = eB;
    prevMs = msB;
  }
  closeLine(ls, 0);
  closeLine(ls, 1);
  closeLine(ls, 2);
  const lines = ls.out;

  // The session fee comes from the first element with FLAT that holds at the start.
  if (c.priced[3]) {
    cursor = 0;
    const startLocal = c.calendar ? utcToLocal(tz, start) : 0;
    energyAt(start);
    const flatEl = matchElement(c, 3, startLocal, 0, c.powerSplit ? powerAt(start) : 0, 0);
    if (flatEl >= 0) {
      const free = c.free.length ? matchFree(c, 3, startLocal) : -1;
      const sponsor = c.sponsors.length ? matchSponsor(c, 3, startLocal, 0) : -1;
      const s = Math.round(start);
      lines.push(makeLine(c, 'FLAT', { key: 0, from: s, to: s, qty: 1, el: flatEl, free, sponsor }));
    }
  }

  applyStepSizes(c, lines);
  return settle(c, lines, {
    from: Math.round(start),
    to: Math.round(end),
    energyMwh: n > 0 ? E[n - 1]! - e0 : 0,
    chargingMs,
    parkingMs,
  });
}

function makeLine(c: CompiledTariff, dimension: Dimension, o: OpenLine): PricedLine {
  const el = o.el >= 0 ? c.elements[o.el] : undefined;
  const comp: PriceComponent | undefined = el?.components[DIM_INDEX[dimension]];
  const free = o.free >= 0 ? c.free[o.free] : undefined;
  const sponsor = o.sponsor >= 0 ? c.sponsors[o.sponsor] : undefined;
  const unitPriceMinor = free || !comp ? 0 : comp.priceMinor;
  const per = comp?.per ?? (dimension === 'ENERGY' ? 'kWh' : dimension === 'FLAT' ? 'session' : 'hour');
  return {
    dimension,
    label: free?.label ?? el?.label ?? 'Not priced',
    from: o.from,
    to: o.to,
    quantity: o.qty,
    unit: UNIT_OF[dimension],
    unitPriceMinor,
    per,
    amountMinor: 0,
    taxMinor: 0,
    sponsorMinor: 0,
    sponsorId: sponsor?.id ?? null,
    free: free !== undefined,
    elementIndex: o.el >= 0 ? o.el : null,
  };
}
