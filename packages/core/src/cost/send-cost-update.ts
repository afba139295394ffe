import type { Db } from '@magma/db';
import type { Bus, LiveEventSink } from '../bus/index.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { estimateTransactionCost } from '../tariffs/estimate-transaction-cost.ts';

// CostUpdated (2.0.1 I02): while a transaction runs, the station is told its running cost, the
// tariff engine's estimate the dashboard shows (energy up to the last reading, time up to now),
// tax included as the message defines. Sent after meter values, at most once a minute per
// transaction, and only to a station that says it shows costs: TariffCostCtrlr Enabled[Cost]
// (or, not reported, Available[Cost]) true in the device model it reported.

export const COST_UPDATE_INTERVAL_MS = 60_000;
/** How long the relay trusts what a charger's device model said about CostUpdated. */
export const COST_SUPPORT_TTL_MS = 5 * 60_000;
const MAX_TRACKED = 10_000;

type Attribute = { type?: string; value?: string | null };

/** Whether the charger's reported device model says it takes CostUpdated. */
export async function supportsCostUpdates({ db, chargerId }: { db: Db; chargerId: string }): Promise<boolean> {
  const rows = await db.deviceVariable.findMany({
    where: {
      chargerId,
      component: 'TariffCostCtrlr',
      variable: { in: ['Enabled', 'Available'] },
      variableInstance: 'Cost',
    },
    select: { variable: true, attributes: true },
  });
  const actual = (name: string) => {
    const row = rows.find((r) => r.variable === name);
    const attrs = (Array.isArray(row?.attributes) ? row.attributes : []) as Attribute[];
    const a = attrs.find((x) => (x.type ?? 'Actual') === 'Actual');
    return a?.value == null ? undefined : a.value.toLowerCase() === 'true';
  };
  return actual('Enabled') ?? actual('Available') ?? false;
}

function majorAmount(minor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return Number((minor / 10 ** digits).toFixed(digits));
}

export type CostUpdateOutcome = 'sent' | 'unsupported' | 'unpriced' | 'not-running';

/** Sends one CostUpdated with the running transaction's cost so far. */
export async function sendCostUpdate({
  db,
  bus,
  tenantId,
  chargerId,
  transactionId,
  timeoutMs = 30_000,
  supported,
}: {
  db: Db;
  bus: Bus;
  tenantId: string;
  chargerId: string;
  /** Our transaction row's id. */
  transactionId: string;
  timeoutMs?: number;
  /** Whether the charger takes CostUpdated, when the caller already knows (else read from its device model). */
  supported?: boolean;
}): Promise<CostUpdateOutcome> {
  if (!(supported ?? (await supportsCostUpdates({ db, chargerId })))) return 'unsupported';
  const tx = await db.transaction.findFirst({
    where: { id: transactionId, tenantId, chargerId, status: 'ACTIVE', charger: { protocol: 'OCPP201' } },
    select: { id: true, ocppTransactionId: true },
  });
  if (!tx) return 'not-running';
  const estimate = await estimateTransactionCost({ db, tenantId, transactionId: tx.id });
  if (!estimate) return 'unpriced';
  await sendChargerCommand({
    db,
    bus,
    tenantId,
    chargerId,
    action: 'CostUpdated',
    payload: { totalCost: majorAmount(estimate.totalMinor, estimate.currency), transactionId: tx.ocppTransactionId },
    source: 'cost',
    timeoutMs,
  });
  return 'sent';
}

/**
 * Wraps the relay's live-event sink: a transaction's meter update sends its CostUpdated, at most
 * once per interval per transaction (the first one at once), in the background. What a charger's
 * device model says about CostUpdated is read once per `supportTtlMs`, not per transaction: at
 * 10,000 chargers the per-minute reads of every running transaction were most of the relay's
 * statements, for stations that mostly do not show costs.
 */
export function costUpdatesOnSessionEvents(
  sink: LiveEventSink,
  deps: {
    db: Db;
    bus: Bus;
    intervalMs?: number;
    supportTtlMs?: number;
    /** Whether the charger speaks 2.0.1 (the relay knows its sockets); a 1.6 charger is never read. */
    isOcpp201?: (chargerId: string) => boolean;
    now?: () => number;
    onError?: (error: unknown, at: { chargerId: string }) => void;
  },
): LiveEventSink {
  const interval = deps.intervalMs ?? COST_UPDATE_INTERVAL_MS;
  const ttl = deps.supportTtlMs ?? COST_SUPPORT_TTL_MS;
  const now = deps.now ?? Date.now;
  const lastSent = new Map<string, number>();
  const support = new Map<string, { at: number; value: Promise<boolean> }>();
  const supported = (chargerId: string): Promise<boolean> => {
    const known = support.get(chargerId);
    if (known && now() - known.at < ttl) return known.value;
    if (support.size >= MAX_TRACKED) support.delete(support.keys().next().value as string);
    const value = supportsCostUpdates({ db: deps.db, chargerId });
    // A failed read is not remembered: the next update asks again.
    value.catch(() => support.delete(chargerId));
    support.set(chargerId, { at: now(), value });
    return value;
  };
  return (event) => {
    sink(event);
    if (event.type === 'transaction.ended') {
      lastSent.delete(event.transactionId);
      return;
    }
    if (event.type !== 'transaction.updated') return;
    const { tenantId, chargerId, transactionId } = event;
    if (deps.isOcpp201 && !deps.isOcpp201(chargerId)) return;
    const at = now();
    if (at - (lastSent.get(transactionId) ?? -Infinity) < interval) return;
    if (lastSent.size >= MAX_TRACKED) lastSent.delete(lastSent.keys().next().value as string);
    lastSent.set(transactionId, at);
    void supported(chargerId)
      .then((yes) =>
        yes
          ? sendCostUpdate({ db: deps.db, bus: deps.bus, tenantId, chargerId, transactionId, supported: true })
          : null,
      )
      .catch((error: unknown) => {
        // An offline charger or a busy one is not an error of the session: the next update tries again.
        lastSent.delete(transactionId);
        deps.onError?.(error, { chargerId });
      });
  };
}
