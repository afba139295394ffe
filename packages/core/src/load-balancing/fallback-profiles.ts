import { evseFallbackLimits, type CircuitInput } from '@magma/allocator';
import type { Db } from '@magma/db';

// The fallback each balanced EVSE holds (#21): a TxDefaultProfile on the EVSE one stack level under
// the balancer's profiles, at the EVSE's minimum current, or 0 where every EVSE of the site at its
// fallback at once would not fit the lowest capacity a circuit ever has. A session that starts
// before its TxProfile arrives, or while the charger has lost the CSMS, draws at most this; a
// running session keeps its TxProfile (a TxProfile takes precedence over any TxDefaultProfile).
// The allocator keeps these reserved for idle and paused EVSEs. A station-wide max profile would do
// the same for offline chargers but would also cap the sessions of online ones.
//
// What is installed is read back from the stored profiles (ACTIVE: the charger accepted it), so
// a fallback is sent when the EVSE is first balanced or its fallback changes, never again when
// unchanged.

/** One stack level under load balancing's TxProfiles (LOAD_BALANCING_STACK_LEVEL). */
export const FALLBACK_STACK_LEVEL = 49;

export type FallbackEvseRow = {
  chargerId: string;
  evseId: number;
  circuitId: string;
  phases: 1 | 3;
  minCurrentA: number;
};

const keyOf = (chargerId: string, evseId: number) => `${chargerId}/${evseId}`;

/** Each EVSE's fallback per phase, in A, keyed chargerId/evseId. */
export function fallbackLimits(circuits: readonly CircuitInput[], evses: readonly FallbackEvseRow[]) {
  const limits = evseFallbackLimits({
    circuits,
    evses: evses.map((e) => ({
      evseId: keyOf(e.chargerId, e.evseId),
      circuitId: e.circuitId,
      evsePhases: e.phases,
      wantedA: e.minCurrentA,
    })),
  });
  return new Map(limits.map((l) => [l.evseId, l.limitA]));
}

type StoredSchedule = { chargingRateUnit?: string; periods?: { limit?: number; startPeriod?: number }[] };

/** The fallback limit each EVSE holds now (its ACTIVE load-balancing TxDefaultProfile), keyed chargerId/evseId. */
export async function installedFallbacks(db: Db, tenantId: string, chargerIds: readonly string[]) {
  const rows = await db.chargingProfile.findMany({
    where: {
      tenantId,
      chargerId: { in: [...chargerIds] },
      status: 'ACTIVE',
      purpose: 'TxDefaultProfile',
      stackLevel: FALLBACK_STACK_LEVEL,
      evseId: { gt: 0 },
    },
    select: { chargerId: true, evseId: true, profile: true },
  });
  const out = new Map<string, number>();
  for (const r of rows) {
    const schedule = (r.profile as { profile?: { schedules?: StoredSchedule[] } }).profile?.schedules?.[0];
    const period = schedule?.periods?.[0];
    if (schedule?.chargingRateUnit !== 'A' || schedule.periods?.length !== 1 || typeof period?.limit !== 'number')
      continue;
    out.set(keyOf(r.chargerId, r.evseId), period.limit);
  }
  return out;
}
