import type { Db } from '@magma/db';

// What narrows an EVSE's range beyond its configuration, read for a rebalance: the EV's own AC
// current range (2.0.1 NotifyEVChargingNeeds, when told during the running session) and limits set
// on the station by something other than this CSMS (NotifyChargingLimit, until cleared; evseId 0
// is the whole station, so it caps each of its EVSEs).

export type EvseConstraint = {
  /** The EV's range per phase, in A. */
  ev?: { minCurrentA?: number; maxCurrentA?: number };
  /** The lowest external limit in force, per phase, in A. */
  externalCapA?: number;
};

const keyOf = (chargerId: string, evseId: number) => `${chargerId}/${evseId}`;

export async function evseConstraints({
  db,
  tenantId,
  sessions,
  voltageOf,
}: {
  db: Db;
  tenantId: string;
  /** The running sessions: chargerId, evseId, when it started, and the phases it is counted on. */
  sessions: readonly { chargerId: string; evseId: number; startedAt: Date; phases: 1 | 3 }[];
  /** Phase-to-neutral voltage of the circuit an EVSE hangs from. */
  voltageOf: (chargerId: string, evseId: number) => number;
}): Promise<Map<string, EvseConstraint>> {
  const out = new Map<string, EvseConstraint>();
  if (sessions.length === 0) return out;
  const chargerIds = [...new Set(sessions.map((s) => s.chargerId))];
  const [needs, limits] = await Promise.all([
    db.evChargingNeeds.findMany({
      where: { tenantId, chargerId: { in: chargerIds } },
      select: { chargerId: true, evseId: true, evMinCurrentA: true, evMaxCurrentA: true, receivedAt: true },
    }),
    db.externalChargingLimit.findMany({
      where: { tenantId, chargerId: { in: chargerIds } },
      select: { chargerId: true, evseId: true, limitA: true, limitW: true },
    }),
  ]);
  const needsOf = new Map(needs.map((n) => [keyOf(n.chargerId, n.evseId), n]));
  for (const s of sessions) {
    const k = keyOf(s.chargerId, s.evseId);
    const c: EvseConstraint = {};
    const n = needsOf.get(k);
    // Needs told before this session began were another EV's.
    if (n && n.receivedAt >= s.startedAt && (n.evMinCurrentA !== null || n.evMaxCurrentA !== null)) {
      c.ev = {
        ...(n.evMinCurrentA !== null ? { minCurrentA: n.evMinCurrentA } : {}),
        ...(n.evMaxCurrentA !== null ? { maxCurrentA: n.evMaxCurrentA } : {}),
      };
    }
    for (const l of limits) {
      if (l.chargerId !== s.chargerId || (l.evseId !== 0 && l.evseId !== s.evseId)) continue;
      const fromW = l.limitW !== null ? l.limitW / (voltageOf(s.chargerId, s.evseId) * s.phases) : null;
      for (const a of [l.limitA, fromW]) {
        if (a !== null && (c.externalCapA === undefined || a < c.externalCapA)) c.externalCapA = a;
      }
    }
    if (c.ev || c.externalCapA !== undefined) out.set(k, c);
  }
  return out;
}
