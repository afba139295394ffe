import type { Bus } from '../bus/index.ts';
import type { Db } from '@magma/db';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { resolveTariffForConnector } from '../tariffs/resolve-tariff-for-connector.ts';
import { CUSTOM_DISPLAY_KEY, chargingPriceOf, priceTextOf, trackCaliforniaRead } from './california-pricing.ts';

// What a CSMS sets on a 1.6 charger with the California Pricing extension once it has booted (OCA
// "OCPP & California Pricing Requirements" v3.0, section 3): the price shown while no session runs
// (DefaultPrice: priceText, priceTextOffline and the chargingPrice it prices offline sessions with),
// the same text per language it shows (DefaultPriceText,<language>, for the languages this CSMS
// writes prices in: English), and the time offset it shows times in (TimeOffset, with the next
// daylight-saving change as NextTimeOffsetTransitionDateTime and TimeOffsetNextTransition), from
// the charger's site's time zone. One GetConfiguration after an Accepted boot reads the keys; that
// answer is also what tells the session messages whether the charger shows costs
// (californiaPricingSupport), so nothing is read again per message. A key is written only when the
// charger reported it with another value.

/** The note's keys the CSMS reads after boot. */
export const CALIFORNIA_BOOT_KEYS = [
  CUSTOM_DISPLAY_KEY,
  'Language',
  'SupportedLanguages',
  'DefaultPrice',
  'TimeOffset',
  'NextTimeOffsetTransitionDateTime',
  'TimeOffsetNextTransition',
] as const;

/** Languages (RFC 5646 primary subtag) this CSMS writes price texts in (priceTextOf). */
const WRITTEN_LANGUAGES = new Set(['en']);
/** 1.6 ChangeConfiguration values are CiString500. */
const MAX_VALUE = 500;

type Deps = {
  db: Db;
  bus: Bus;
  tenantId: string;
  chargerId: string;
  timeoutMs?: number;
  now?: Date;
  /** Wait before reading (the relay's boot answer leaves first); a session starting meanwhile waits for the read. */
  startAfterMs?: number;
};

export type CaliforniaBootOutcome =
  { outcome: 'unsupported' | 'unanswered' | 'unpriced' } | { outcome: 'configured'; changed: Record<string, string> };

/** "+05:30": a zone's offset from UTC at an instant. */
export function utcOffsetAt(timeZone: string, at: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const m = /GMT([+-]\d{2}):?(\d{2})?/.exec(name ?? '');
  return m ? `${m[1]}:${m[2] ?? '00'}` : '+00:00';
}

/** The next instant (to the minute, within a year) the zone's offset changes, with the offset after it. */
export function nextOffsetChange(timeZone: string, from: Date): { at: Date; offset: string } | null {
  const now = utcOffsetAt(timeZone, from);
  const DAY = 86_400_000;
  for (let day = 1; day <= 366; day++) {
    const probe = new Date(from.getTime() + day * DAY);
    if (utcOffsetAt(timeZone, probe) === now) continue;
    let lo = probe.getTime() - DAY;
    let hi = probe.getTime();
    while (hi - lo > 60_000) {
      const mid = Math.floor((lo + hi) / 2 / 60_000) * 60_000;
      if (mid <= lo) break;
      if (utcOffsetAt(timeZone, new Date(mid)) === now) lo = mid;
      else hi = mid;
    }
    return { at: new Date(hi), offset: utcOffsetAt(timeZone, new Date(hi)) };
  }
  return null;
}

const validZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** The price texts as the note's JSON values, the text shortened so the value stays within 500 characters. */
function priceValue(base: Record<string, unknown>, text: string): string {
  for (let cut = text.length; cut > 0; cut -= 20) {
    const t = text.slice(0, cut);
    const value = JSON.stringify({ priceText: t, priceTextOffline: t, ...base });
    if (value.length <= MAX_VALUE) return value;
  }
  return JSON.stringify({ priceText: text.slice(0, 100), ...base }).slice(0, MAX_VALUE);
}

/**
 * After an Accepted boot of a 1.6 charger: reads the note's keys, and when it shows costs writes
 * its default price, price texts and time offsets (ChangeConfiguration, source `cost`, each answer
 * kept as the command's reply).
 */
