import { energyGaps } from './coverage.ts';
import { isoMinorUnits } from './currency.ts';
import {
  tariffDefinitionSchema,
  TariffValidationError,
  type CalendarRestrictions,
  type Restrictions,
  type TariffDefinition,
} from './model.ts';

// What a new tariff must satisfy beyond its shape, checked when it is published (and previewed):
// money in the currency's own minor unit, ranges and dates that can hold, energy priced at every
// instant. Stored versions are read with the shape alone, so a version published before a check
// existed keeps pricing its sessions.

export type TariffProblem = { path: string; message: string };

/** YYYY-MM-DD that names a real day (Date.parse turns 2026-02-30 into 2 March). */
function realDate(s: string): boolean {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === s;
}

const RANGES = [
  ['minKwh', 'maxKwh', 'kWh'],
  ['minPowerKw', 'maxPowerKw', 'kW'],
  ['minDurationSec', 'maxDurationSec', 's'],
] as const;

function restrictionProblems(r: Partial<Restrictions> | CalendarRestrictions | undefined, at: string): TariffProblem[] {
  if (!r) return [];
  const out: TariffProblem[] = [];
  for (const key of ['startDate', 'endDate'] as const) {
    const v = r[key];
    if (v !== undefined && !realDate(v)) out.push({ path: `${at}.${key}`, message: `${v} is not a calendar date` });
  }
  const state = r as Partial<Restrictions>;
  for (const [min, max, unit] of RANGES) {
    const lo = state[min];
    const hi = state[max];
    // max is exclusive (OCPI): min = max matches nothing either.
    if (lo !== undefined && hi !== undefined && lo >= hi) {
      out.push({ path: `${at}.${min}`, message: `${min} (${lo} ${unit}) must be below ${max} (${hi} ${unit})` });
    }
  }
  return out;
}

/** Every problem of a well-shaped definition that makes it unfit to publish. */
export function tariffDefinitionProblems(d: TariffDefinition): TariffProblem[] {
  const out: TariffProblem[] = [];
  const digits = isoMinorUnits(d.currency);
  if (digits === null) out.push({ path: 'currency', message: `${d.currency} is not an ISO 4217 currency code` });
  else if (digits !== d.minorUnits) {
    out.push({
      path: 'minorUnits',
      message: `${d.currency} has ${digits} minor-unit digits (ISO 4217): minorUnits must be ${digits}, not ${d.minorUnits}`,
    });
  }
  d.elements.forEach((e, i) => out.push(...restrictionProblems(e.restrictions, `elements.${i}.restrictions`)));
  d.freeWindows.forEach((w, i) => out.push(...restrictionProblems(w.restrictions, `freeWindows.${i}.restrictions`)));
  d.sponsors.forEach((s, i) => out.push(...restrictionProblems(s.restrictions, `sponsors.${i}.restrictions`)));
  d.powerCaps.forEach((p, i) => out.push(...restrictionProblems(p.restrictions, `powerCaps.${i}.restrictions`)));
  // Gaps are judged on real dates only.
  if (out.length === 0) {
    for (const message of energyGaps(d)) out.push({ path: 'elements', message });
  }
  return out;
}

/**
 * The shape plus every publish check: what the editor, the API and publishing validate with. The
 * checks run on a well-shaped definition only (a transform is skipped once the shape failed), so a
 * half-typed window is reported as such, not as a gap.
 */
export const newTariffDefinitionSchema = tariffDefinitionSchema.transform((d, ctx) => {
  for (const p of tariffDefinitionProblems(d)) {
    const path = p.path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    ctx.addIssue({ code: 'custom', path, message: p.message, input: d });
  }
  return d;
});

/** Validates a definition to be published; throws TariffValidationError listing every problem. */
export function parseNewTariffDefinition(input: unknown): TariffDefinition {
  const r = newTariffDefinitionSchema.safeParse(input);
  if (r.success) return r.data;
  throw new TariffValidationError(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}
