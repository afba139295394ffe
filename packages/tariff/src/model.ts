import { z } from 'zod';

// The tariff definition stored in TariffVersion.definition and edited in the web app. It is a
// superset of an OCPI 2.2.1 Tariff: elements with price components and restrictions, evaluated the
// OCPI way, plus what OCPI cannot say (idle grace, free windows, sponsors, power caps).

export const DAYS_OF_WEEK = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export const DIMENSIONS = ['ENERGY', 'TIME', 'PARKING', 'FLAT'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time HH:MM (00:00–23:59)');
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a calendar date');
const minor = z.number().int().nonnegative().max(1_000_000_000);
const nonNeg = z.number().finite().nonnegative();

/** When a window applies, in the tenant's local time. All fields must hold (AND). */
export const calendarRestrictionsSchema = z
  .object({
    /** start inclusive, end exclusive; end <= start crosses midnight (22:00–06:00). */
    startTime: hhmm.optional(),
    endTime: hhmm.optional(),
    /** Local day of week of the instant being priced (not of the session start). */
    daysOfWeek: z.array(z.enum(DAYS_OF_WEEK)).min(1).optional(),
    /** startDate inclusive, endDate exclusive (as OCPI). */
    startDate: isoDate.optional(),
    endDate: isoDate.optional(),
  })
  .strict();
export type CalendarRestrictions = z.infer<typeof calendarRestrictionsSchema>;

/** Element restrictions: calendar plus session-state conditions, as OCPI. min inclusive, max exclusive. */
export const restrictionsSchema = calendarRestrictionsSchema
  .extend({
    minKwh: nonNeg.optional(),
    maxKwh: nonNeg.optional(),
    minPowerKw: nonNeg.optional(),
    maxPowerKw: nonNeg.optional(),
    minDurationSec: z.number().int().nonnegative().optional(),
    maxDurationSec: z.number().int().nonnegative().optional(),
  })
  .strict();
export type Restrictions = z.infer<typeof restrictionsSchema>;

export const priceComponentSchema = z.discriminatedUnion('dimension', [
  z
    .object({
      dimension: z.literal('ENERGY'),
      /** Minor units (paise) per kWh, before tax. */
      priceMinor: minor,
      per: z.literal('kWh').default('kWh'),
      /** Billing step in Wh (OCPI step_size); the session total is rounded up to it. */
      stepSize: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      dimension: z.literal('TIME'),
      /** Minor units per hour or per minute of charging time. */
      priceMinor: minor,
      per: z.enum(['hour', 'minute']).default('hour'),
      /** Billing step in seconds. */
      stepSize: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      dimension: z.literal('PARKING'),
      /** Minor units per hour or per minute of idle time after the grace period. */
      priceMinor: minor,
      per: z.enum(['hour', 'minute']).default('minute'),
      stepSize: z.number().int().positive().optional(),
    })
    .strict(),
  z
    .object({
      dimension: z.literal('FLAT'),
      /** Session fee in minor units. */
      priceMinor: minor,
      per: z.literal('session').default('session'),
    })
    .strict(),
]);
export type PriceComponent = z.infer<typeof priceComponentSchema>;

export const tariffElementSchema = z
  .object({
    /** Shown on the priced line, e.g. "Peak 18:00–22:00". */
    label: z.string().min(1).max(80).optional(),
    components: z.array(priceComponentSchema).min(1),
    restrictions: restrictionsSchema.optional(),
  })
  .strict()
  .superRefine((el, ctx) => {
    const seen = new Set<string>();
    for (const c of el.components) {
      if (seen.has(c.dimension))
        ctx.addIssue({ code: 'custom', message: `${c.dimension} appears twice in one element` });
      seen.add(c.dimension);
    }
  });
export type TariffElement = z.infer<typeof tariffElementSchema>;

export const freeWindowSchema = z
  .object({
    label: z.string().min(1).max(80),
    restrictions: calendarRestrictionsSchema,
    /** Which dimensions are free; all of them when absent. */
    dimensions: z.array(z.enum(DIMENSIONS)).min(1).optional(),
  })
  .strict();
export type FreeWindow = z.infer<typeof freeWindowSchema>;

export const sponsorSchema = z
  .object({
    id: z.string().min(1).max(80),
    label: z.string().min(1).max(80),
    /** Share of each covered line (amount + tax) the sponsor pays: 10000 = all of it. */
    shareBps: z.number().int().min(1).max(10_000).default(10_000),
    /** Covers only the session's first N Wh (and the time spent delivering them). */
    firstWh: z.number().int().positive().optional(),
    /** Covers only while these hold (e.g. 10:00–12:00). */
    restrictions: calendarRestrictionsSchema.optional(),
    dimensions: z.array(z.enum(DIMENSIONS)).min(1).optional(),
  })
  .strict();
export type Sponsor = z.infer<typeof sponsorSchema>;

export const powerCapSchema = z
  .object({
    label: z.string().min(1).max(80),
    /** Each charger's power in the window (also what a driver's quote assumes). */
    maxKw: z.number().finite().positive(),
    /** Peak-hour throttling: the whole site's power in the window, in kW… */
    siteMaxKw: z.number().finite().positive().max(1_000_000).optional(),
    /** …or as a share of the site's capacity (its top circuit), in percent. One of the two. */
    sitePct: z.number().int().min(1).max(100).optional(),
    restrictions: calendarRestrictionsSchema,
  })
  .strict();
export type PowerCap = z.infer<typeof powerCapSchema>;

const restrictionRefine = (r: CalendarRestrictions & { minKwh?: number; maxKwh?: number }, ctx: z.RefinementCtx) => {
  if ((r.startTime === undefined) !== (r.endTime === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'startTime and endTime go together' });
  }
  if (r.startTime !== undefined && r.startTime === r.endTime) {
    ctx.addIssue({ code: 'custom', message: 'startTime equals endTime: leave both out for all day' });
  }
  if (r.startDate && r.endDate && r.startDate >= r.endDate) {
    ctx.addIssue({ code: 'custom', message: 'startDate must be before endDate' });
  }
};

