import { z } from 'zod';
import {
  DAYS_OF_WEEK,
  parseTariffDefinition,
  type PriceComponent,
  type Restrictions,
  type TariffDefinition,
  type TariffDefinitionInput,
} from './model.ts';
import { mulDivRoundHalfUp } from './money.ts';

// OCPI 2.2.1 Tariff module mapping. Element order and the "first matching element per dimension"
// rule are the same on both sides, so a tariff OCPI can express prices identically after a round trip.

const ocpiRestrictionsSchema = z
  .object({
    start_time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional(),
    end_time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .optional(),
    start_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    end_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    min_kwh: z.number().nonnegative().optional(),
    max_kwh: z.number().nonnegative().optional(),
    min_current: z.number().optional(),
    max_current: z.number().optional(),
    min_power: z.number().nonnegative().optional(),
    max_power: z.number().nonnegative().optional(),
    min_duration: z.number().int().nonnegative().optional(),
    max_duration: z.number().int().nonnegative().optional(),
    day_of_week: z.array(z.enum(DAYS_OF_WEEK)).optional(),
    reservation: z.enum(['RESERVATION', 'RESERVATION_EXPIRES']).optional(),
  })
  .passthrough();

const ocpiPriceComponentSchema = z
  .object({
    type: z.enum(['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME']),
    price: z.number().nonnegative(),
    vat: z.number().nonnegative().optional(),
    step_size: z.number().int().positive(),
  })
  .passthrough();

const ocpiPriceSchema = z.object({ excl_vat: z.number().nonnegative(), incl_vat: z.number().nonnegative().optional() });

export const ocpiTariffSchema = z
  .object({
    country_code: z.string().length(2),
    party_id: z.string().min(1).max(3),
    id: z.string().min(1).max(36),
    currency: z.string().length(3),
    type: z.enum(['AD_HOC_PAYMENT', 'PROFILE_CHEAP', 'PROFILE_FAST', 'PROFILE_GREEN', 'REGULAR']).optional(),
    tariff_alt_text: z.array(z.object({ language: z.string(), text: z.string() })).optional(),
    tariff_alt_url: z.string().optional(),
    min_price: ocpiPriceSchema.optional(),
    max_price: ocpiPriceSchema.optional(),
    elements: z
      .array(
        z.object({
          price_components: z.array(ocpiPriceComponentSchema).min(1),
          restrictions: ocpiRestrictionsSchema.optional(),
        }),
      )
      .min(1),
    start_date_time: z.string().optional(),
    end_date_time: z.string().optional(),
    last_updated: z.string(),
  })
  .passthrough();

export type OcpiTariff = z.infer<typeof ocpiTariffSchema>;
export type OcpiRestrictions = z.infer<typeof ocpiRestrictionsSchema>;
type OcpiPriceComponent = z.infer<typeof ocpiPriceComponentSchema>;

export class OcpiMappingError extends Error {
  readonly reasons: string[];
  constructor(direction: 'to' | 'from', reasons: string[]) {
    super(`Cannot map ${direction === 'to' ? 'this tariff to' : 'this tariff from'} OCPI 2.2.1: ${reasons.join('; ')}`);
    this.name = 'OcpiMappingError';
    this.reasons = reasons;
  }
}

export type OcpiTariffMeta = {
  countryCode: string;
  partyId: string;
  id: string;
  /** RFC 3339; passed in because the engine has no clock. */
  lastUpdated: string;
  type?: OcpiTariff['type'];
  altText?: { language: string; text: string }[];
};

function toMajor(minor: number, minorUnits: number): number {
  return Number((minor / 10 ** minorUnits).toFixed(minorUnits + 4));
}

function fromMajor(major: number, minorUnits: number, where: string, reasons: string[]): number {
  const scaled = major * 10 ** minorUnits;
  const rounded = Math.round(scaled);
  if (Math.abs(scaled - rounded) > 1e-6) {
    reasons.push(`${where}: price ${major} is finer than the currency's minor unit`);
  }
  return rounded;
}

