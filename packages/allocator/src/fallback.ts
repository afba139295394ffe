import { allocate } from './allocate.ts';
import type { CircuitInput } from './model.ts';

// The limit each charger keeps for itself when it loses the CSMS (a ChargePointMaxProfile /
// ChargingStationMaxProfile on EVSE 0, installed while online): it must be safe even if every
// charger of the site is offline at once, each drawing its whole fallback, at any time of day.
// So: every charger is a session from 0 A up to the sum of its EVSEs' maximums, counted on all
// three phases (a station-wide cap does not say which phase its EVSEs draw on), under the lowest
// capacity each circuit ever has (static or any time-varying limit), shared equally.

export type FallbackCharger = {
  chargerId: string;
  circuitId: string;
  /** Sum of its EVSEs' maximums per phase, in A. */
  maxCurrentA: number;
};

export type FallbackLimit = { chargerId: string; limitA: number };

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

export function offlineFallbackLimits(input: {
  circuits: readonly CircuitInput[];
  chargers: readonly FallbackCharger[];
}): FallbackLimit[] {
  const out = allocate({
    circuits: input.circuits.map(lowestEver),
    sessions: input.chargers.map((c) => ({
      evseId: c.chargerId,
      circuitId: c.circuitId,
      evsePhases: 3,
      minCurrentA: 0,
      maxCurrentA: c.maxCurrentA,
      arrivedAt: 0,
    })),
    policy: { kind: 'equal-share', hysteresisA: 0, closedLoop: false },
    at: 0,
  });
  return out.evses.map((e) => ({ chargerId: e.evseId, limitA: e.limitA }));
}