export const tariffDefinitionSchema = z
  .object({
    /** ISO 4217 code. */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/)
      .default('INR'),
    /** Digits of the minor unit: INR 2 (paise). */
    minorUnits: z.number().int().min(0).max(4).default(2),
    /** Tax rate in basis points, shown separately: 1800 = 18% GST. Prices are before tax. */
    taxRateBps: z.number().int().min(0).max(10_000).default(1800),
    /** First matching element per dimension wins (OCPI order). */
    elements: z.array(tariffElementSchema).min(1),
    /** Idle (parking) time starts when the EV last drew power above idleBelowW; billed after grace. */
    idle: z
      .object({
        graceMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60)
          .default(0),
        idleBelowW: z.number().finite().nonnegative().default(50),
      })
      .strict()
      .default({ graceMinutes: 0, idleBelowW: 50 }),
    /** Bounds on the session price before tax. */
    minPriceMinor: minor.optional(),
    maxPriceMinor: minor.optional(),
    freeWindows: z.array(freeWindowSchema).default([]),
    /** First matching sponsor covers a line. */
    sponsors: z.array(sponsorSchema).default([]),
    powerCaps: z.array(powerCapSchema).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.minPriceMinor !== undefined && d.maxPriceMinor !== undefined && d.minPriceMinor > d.maxPriceMinor) {
      ctx.addIssue({ code: 'custom', path: ['minPriceMinor'], message: 'minPriceMinor exceeds maxPriceMinor' });
    }
    const ids = d.sponsors.map((s) => s.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['sponsors'], message: 'sponsor ids must be unique' });
    }
    d.elements.forEach((e) => e.restrictions && restrictionRefine(e.restrictions, ctx));
    d.freeWindows.forEach((w) => restrictionRefine(w.restrictions, ctx));
    d.sponsors.forEach((s) => s.restrictions && restrictionRefine(s.restrictions, ctx));
    d.powerCaps.forEach((p, i) => {
      restrictionRefine(p.restrictions, ctx);
      if (p.siteMaxKw !== undefined && p.sitePct !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['powerCaps', i, 'sitePct'],
          message: 'a site cap is in kW or in percent, not both',
        });
      }
    });
  });

/** A validated definition with defaults filled in. */
export type TariffDefinition = z.output<typeof tariffDefinitionSchema>;
/** What an editor or the API may send: defaults may be left out. */
export type TariffDefinitionInput = z.input<typeof tariffDefinitionSchema>;

export class TariffValidationError extends Error {
  readonly issues: { path: string; message: string }[];
  constructor(issues: { path: string; message: string }[]) {
    super(`Invalid tariff definition: ${issues.map((i) => `${i.path || '(root)'}: ${i.message}`).join('; ')}`);
    this.name = 'TariffValidationError';
    this.issues = issues;
  }
}

/** Validates and fills defaults; throws TariffValidationError listing every problem. */
export function parseTariffDefinition(input: unknown): TariffDefinition {
  const r = tariffDefinitionSchema.safeParse(input);
  if (r.success) return r.data;
  throw new TariffValidationError(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
}