/** Which parts of a definition OCPI 2.2.1 cannot carry; empty when it can carry all of it. */
export function ocpiLimitations(def: TariffDefinition): string[] {
  const reasons: string[] = [];
  if (def.freeWindows.length) reasons.push('free windows have no OCPI equivalent');
  if (def.sponsors.length) reasons.push('sponsored sessions have no OCPI equivalent');
  if (def.powerCaps.length) reasons.push('power caps are charging profiles, not tariff data, in OCPI');
  const hasParking = def.elements.some((e) => e.components.some((c) => c.dimension === 'PARKING'));
  if (hasParking && def.idle.graceMinutes > 0) reasons.push('an idle grace period has no OCPI equivalent');
  return reasons;
}

/** Maps a definition to an OCPI 2.2.1 Tariff, or throws OcpiMappingError listing what OCPI cannot say. */
export function toOcpiTariff(definition: TariffDefinition, meta: OcpiTariffMeta): OcpiTariff {
  const def = parseTariffDefinition(definition);
  const reasons = ocpiLimitations(def);
  if (reasons.length) throw new OcpiMappingError('to', reasons);
  const mu = def.minorUnits;
  const vat = def.taxRateBps / 100;
  const price = (excl: number) => ({
    excl_vat: toMajor(excl, mu),
    incl_vat: toMajor(excl + mulDivRoundHalfUp(excl, def.taxRateBps, 10_000), mu),
  });
  const tariff: OcpiTariff = {
    country_code: meta.countryCode,
    party_id: meta.partyId,
    id: meta.id,
    currency: def.currency,
    ...(meta.type ? { type: meta.type } : {}),
    ...(meta.altText ? { tariff_alt_text: meta.altText } : {}),
    ...(def.minPriceMinor !== undefined ? { min_price: price(def.minPriceMinor) } : {}),
    ...(def.maxPriceMinor !== undefined ? { max_price: price(def.maxPriceMinor) } : {}),
    elements: def.elements.map((e) => {
      const restrictions = toOcpiRestrictions(e.restrictions);
      return {
        price_components: e.components.map((c) => toOcpiComponent(c, mu, vat)),
        ...(restrictions ? { restrictions } : {}),
      };
    }),
    last_updated: meta.lastUpdated,
  };
  return tariff;
}

function toOcpiComponent(c: PriceComponent, mu: number, vat: number): OcpiPriceComponent {
  switch (c.dimension) {
    case 'ENERGY':
      return { type: 'ENERGY', price: toMajor(c.priceMinor, mu), vat, step_size: c.stepSize ?? 1 };
    case 'FLAT':
      return { type: 'FLAT', price: toMajor(c.priceMinor, mu), vat, step_size: 1 };
    case 'TIME':
    case 'PARKING': {
      const perHour = c.per === 'minute' ? c.priceMinor * 60 : c.priceMinor;
      const type = c.dimension === 'TIME' ? 'TIME' : 'PARKING_TIME';
      return { type, price: toMajor(perHour, mu), vat, step_size: c.stepSize ?? 1 };
    }
  }
}

function toOcpiRestrictions(r: Restrictions | undefined): OcpiRestrictions | undefined {
  if (!r) return undefined;
  const o: OcpiRestrictions = {};
  if (r.startTime !== undefined) o.start_time = r.startTime;
  if (r.endTime !== undefined) o.end_time = r.endTime;
  if (r.startDate !== undefined) o.start_date = r.startDate;
  if (r.endDate !== undefined) o.end_date = r.endDate;
  if (r.minKwh !== undefined) o.min_kwh = r.minKwh;
  if (r.maxKwh !== undefined) o.max_kwh = r.maxKwh;
  if (r.minPowerKw !== undefined) o.min_power = r.minPowerKw;
  if (r.maxPowerKw !== undefined) o.max_power = r.maxPowerKw;
  if (r.minDurationSec !== undefined) o.min_duration = r.minDurationSec;
  if (r.maxDurationSec !== undefined) o.max_duration = r.maxDurationSec;
  if (r.daysOfWeek !== undefined) o.day_of_week = [...r.daysOfWeek];
  return Object.keys(o).length ? o : undefined;
}

