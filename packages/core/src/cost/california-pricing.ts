import { Prisma, sqlQuery, type Db } from '@magma/db';
import type { TariffDefinition } from '@magma/tariff';
import type { Bus, LiveEventSink } from '../bus/index.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { estimateTransactionCost } from '../tariffs/estimate-transaction-cost.ts';
import { findTransactionForPricing, tariffForTransaction } from '../tariffs/transaction-pricing-input.ts';
import { COST_UPDATE_INTERVAL_MS } from './send-cost-update.ts';

// OCPP 1.6 "California Pricing" (OCA application note "OCPP & California Pricing Requirements"):
// a 1.6 charger whose configuration key CustomDisplayCostAndPrice is true shows prices and costs it
// is sent in DataTransfer messages of vendor org.openchargealliance.costmsg, each with a JSON text
// as data: SetUserPrice (the driver's price, when a session starts), RunningCost (the cost so far,
// after meter values, at most once a minute) and FinalCost (when it ends). Costs are the tariff
// engine's, tax included, like 2.0.1 CostUpdated (send-cost-update.ts); money stays integer minor
// units until it is written into the message, which carries decimal major units. The key is
// learnt from the charger's latest answer to a GetConfiguration naming it: the relay's own read after
// each Accepted boot (california-pricing-defaults.ts, which also writes the default price and time
// offsets), or an operator's read (the charger page's configuration action or the API). Only a
// charger never asked (one that has not booted since this read existed) is asked when a session
// starts (again after ASK_AGAIN_MS at most while unanswered). Nothing is sent to a charger not known
// to show costs. The note defines no message a charger sends for it: a costmsg DataTransfer from a
// charger is answered like any unknown vendor's.

export const COSTMSG_VENDOR = 'org.openchargealliance.costmsg';
export const CUSTOM_DISPLAY_KEY = 'CustomDisplayCostAndPrice';
const MAX_TRACKED = 10_000;
/** How long after an unanswered GetConfiguration of the key the CSMS asks again. */
export const ASK_AGAIN_MS = 10 * 60_000;

type Deps = { db: Db; bus: Bus; tenantId: string; chargerId: string; timeoutMs?: number };

/**
 * What the charger answered about CustomDisplayCostAndPrice the last time it was asked: true,
 * false (another value, or an unknown key), or null when it was never asked.
 */
export async function californiaPricingSupport({ db, chargerId }: { db: Db; chargerId: string }) {
  const [row] = await sqlQuery<{ response: unknown }>(
    db,
    Prisma.sql`
    SELECT response FROM "ChargerCommand"
     WHERE "chargerId" = ${chargerId}::uuid AND action = 'GetConfiguration' AND status = 'RESPONDED'
       AND strpos(response::text, ${CUSTOM_DISPLAY_KEY}) > 0
     ORDER BY "requestedAt" DESC LIMIT 1`,
  );
  if (!row) return null;
  const keys = (row.response as { configurationKey?: { key?: string; value?: string }[] }).configurationKey ?? [];
  return (
    keys
      .find((k) => k.key === CUSTOM_DISPLAY_KEY)
      ?.value?.trim()
      .toLowerCase() === 'true'
  );
}

const asked = new Map<string, number>();
/** Reads of the key under way (the one after boot), which a session starting meanwhile waits for. */
const reading = new Map<string, Promise<unknown>>();

/** Runs a GetConfiguration naming the key; a session that starts meanwhile waits for its answer. */
export async function trackCaliforniaRead<T>(chargerId: string, read: () => Promise<T>): Promise<T> {
  if (asked.size >= MAX_TRACKED) asked.delete(asked.keys().next().value as string);
  asked.set(chargerId, Date.now());
  const running = read();
  reading.set(chargerId, running);
  try {
    return await running;
  } finally {
    if (reading.get(chargerId) === running) reading.delete(chargerId);
  }
}

/**
 * californiaPricingSupport, reading the key from the charger first when it was never asked
 * (GetConfiguration of CustomDisplayCostAndPrice, source `cost`): an answer with the key says
 * true or false, an unknownKey false; offline, an error or no answer leave it unknown (null).
 */
export async function readCaliforniaPricingSupport(deps: Deps): Promise<boolean | null> {
  const pending = reading.get(deps.chargerId);
  if (pending) await pending.catch(() => undefined);
  const known = await californiaPricingSupport(deps);
  if (known !== null) return known;
  const last = asked.get(deps.chargerId);
  if (last !== undefined && Date.now() - last < ASK_AGAIN_MS) return null;
  if (asked.size >= MAX_TRACKED) asked.delete(asked.keys().next().value as string);
  asked.set(deps.chargerId, Date.now());
  try {
    await sendChargerCommand({
      ...deps,
      action: 'GetConfiguration',
      payload: { key: [CUSTOM_DISPLAY_KEY] },
      source: 'cost',
      timeoutMs: deps.timeoutMs ?? 30_000,
    });
  } catch {
    return null;
  }
  return californiaPricingSupport(deps);
}