export async function configureCaliforniaPricing(deps: Deps): Promise<CaliforniaBootOutcome> {
  const now = deps.now ?? new Date();
  const timeoutMs = deps.timeoutMs ?? 30_000;
  let read;
  try {
    // Registered before the first await: a session starting from now on waits for this read.
    read = await trackCaliforniaRead(deps.chargerId, async () => {
      if (deps.startAfterMs) await new Promise((r) => setTimeout(r, deps.startAfterMs));
      return sendChargerCommand({
        db: deps.db,
        bus: deps.bus,
        tenantId: deps.tenantId,
        chargerId: deps.chargerId,
        action: 'GetConfiguration',
        payload: { key: [...CALIFORNIA_BOOT_KEYS] },
        source: 'cost',
        timeoutMs,
      });
    });
  } catch {
    return { outcome: 'unanswered' };
  }
  if (read.status !== 'RESPONDED') return { outcome: 'unanswered' };
  const reported = new Map(
    ((read.response as { configurationKey?: { key?: unknown; value?: unknown }[] } | null)?.configurationKey ?? [])
      .filter((k) => typeof k.key === 'string')
      .map((k) => [k.key as string, typeof k.value === 'string' ? k.value : '']),
  );
  if (reported.get(CUSTOM_DISPLAY_KEY)?.trim().toLowerCase() !== 'true') return { outcome: 'unsupported' };

  const charger = await deps.db.charger.findFirst({
    where: { id: deps.chargerId, tenantId: deps.tenantId },
    select: {
      siteId: true,
      site: { select: { timezone: true } },
      tenant: { select: { timezone: true } },
      connectors: { select: { type: true }, orderBy: [{ evseId: 'asc' }, { connectorId: 'asc' }], take: 1 },
    },
  });
  if (!charger) return { outcome: 'unsupported' };
  const wanted = new Map<string, string>();
  const tariff = await resolveTariffForConnector({
    db: deps.db,
    tenantId: deps.tenantId,
    at: now,
    siteId: charger.siteId,
    connectorType: charger.connectors[0]?.type ?? null,
  });
  if (tariff) {
    const def = tariff.definition;
    const text = priceTextOf(def);
    wanted.set('DefaultPrice', priceValue({ chargingPrice: chargingPriceOf(def).chargingPrice }, text));
    const languages = (reported.get('SupportedLanguages') ?? '')
      .split(',')
      .map((l) => l.trim())
      .filter((l) => l && l.length <= 35 && WRITTEN_LANGUAGES.has(l.split('-')[0]!.toLowerCase()));
    for (const language of languages.slice(0, 10)) wanted.set(`DefaultPriceText,${language}`, priceValue({}, text));
  }
  const zone = [charger.site?.timezone, charger.tenant.timezone].find((z): z is string => !!z && validZone(z));
  if (zone) {
    if (reported.has('TimeOffset')) wanted.set('TimeOffset', utcOffsetAt(zone, now));
    const change = nextOffsetChange(zone, now);
    if (change && reported.has('NextTimeOffsetTransitionDateTime') && reported.has('TimeOffsetNextTransition')) {
      wanted.set('NextTimeOffsetTransitionDateTime', change.at.toISOString());
      wanted.set('TimeOffsetNextTransition', change.offset);
    }
  }
  if (!tariff && wanted.size === 0) return { outcome: 'unpriced' };

  const changed: Record<string, string> = {};
  for (const [key, value] of wanted) {
    // DefaultPriceText,<language> is not read back (one key per language): written each boot.
    if (reported.get(key) === value) continue;
    try {
      const row = await sendChargerCommand({
        db: deps.db,
        bus: deps.bus,
        tenantId: deps.tenantId,
        chargerId: deps.chargerId,
        action: 'ChangeConfiguration',
        payload: { key, value },
        source: 'cost',
        timeoutMs,
      });
      const status = (row.response as { status?: unknown } | null)?.status;
      changed[key] = row.status === 'RESPONDED' && typeof status === 'string' ? status : row.status;
    } catch {
      changed[key] = 'OFFLINE';
      break;
    }
  }
  return { outcome: 'configured', changed };
}