/**
 * Maps an OCPI 2.2.1 Tariff to a definition. TIME and PARKING_TIME become prices per hour; a
 * step_size of 1 means no step. Throws OcpiMappingError for what the engine does not model
 * (current and reservation restrictions, VAT that differs between components, sub-minor-unit prices).
 */
export function fromOcpiTariff(input: unknown, opts: { minorUnits?: number } = {}): TariffDefinition {
  const parsed = ocpiTariffSchema.safeParse(input);
  if (!parsed.success) {
    throw new OcpiMappingError(
      'from',
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
    );
  }
  const o = parsed.data;
  const mu = opts.minorUnits ?? 2;
  const reasons: string[] = [];
  const vats = new Set(o.elements.flatMap((e) => e.price_components.map((c) => c.vat ?? 0)));
  if (vats.size > 1) reasons.push(`components use different VAT rates (${[...vats].join(', ')})`);
  const taxRateBps = Math.round(([...vats][0] ?? 0) * 100);

  const elements: TariffDefinitionInput['elements'] = o.elements.map((e, i) => {
    const where = `elements[${i}]`;
    const components = e.price_components.map((c): PriceComponent => {
      const priceMinor = fromMajor(c.price, mu, where, reasons);
      const stepSize = c.step_size > 1 ? c.step_size : undefined;
      switch (c.type) {
        case 'ENERGY':
          return { dimension: 'ENERGY', priceMinor, per: 'kWh', ...(stepSize ? { stepSize } : {}) };
        case 'FLAT':
          return { dimension: 'FLAT', priceMinor, per: 'session' };
        case 'TIME':
          return { dimension: 'TIME', priceMinor, per: 'hour', ...(stepSize ? { stepSize } : {}) };
        case 'PARKING_TIME':
          return { dimension: 'PARKING', priceMinor, per: 'hour', ...(stepSize ? { stepSize } : {}) };
      }
    });
    const restrictions = e.restrictions ? fromOcpiRestrictions(e.restrictions, where, reasons) : undefined;
    return { components, ...(restrictions ? { restrictions } : {}) };
  });
  const minPriceMinor = o.min_price ? fromMajor(o.min_price.excl_vat, mu, 'min_price', reasons) : undefined;
  const maxPriceMinor = o.max_price ? fromMajor(o.max_price.excl_vat, mu, 'max_price', reasons) : undefined;
  if (reasons.length) throw new OcpiMappingError('from', reasons);
  return parseTariffDefinition({
    currency: o.currency,
    minorUnits: mu,
    taxRateBps,
    elements,
    ...(minPriceMinor !== undefined ? { minPriceMinor } : {}),
    ...(maxPriceMinor !== undefined ? { maxPriceMinor } : {}),
  });
}

function fromOcpiRestrictions(r: OcpiRestrictions, where: string, reasons: string[]): Restrictions | undefined {
  if (r.min_current !== undefined || r.max_current !== undefined) {
    reasons.push(`${where}: current restrictions (min_current/max_current) are not supported; use power`);
  }
  if (r.reservation !== undefined) reasons.push(`${where}: reservation restrictions are not supported`);
  const out: Restrictions = {};
  // OCPI allows one end of a time window alone; midnight closes it.
  const start = r.start_time ?? (r.end_time !== undefined ? '00:00' : undefined);
  const end = r.end_time ?? (r.start_time !== undefined ? '00:00' : undefined);
  if (start !== undefined && end !== undefined && start !== end) {
    out.startTime = start;
    out.endTime = end;
  }
  if (r.start_date !== undefined) out.startDate = r.start_date;
  if (r.end_date !== undefined) out.endDate = r.end_date;
  if (r.min_kwh !== undefined) out.minKwh = r.min_kwh;
  if (r.max_kwh !== undefined) out.maxKwh = r.max_kwh;
  if (r.min_power !== undefined) out.minPowerKw = r.min_power;
  if (r.max_power !== undefined) out.maxPowerKw = r.max_power;
  if (r.min_duration !== undefined) out.minDurationSec = r.min_duration;
  if (r.max_duration !== undefined) out.maxDurationSec = r.max_duration;
  if (r.day_of_week !== undefined && r.day_of_week.length > 0) out.daysOfWeek = [...r.day_of_week];
  return Object.keys(out).length ? out : undefined;
}