/** Minor units as the decimal amount the message carries (exact for the tariff's minor unit). */
export function major(minor: number, digits: number): number {
  return Number((minor / 10 ** digits).toFixed(digits));
}

/** A price before tax with its tax, as shown to a driver: rounded half up to the minor unit. */
const withTax = (priceMinor: number, taxRateBps: number) => Math.round((priceMinor * (10_000 + taxRateBps)) / 10_000);

/**
 * The tariff's prices as the note's chargingPrice / idlePrice: the first element pricing each
 * dimension (the one with no restrictions first), tax included. Per-minute prices are per hour.
 */
export function chargingPriceOf(def: TariffDefinition) {
  const pick = (dimension: string) => {
    const elements = [...def.elements].sort((a, b) => Number(!!a.restrictions) - Number(!!b.restrictions));
    for (const e of elements) {
      const c = e.components.find((x) => x.dimension === dimension);
      if (c) return c;
    }
    return undefined;
  };
  const m = (minor: number) => major(withTax(minor, def.taxRateBps), def.minorUnits);
  const perHour = (c: { priceMinor: number; per: string }) => (c.per === 'minute' ? c.priceMinor * 60 : c.priceMinor);
  const energy = pick('ENERGY');
  const time = pick('TIME');
  const flat = pick('FLAT');
  const parking = pick('PARKING');
  return {
    chargingPrice: {
      ...(energy ? { kWhPrice: m(energy.priceMinor) } : {}),
      ...(time ? { hourPrice: m(perHour(time)) } : {}),
      ...(flat ? { flatFee: m(flat.priceMinor) } : {}),
    },
    ...(parking ? { idlePrice: { graceMinutes: def.idle.graceMinutes, hourPrice: m(perHour(parking)) } } : {}),
  };
}

/** "INR 21.24/kWh, INR 59.00 per session (incl. 18% tax)": the user price the charger shows. */
export function priceTextOf(def: TariffDefinition): string {
  const { chargingPrice, idlePrice } = chargingPriceOf(def);
  const f = (n: number) => `${def.currency} ${n.toFixed(def.minorUnits)}`;
  const parts = [
    chargingPrice.kWhPrice !== undefined ? `${f(chargingPrice.kWhPrice)}/kWh` : null,
    chargingPrice.hourPrice !== undefined ? `${f(chargingPrice.hourPrice)}/h` : null,
    chargingPrice.flatFee !== undefined ? `${f(chargingPrice.flatFee)} per session` : null,
    idlePrice ? `idle ${f(idlePrice.hourPrice)}/h after ${idlePrice.graceMinutes} min` : null,
  ].filter(Boolean);
  return `${parts.join(', ')} (incl. ${def.taxRateBps / 100}% tax)`.slice(0, 500);
}

async function pricing(db: Db, tenantId: string, transactionId: string) {
  const tx = await findTransactionForPricing(db, { id: transactionId, tenantId });
  const tariff = await tariffForTransaction(db, tx);
  return tariff ? { tx, def: tariff.resolved.definition } : null;
}

async function dataTransfer(deps: Deps, messageId: string, data: Record<string, unknown>) {
  await sendChargerCommand({
    ...deps,
    action: 'DataTransfer',
    payload: { vendorId: COSTMSG_VENDOR, messageId, data: JSON.stringify(data) },
    source: 'cost',
    timeoutMs: deps.timeoutMs ?? 30_000,
  });
}

export type CaliforniaOutcome = 'sent' | 'unsupported' | 'unpriced' | 'not-found';

/** SetUserPrice: the driver's price for a session that just started. */
export async function sendUserPrice(deps: Deps & { transactionId: string }): Promise<CaliforniaOutcome> {
  const row = await deps.db.transaction.findFirst({
    where: { id: deps.transactionId, tenantId: deps.tenantId, chargerId: deps.chargerId },
    select: { idTag: true },
  });
  if (!row?.idTag) return 'not-found';
  if ((await readCaliforniaPricingSupport(deps)) !== true) return 'unsupported';
  const priced = await pricing(deps.db, deps.tenantId, deps.transactionId);
  if (!priced) return 'unpriced';
  await dataTransfer(deps, 'SetUserPrice', { idToken: row.idTag, priceText: priceTextOf(priced.def) });
  return 'sent';
}

