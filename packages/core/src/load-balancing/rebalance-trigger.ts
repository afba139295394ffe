import type { Db } from '@magma/db';
import type { LiveEventSink } from '../bus/live-events.ts';
import type { Bus } from '../bus/types.ts';
import { rebalanceSite, type RebalanceResult } from './rebalance-site.ts';

// When a site is rebalanced: a session started or ended on one of its chargers, or its circuits
// changed. Rebalances of one site run one after the other in this process (each reads the state
// afresh, so a burst of starts ends with the allocation of them all); a failure is reported to
// `onError` and never reaches the charger's message.

export type RebalanceDeps = {
  db: Db;
  bus: Bus;
  timeoutMs?: number;
  onError?: (error: unknown, at: { tenantId: string; siteId?: string; chargerId?: string }) => void;
};

const queues = new Map<string, Promise<unknown>>();
// Work that leads to a rebalance but has not queued it yet (finding the site, a reboot's forgetting).
const leading = new Set<Promise<unknown>>();

/** Keeps `work` counted by settledRebalances until it has settled (and queued what it queues). */
export function leadingToRebalance<T>(work: Promise<T>): Promise<T> {
  leading.add(work);
  void work.catch(() => {}).finally(() => leading.delete(work));
  return work;
}

/** Runs a rebalance of the site after the ones already queued for it; resolves with its result. */
export function queueRebalance(
  deps: RebalanceDeps,
  tenantId: string,
  siteId: string,
  now?: () => number,
): Promise<RebalanceResult> {
  const key = `${tenantId}/${siteId}`;
  const run = (queues.get(key) ?? Promise.resolve())
    .catch(() => {})
    .then(() =>
      rebalanceSite({ db: deps.db, bus: deps.bus, tenantId, siteId, now: now?.(), timeoutMs: deps.timeoutMs }),
    );
  const tail = run.finally(() => {
    if (queues.get(key) === tail) queues.delete(key);
  });
  queues.set(key, tail);
  return run;
}

/** Every rebalance still queued or running in this process (tests and shutdown wait for them). */
export async function settledRebalances(): Promise<void> {
  while (queues.size || leading.size) await Promise.allSettled([...queues.values(), ...leading]);
}

/**
 * Rebalances the site of a charger whose session started or ended (or whose EV or external limits
 * changed), when the charger's EVSE is balanced; evseId 0 (the whole station): any of its EVSEs.
 */
export function rebalanceChargerSite(
  deps: RebalanceDeps,
  tenantId: string,
  chargerId: string,
  evseId: number,
): Promise<RebalanceResult | null> {
  return leadingToRebalance(
    (async () => {
      // One statement (an EXISTS under the circuit), run for every session start and end of every charger.
      const circuit = await deps.db.loadCircuit.findFirst({
        where: { tenantId, evses: { some: { tenantId, chargerId, ...(evseId !== 0 ? { evseId } : {}) } } },
        select: { siteId: true },
      });
      if (!circuit) return null;
      return queueRebalance(deps, tenantId, circuit.siteId);
    })(),
  );
}

/**
 * The relay's live-event sink, also starting a rebalance on every session start and end. Live
 * events are emitted after the change is committed, so the rebalance reads the new session; it runs
 * in the background, after the charger has had its answer.
 */
export function rebalanceOnSessionEvents(sink: LiveEventSink, deps: RebalanceDeps): LiveEventSink {
  return (event) => {
    sink(event);
    if (event.type !== 'transaction.started' && event.type !== 'transaction.ended') return;
    const { tenantId, chargerId, evseId } = event;
    void rebalanceChargerSite(deps, tenantId, chargerId, evseId).catch((error: unknown) =>
      deps.onError?.(error, { tenantId, chargerId }),
    );
  };
}
