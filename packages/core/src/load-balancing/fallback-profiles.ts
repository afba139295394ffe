import { evseFallbackLimits, fallbackWantedA, type CircuitInput } from '@magma/allocator';
import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { clearChargingProfile } from '../smart-charging/clear-charging-profile.ts';
import { tenantScope } from '../tenancy/scope.ts';

// The fallback each balanced EVSE holds (#21): a TxDefaultProfile on the EVSE one stack level under
// the balancer's profiles, at what the operator set on its circuit (or above it: fallbackSettings;
// a fixed current, 0 to pause, by default the EVSE's minimum current), or 0 where every EVSE of the
// site at its fallback at once would not fit the lowest capacity a circuit ever has. A session that starts
// before its TxProfile arrives, or while the charger has lost the CSMS, draws at most this; a
// running session keeps its TxProfile (a TxProfile takes precedence over any TxDefaultProfile).
// The allocator keeps these reserved for idle and paused EVSEs. A station-wide max profile would do
// the same for offline chargers but would also cap the sessions of online ones.
//
// What is installed is read back from the stored profiles (ACTIVE: the charger accepted it), so
// a fallback is sent when the EVSE is first balanced or its fallback changes, never again when
// unchanged. An EVSE that leaves load balancing has its fallback cleared (by criteria: its EVSE,
// TxDefaultProfile, this stack level).

/** One stack level under load balancing's TxProfiles (LOAD_BALANCING_STACK_LEVEL). */
export const FALLBACK_STACK_LEVEL = 49;

export type FallbackEvseRow = {
  chargerId: string;
  evseId: number;
  circuitId: string;
  phases: 1 | 3;
  minCurrentA: number;
  maxCurrentA: number;
  /** What the operator set on the EVSE's circuit or above it (null: the EVSE's minimum). */
  configuredA: number | null;
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
      wantedA: fallbackWantedA(e),
    })),
  });
  return new Map(limits.map((l) => [l.evseId, l.limitA]));
}

type StoredSchedule = { chargingRateUnit?: string; periods?: { limit?: number; startPeriod?: number }[] };

export type InstalledFallback = { chargerId: string; evseId: number; limitA: number | null; online: boolean };

/**
 * The fallbacks the site's chargers hold now (their ACTIVE load-balancing TxDefaultProfiles), keyed
 * chargerId/evseId; limitA null when the stored profile is not one this module writes.
 */
export async function installedFallbacks(db: Db, tenantId: string, siteId: string) {
  const rows = await db.chargingProfile.findMany({
    where: {
      tenantId,
      charger: { tenantId, siteId },
      status: 'ACTIVE',
      purpose: 'TxDefaultProfile',
      stackLevel: FALLBACK_STACK_LEVEL,
      evseId: { gt: 0 },
    },
    select: { chargerId: true, evseId: true, profile: true, charger: { select: { online: true } } },
  });
  const out = new Map<string, InstalledFallback>();
  for (const r of rows) {
    const schedule = (r.profile as { profile?: { schedules?: StoredSchedule[] } }).profile?.schedules?.[0];
    const period = schedule?.periods?.[0];
    const ours =
      schedule?.chargingRateUnit === 'A' && schedule.periods?.length === 1 && typeof period?.limit === 'number';
    out.set(keyOf(r.chargerId, r.evseId), {
      chargerId: r.chargerId,
      evseId: r.evseId,
      limitA: ours ? period.limit! : null,
      online: r.charger.online,
    });
  }
  return out;
}

/**
 * Clears the fallbacks of EVSEs no longer balanced (taken out, their circuit deleted, the site's
 * balancing turned off), on the chargers that are connected: left there, they would cap every
 * session of an EVSE nothing balances any more.
 */
export async function clearStaleFallbacks({
  db,
  bus,
  tenantId,
  stale,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  tenantId: string;
  stale: readonly InstalledFallback[];
  timeoutMs?: number;
}): Promise<FallbackCleared[]> {
  const out: FallbackCleared[] = [];
  for (const f of stale) {
    if (!f.online) continue;
    try {
      const { answer } = await clearChargingProfile({
        db,
        bus,
        scope: tenantScope(tenantId),
        timeoutMs,
        input: {
          chargerId: f.chargerId,
          evseId: f.evseId,
          purpose: 'TxDefaultProfile',
          stackLevel: FALLBACK_STACK_LEVEL,
        },
      });
      out.push({ chargerId: f.chargerId, evseId: f.evseId, answer });
    } catch (e) {
      out.push({
        chargerId: f.chargerId,
        evseId: f.evseId,
        answer: null,
        error: e instanceof Error ? e.message : String(e),
      });
    }
  }
  return out;
}

export type FallbackCleared = { chargerId: string; evseId: number; answer: string | null; error?: string };