/** RunningCost: the session's cost so far (energy to the last reading, time to now). */
export async function sendRunningCost(deps: Deps & { transactionId: string }): Promise<CaliforniaOutcome> {
  const row = await deps.db.transaction.findFirst({
    where: { id: deps.transactionId, tenantId: deps.tenantId, chargerId: deps.chargerId, status: 'ACTIVE' },
    select: { ocppTransactionId: true, lastMeterWh: true, meterStartWh: true, livePowerW: true },
  });
  if (!row) return 'not-found';
  if ((await californiaPricingSupport(deps)) !== true) return 'unsupported';
  const priced = await pricing(deps.db, deps.tenantId, deps.transactionId);
  const estimate =
    priced &&
    (await estimateTransactionCost({ db: deps.db, tenantId: deps.tenantId, transactionId: deps.transactionId }));
  if (!priced || !estimate) return 'unpriced';
  await dataTransfer(deps, 'RunningCost', {
    transactionId: Number(row.ocppTransactionId),
    timestamp: new Date().toISOString(),
    meterValue: Math.round(row.lastMeterWh ?? row.meterStartWh ?? 0),
    cost: major(estimate.totalMinor, priced.def.minorUnits),
    state: (row.livePowerW ?? 0) > priced.def.idle.idleBelowW ? 'Charging' : 'Idle',
    ...chargingPriceOf(priced.def),
  });
  return 'sent';
}

/** FinalCost: the session's price once it has ended, with the text the charger shows. */
export async function sendFinalCost(deps: Deps & { transactionId: string }): Promise<CaliforniaOutcome> {
  const row = await deps.db.transaction.findFirst({
    where: { id: deps.transactionId, tenantId: deps.tenantId, chargerId: deps.chargerId },
    select: { ocppTransactionId: true },
  });
  if (!row) return 'not-found';
  if ((await californiaPricingSupport(deps)) !== true) return 'unsupported';
  const priced = await pricing(deps.db, deps.tenantId, deps.transactionId);
  const estimate =
    priced &&
    (await estimateTransactionCost({ db: deps.db, tenantId: deps.tenantId, transactionId: deps.transactionId }));
  if (!priced || !estimate) return 'unpriced';
  const cost = major(estimate.totalMinor, priced.def.minorUnits);
  const kwh = (estimate.energyWh / 1000).toFixed(3);
  await dataTransfer(deps, 'FinalCost', {
    transactionId: Number(row.ocppTransactionId),
    cost,
    priceText:
      `${priced.def.currency} ${cost.toFixed(priced.def.minorUnits)} for ${kwh} kWh (incl. tax). ${priceTextOf(priced.def)}`.slice(
        0,
        500,
      ),
  });
  return 'sent';
}

/**
 * Wraps the relay's live-event sink for 1.6 chargers: a session's start sends SetUserPrice, its
 * meter values RunningCost (at most once per interval), its end FinalCost, each in the background.
 * 2.0.1 sessions are CostUpdated's (send-cost-update.ts): the 1.6 check finds no such charger.
 */
export function californiaPricingOnSessionEvents(
  sink: LiveEventSink,
  deps: {
    db: Db;
    bus: Bus;
    intervalMs?: number;
    /** Only 1.6 chargers; a 2.0.1 charger's sessions are never looked at twice. */
    isOcpp16?: (chargerId: string) => Promise<boolean>;
    onError?: (error: unknown, at: { chargerId: string; messageId: string }) => void;
  },
): LiveEventSink {
  const interval = deps.intervalMs ?? COST_UPDATE_INTERVAL_MS;
  const lastSent = new Map<string, number>();
  const is16 =
    deps.isOcpp16 ??
    (async (chargerId: string) =>
      (await deps.db.charger.count({ where: { id: chargerId, protocol: 'OCPP16' } })) === 1);
  const run = (messageId: string, at: { chargerId: string }, send: () => Promise<unknown>) =>
    void is16(at.chargerId)
      .then((yes) => (yes ? send() : undefined))
      .catch((error: unknown) => deps.onError?.(error, { ...at, messageId }));
  return (event) => {
    sink(event);
    // A 1.6 session's meter values arrive as meter.update naming its transaction.
    const running = event.type === 'meter.update' ? event.transactionId : null;
    if (event.type === 'transaction.started' || event.type === 'transaction.ended') {
      const args = {
        db: deps.db,
        bus: deps.bus,
        tenantId: event.tenantId,
        chargerId: event.chargerId,
        transactionId: event.transactionId,
      };
      if (event.type === 'transaction.started') return run('SetUserPrice', event, () => sendUserPrice(args));
      lastSent.delete(event.transactionId);
      return run('FinalCost', event, () => sendFinalCost(args));
    }
    if (!running) return;
    const now = Date.now();
    if (now - (lastSent.get(running) ?? -Infinity) < interval) return;
    if (lastSent.size >= MAX_TRACKED) lastSent.delete(lastSent.keys().next().value as string);
    lastSent.set(running, now);
    const args = {
      db: deps.db,
      bus: deps.bus,
      tenantId: event.tenantId,
      chargerId: event.chargerId,
      transactionId: running,
    };
    run('RunningCost', event, () =>
      sendRunningCost(args).catch((error: unknown) => {
        lastSent.delete(running);
        throw error;
      }),
    );
  };
}
