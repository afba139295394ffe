import { allocate } from './allocate.ts';
import type { CircuitInput, PhaseRotation } from './model.ts';

// Each balanced EVSE's fallback: the limit of a TxDefaultProfile under the balancer's TxProfiles, so
// a session that starts before its TxProfile arrives, or while the CSMS is away, draws at most this.
// A TxDefaultProfile does not cap the TxProfiles the balancer sends (a station-wide max profile
// would cap online sessions too). It must be safe with every EVSE of the site at its fallback at
// once, at any time of day: so every EVSE asks for its wanted fallback (usually its minimum) as
// both minimum and maximum under the lowest capacity each circuit ever has (static or any
// time-varying limit), in a fixed order; one that does not fit gets 0 (a limit under an EVSE's
// minimum would not let an EV charge anyway). The allocator then keeps these reserved (`fallbackA`).

export type FallbackEvse = {
  evseId: string;
  circuitId: string;
  evsePhases: 1 | 3;
  phaseRotation?: PhaseRotation;
  /** The fallback wanted per phase, in A (fallbackWantedA: the EVSE's minimum, or what the operator set). */
  wantedA: number;
};

export type FallbackLimit = { evseId: string; limitA: number };

/**
 * The fallback an EVSE asks for, per phase in A: its minimum when the operator set none
 * (`configuredA` undefined or null); else the configured current, capped at the EVSE's maximum,
 * and 0 when that is 0 (sessions starting while the CSMS is away are paused) or under the EVSE's
 * minimum (such a limit would not let an EV charge anyway).
 */
export function fallbackWantedA({
  configuredA,
  minCurrentA,
  maxCurrentA,
}: {
  configuredA?: number | null;
  minCurrentA: number;
  maxCurrentA: number;
}): number {
  if (configuredA === undefined || configuredA === null) return minCurrentA;
  const wanted = Math.min(Math.max(0, configuredA), maxCurrentA);
  return wanted < minCurrentA ? 0 : wanted;
}

function lowestEver(c: CircuitInput): CircuitInput {
  const lowest = (a: number | undefined, values: (number | undefined)[]) =>
    values.reduce<number | undefined>((m, v) => (v === undefined ? m : m === undefined ? v : Math.min(m, v)), a);
  const limits = c.limits ?? [];
  const maxCurrentA = lowest(
    c.maxCurrentA,
    limits.map((l) => l.maxCurrentA),
  );
  const maxPowerW = lowest(
    c.maxPowerW,
    limits.map((l) => l.maxPowerW),
  );
  return {
    ...c,
    limits: [],
    ...(maxCurrentA !== undefined ? { maxCurrentA } : {}),
    ...(maxPowerW !== undefined ? { maxPowerW } : {}),
  };
}

export function evseFallbackLimits(input: {
  circuits: readonly CircuitInput[];
  evses: readonly FallbackEvse[];
}): FallbackLimit[] {
  const out = allocate({
    circuits: input.circuits.map(lowestEver),
    sessions: input.evses.map((e) => ({
      evseId: e.evseId,
      circuitId: e.circuitId,
      evsePhases: e.evsePhases,
      ...(e.phaseRotation ? { phaseRotation: e.phaseRotation } : {}),
      minCurrentA: e.wantedA,
      maxCurrentA: e.wantedA,
      arrivedAt: 0,
    })),
    policy: { kind: 'first-come', hysteresisA: 0, closedLoop: false },
    at: 0,
  });
  return out.evses.map((e) => ({ evseId: e.evseId, limitA: e.limitA }));
}
