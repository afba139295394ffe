import { z } from 'zod';
import type { Db } from '@magma/db';
import {
  DAYS_OF_WEEK,
  localToUtc,
  quoteSession,
  TariffValidationError,
  parseNewTariffDefinition,
  utcToLocal,
  type DayOfWeek,
  type PricedLine,
  type TariffDefinition,
} from '@magma/tariff';
import { AppError } from '../errors/app-error.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { MAX_TARIFF_DEFINITION_CHARS } from './publish-tariff-version.ts';

const DAY_MS = 86_400_000;
const MAX_EXAMPLE_HOURS = 72;
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a time like 19:00');

export const exampleSessionSchema = z
  .object({
    label: z.string().trim().max(80).optional(),
    day: z.enum(DAYS_OF_WEEK),
    startTime: hhmm,
    energyKwh: z.number().positive('Energy must be more than 0 kWh').max(500, 'Energy: at most 500 kWh'),
    powerKw: z.number().min(0.5, 'Power: at least 0.5 kW').max(1000, 'Power: at most 1000 kW'),
    idleMinutes: z
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(0),
  })
  .refine((e) => e.energyKwh / e.powerKw <= MAX_EXAMPLE_HOURS, 'That session would last more than 3 days');
export type ExampleSession = z.output<typeof exampleSessionSchema>;

export const previewTariffInput = z.object({
  /** The draft, unvalidated: problems come back as issues, not as an error; no larger than a publishable one. */
  definition: z
    .unknown()
    .refine(
      (d) => (JSON.stringify(d) ?? '').length <= MAX_TARIFF_DEFINITION_CHARS,
      'That tariff is too large to preview',
    ),
  /** The day the standard examples are priced on; today in the tenant's time zone when absent. */
  day: z.enum(DAYS_OF_WEEK).optional(),
  custom: exampleSessionSchema.optional(),
});

/** The sessions every preview prices, on the chosen day. */
export function standardExamples(day: DayOfWeek): ExampleSession[] {
  return [
    {
      label: '20 kWh at 19:00 on a 30 kW charger',
      day,
      startTime: '19:00',
      energyKwh: 20,
      powerKw: 30,
      idleMinutes: 0,
    },
    { label: 'Overnight 7 kW for 8 h from 22:00', day, startTime: '22:00', energyKwh: 56, powerKw: 7, idleMinutes: 0 },
    {
      label: 'Fast charge 40 kWh at 50 kW from 17:30',
      day,
      startTime: '17:30',
      energyKwh: 40,
      powerKw: 50,
      idleMinutes: 0,
    },
  ];
}

export type PreviewLine = Pick<
  PricedLine,
  'dimension' | 'label' | 'quantity' | 'unit' | 'amountMinor' | 'taxMinor' | 'sponsorMinor' | 'free'
>;

export type PreviewResult = {
  key: string;
  example: ExampleSession;
  startAt: Date;
  chargingEndsAt: Date;
  endedAt: Date;
  lines: PreviewLine[];
  subtotalMinor: number;
  taxMinor: number;
  totalMinor: number;
  sponsorMinor: number;
  driverMinor: number;
};

export type TariffPreview =
  | { ok: true; timeZone: string; day: DayOfWeek; currency: string; minorUnits: number; results: PreviewResult[] }
  | { ok: false; timeZone: string; day: DayOfWeek; issues: { path: string; message: string }[] };

/** Local weekday of an instant (Monday first, as DAYS_OF_WEEK). */
export function localDay(timeZone: string, at: number): DayOfWeek {
  const local = utcToLocal(timeZone, at);
  return DAYS_OF_WEEK[(new Date(local).getUTCDay() + 6) % 7]!;
}

/** The next `day` on or after `now` (local), at `time`, as an instant. */
export function nextLocal(timeZone: string, now: number, day: DayOfWeek, time: string): number {
  const local = utcToLocal(timeZone, now);
  const midnight = local - (((local % DAY_MS) + DAY_MS) % DAY_MS);
  const today = (new Date(midnight).getUTCDay() + 6) % 7;
  const ahead = (DAYS_OF_WEEK.indexOf(day) - today + 7) % 7;
  const [h, m] = time.split(':').map(Number) as [number, number];
  return localToUtc(timeZone, midnight + ahead * DAY_MS + h * 3_600_000 + m * 60_000);
}

/** Prices one example with a definition, exactly as the engine's quote does. */
export function priceExample(
  definition: TariffDefinition,
  ex: ExampleSession,
  opts: { timeZone: string; now: number; key: string },
): PreviewResult {
  const startAt = nextLocal(opts.timeZone, opts.now, ex.day, ex.startTime);
  const q = quoteSession(definition, {
    startAt,
    energyKwh: ex.energyKwh,
    powerKw: ex.powerKw,
    idleMinutes: ex.idleMinutes,
    timeZone: opts.timeZone,
  });
  return {
    key: opts.key,
    example: ex,
    startAt: new Date(startAt),
    chargingEndsAt: new Date(q.chargingEndsAt),
    endedAt: new Date(q.to),
    lines: q.lines.map(({ dimension, label, quantity, unit, amountMinor, taxMinor, sponsorMinor, free }) => ({
      dimension,
      label,
      quantity,
      unit,
      amountMinor,
      taxMinor,
      sponsorMinor,
      free,
    })),
    subtotalMinor: q.subtotalMinor,
    taxMinor: q.taxMinor,
    totalMinor: q.totalMinor,
    sponsorMinor: q.sponsorMinor,
    driverMinor: q.driverMinor,
  };
}

/**
 * Prices the example sessions (and the operator's own) with a draft definition, in the tenant's
 * time zone, without saving anything. An invalid draft returns its issues so the editor can show
 * them next to the fields.
 */
export async function previewTariff({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof previewTariffInput>;
  now?: Date;
}): Promise<TariffPreview> {
  assertOperator(scope);
  const parsed = previewTariffInput.parse(input);
  const tenant = await scopedDb(db, scope).tenant.findFirstOrThrow({ select: { timezone: true } });
  const timeZone = tenant.timezone;
  const day = parsed.day ?? localDay(timeZone, now.getTime());
  let definition: TariffDefinition;
  try {
    definition = parseNewTariffDefinition(parsed.definition);
  } catch (e) {
    if (e instanceof TariffValidationError) return { ok: false, timeZone, day, issues: e.issues };
    throw e;
  }
  const examples = standardExamples(day).map((ex, i) => ({ ex, key: `example-${i + 1}` }));
  if (parsed.custom)
    examples.push({ ex: { ...parsed.custom, label: parsed.custom.label || 'Your example' }, key: 'custom' });
  let results: PreviewResult[];
  try {
    results = examples.map(({ ex, key }) => priceExample(definition, ex, { timeZone, now: now.getTime(), key }));
  } catch (e) {
    // Power caps can stretch a quoted session past what the engine simulates.
    if (e instanceof RangeError)
      throw new AppError('BAD_INPUT', `Cannot price the examples: ${e.message}`, { cause: e });
    throw e;
  }
  return { ok: true, timeZone, day, currency: definition.currency, minorUnits: definition.minorUnits, results };
}
