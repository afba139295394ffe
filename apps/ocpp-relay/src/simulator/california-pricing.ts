import type { SimulatedCharger } from './simulated-charger.ts';

// The simulated 1.6 charger's side of the OCA "California Pricing" extension: with its
// configuration key CustomDisplayCostAndPrice true it takes DataTransfer messages of vendor
// org.openchargealliance.costmsg (SetUserPrice, RunningCost, FinalCost) and keeps what it would
// show; without it, or for another message, it answers as a charger without the extension. Its
// configuration keys of the note (v3.0, section 3) are checked as such a charger checks them: the
// readonly ones refused, DefaultPrice and DefaultPriceText,<language> JSON with a priceText, the
// time offsets as +hh:mm; what it shows when idle is simIdlePriceText.

export const COSTMSG_VENDOR = 'org.openchargealliance.costmsg';

export type SimCostMessage = { messageId: string; data: Record<string, unknown> };

const shown = new WeakMap<SimulatedCharger, SimCostMessage[]>();

/** The costmsg messages the charger took, in order (tests read them). */
export function simCostMessages(sim: SimulatedCharger): SimCostMessage[] {
  let list = shown.get(sim);
  if (!list) shown.set(sim, (list = []));
  return list;
}

/** The answer to a costmsg DataTransfer, or null when the message is another vendor's. */
export function costMessageReply(
  sim: SimulatedCharger,
  p: { vendorId: string; messageId?: string; data?: string },
): Record<string, unknown> | null {
  if (p.vendorId !== COSTMSG_VENDOR) return null;
  if (sim.config.get('CustomDisplayCostAndPrice') !== 'true') return { status: 'UnknownVendorId' };
  if (!p.messageId || !['SetUserPrice', 'RunningCost', 'FinalCost'].includes(p.messageId))
    return { status: 'UnknownMessageId' };
  let data: unknown;
  try {
    data = JSON.parse(p.data ?? '');
  } catch {
    return { status: 'Rejected' };
  }
  if (!data || typeof data !== 'object') return { status: 'Rejected' };
  simCostMessages(sim).push({ messageId: p.messageId, data: data as Record<string, unknown> });
  return { status: 'Accepted' };
}

/** The note's keys a charger with the extension reports; the readonly ones the CSMS cannot set. */
const READONLY = new Set(['CustomDisplayCostAndPrice', 'SupportedLanguages', 'CustomMultiLanguageMessages']);
const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;
const californiaKey = (key: string) =>
  READONLY.has(key) ||
  key === 'DefaultPrice' ||
  key.startsWith('DefaultPriceText,') ||
  ['Language', 'TimeOffset', 'NextTimeOffsetTransitionDateTime', 'TimeOffsetNextTransition'].includes(key);

/**
 * Gives a simulated 1.6 charger the extension: CustomDisplayCostAndPrice true, the languages it can
 * show (the first its default Language) and no time offset yet.
 */
export function enableCaliforniaPricing(sim: SimulatedCharger, languages: readonly string[] = ['en-US']): void {
  sim.config.set('CustomDisplayCostAndPrice', 'true');
  sim.config.set('CustomMultiLanguageMessages', languages.length > 1 ? 'true' : 'false');
  sim.config.set('SupportedLanguages', languages.join(','));
  sim.config.set('Language', languages[0] ?? 'en-US');
  sim.config.set('TimeOffset', '+00:00');
  sim.config.set('NextTimeOffsetTransitionDateTime', '');
  sim.config.set('TimeOffsetNextTransition', '+00:00');
}

const supported = (sim: SimulatedCharger) =>
  (sim.config.get('SupportedLanguages') ?? '')
    .split(',')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);

function priceJson(value: string): Record<string, unknown> | null {
  try {
    const v = JSON.parse(value) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    const o = v as Record<string, unknown>;
    if (typeof o.priceText !== 'string' || o.priceText.length === 0) return null;
    if (o.priceTextOffline !== undefined && typeof o.priceTextOffline !== 'string') return null;
    return o;
  } catch {
    return null;
  }
}

/**
 * ChangeConfiguration of one of the note's keys as the charger answers it: NotSupported without the
 * extension, Rejected for a readonly key or a value of the wrong form, Accepted otherwise (and for
 * keys that are not the note's).
 */
export function californiaConfigurationStatus(
  sim: SimulatedCharger,
  key: string,
  value: string,
): 'Accepted' | 'Rejected' | 'NotSupported' {
  if (!californiaKey(key)) return 'Accepted';
  if (sim.config.get('CustomDisplayCostAndPrice') !== 'true') return 'NotSupported';
  if (READONLY.has(key)) return 'Rejected';
  if (key === 'DefaultPrice') {
    const price = priceJson(value);
    const charging = price?.chargingPrice;
    if (!price) return 'Rejected';
    if (charging === undefined) return 'Accepted';
    if (!charging || typeof charging !== 'object') return 'Rejected';
    return Object.values(charging).every((n) => typeof n === 'number' && Number.isFinite(n) && n >= 0)
      ? 'Accepted'
      : 'Rejected';
  }
  if (key.startsWith('DefaultPriceText,')) {
    const language = key.slice('DefaultPriceText,'.length).toLowerCase();
    return supported(sim).includes(language) && priceJson(value) ? 'Accepted' : 'Rejected';
  }
  if (key === 'Language') return supported(sim).includes(value.toLowerCase()) ? 'Accepted' : 'Rejected';
  if (key === 'NextTimeOffsetTransitionDateTime') return Number.isNaN(Date.parse(value)) ? 'Rejected' : 'Accepted';
  return OFFSET.test(value) ? 'Accepted' : 'Rejected';
}

/** What the charger shows when idle: the default price text in its language, else DefaultPrice's. */
export function simIdlePriceText(sim: SimulatedCharger): string | null {
  const language = sim.config.get('Language');
  const own = language ? sim.config.get(`DefaultPriceText,${language}`) : undefined;
  const price = (own && priceJson(own)) || priceJson(sim.config.get('DefaultPrice') ?? '');
  return typeof price?.priceText === 'string' ? price.priceText : null;
}
