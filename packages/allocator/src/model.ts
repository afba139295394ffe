import { z } from 'zod';

// The allocator's vocabulary. Circuits and the policy are configuration (stored, edited by an
// operator), so they have zod schemas for the edge; sessions are assembled by the caller from its
// own state on every recompute and are typed only. Times are epoch milliseconds passed in: the
// allocator reads no clock.

/** OCPP 2.0.1 PhaseRotation: how the EVSE's L1, L2, L3 are wired to the site's R (L1), S (L2), T (L3). */
export const PHASE_ROTATIONS = ['RST', 'RTS', 'SRT', 'STR', 'TRS', 'TSR'] as const;
export type PhaseRotation = (typeof PHASE_ROTATIONS)[number];

const id = z.string().min(1).max(100);
const currentA = z.number().positive().max(100_000);
const powerW = z.number().positive().max(1_000_000_000);

/** A limit that takes effect at `from` (a peak window, a grid operator's forecast) until the next one. */
export const circuitLimitSchema = z
  .object({
    from: z.number().int(),
    maxCurrentA: currentA.optional(),
    maxPowerW: powerW.optional(),
  })
  .refine((l) => l.maxCurrentA !== undefined || l.maxPowerW !== undefined, {
    message: 'a limit needs maxCurrentA or maxPowerW',
  });

export const circuitSchema = z
  .object({
    id,
    /** null for a top circuit (the site's main); circuits nest: main → feeders → chargers. */
    parentId: id.nullable().default(null),
    phases: z.union([z.literal(1), z.literal(3)]),
    /** For a 1-phase circuit: the site phase it is wired to (default L1, or its parent's). */
    phase: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
    /** Phase-to-neutral voltage. */
    voltageV: z.number().min(100).max(500).default(230),
    /** Capacity per phase, in A. */
    maxCurrentA: currentA.optional(),
    /** Capacity over all phases together, in W. */
    maxPowerW: powerW.optional(),
    /** Kept free on top of the capacity (and of any time-varying limit), in percent. */
    safetyMarginPct: z.number().min(0).max(90).default(0),
    /** Time-varying limits; the one with the latest `from` not after the allocation's `at` applies. */
    limits: z.array(circuitLimitSchema).max(10_000).default([]),
  })
  .refine((c) => c.maxCurrentA !== undefined || c.maxPowerW !== undefined, {
    message: 'a circuit needs maxCurrentA or maxPowerW',
  });

export type CircuitLimit = z.infer<typeof circuitLimitSchema>;
export type Circuit = z.infer<typeof circuitSchema>;
/** What a caller may write: defaults (parentId, voltageV, safetyMarginPct, limits) are optional. */
export type CircuitInput = z.input<typeof circuitSchema>;

export const POLICY_KINDS = ['equal-share', 'priority', 'first-come'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const policySchema = z.object({
  /**
   * equal-share: max-min fair (every session the same current unless its own maximum or a circuit
   * stops it); priority: higher `priority` is filled first, equal share within a priority;
   * first-come: each session as much as it can take, in order of arrival. Whatever the policy,
   * every admitted session gets its minimum first.
   */
  kind: z.enum(POLICY_KINDS).default('equal-share'),
  /** A new limit within this many A of the previous one keeps the previous one (no profile sent). */
  hysteresisA: z.number().min(0).max(32).default(1),
  /**
   * Closed loop on measured draw: a session drawing less than it may is capped at what it draws
   * plus this headroom (the larger of `headroomA` and `headroomPct` of the draw), and the rest goes
   * to others. It can grow again by the headroom at every recompute. `false` turns it off.
   */
  closedLoop: z
    .union([
      z.literal(false),
      z.object({
        headroomA: z.number().min(0).max(100).default(3),
        headroomPct: z.number().min(0).max(100).default(25),
      }),
    ])
    .default({ headroomA: 3, headroomPct: 25 }),
});

export type Policy = z.infer<typeof policySchema>;
export type PolicyInput = z.input<typeof policySchema>;

/** One EVSE under load balancing: its session (or its last limit, when it is offline). */
export type EvseSession = {
  evseId: string;
  /** The circuit the EVSE hangs from (usually a leaf). */
  circuitId: string;
  /** Phases the EVSE is wired with. */
  evsePhases: 1 | 3;
  /** Known wiring of the EVSE's phases to the site's; unknown means any site phase may carry its L1. */
  phaseRotation?: PhaseRotation;
  /** Phases the EV actually draws on (from meter values or the EV's needs); unknown means all of the EVSE's. */
  phasesInUse?: 1 | 2 | 3;
  /** The EVSE's range per phase, in A (IEC 61851: usually 6..32 A). */
  minCurrentA: number;
  maxCurrentA: number;
  /** The EV's own range where it told (2.0.1 NotifyEVChargingNeeds acChargingParameters). */
  ev?: { minCurrentA?: number; maxCurrentA?: number };
  /** Highest phase current recently measured; leave it out while the EV ramps up after a start. */
  measuredCurrentA?: number;
  /** Higher is served first under the priority policy. */
  priority?: number;
  arrivedAt: number;
  /** An EVSE whose charger lost the CSMS: its last limit (or its maximum) counts as drawn. */
  offline?: boolean;
  lastLimitA?: number;
  /**
   * No session on the EVSE: it only holds `fallbackA` free, the limit a session started there gets
   * until its own profile arrives (or while the CSMS is away).
   */
  idle?: boolean;
  /**
   * The EVSE's fallback limit per phase, in A (its TxDefaultProfile under the balancer's profiles).
   * It stays reserved under every circuit above the EVSE whatever its session gets, paused included,
   * so a session starting there without the CSMS cannot overload a circuit.
   */
  fallbackA?: number;
};

/** A previous allocation's limit for one EVSE (0 = paused). An Allocation's `evses` can be passed as is. */
export type PreviousLimit = { evseId: string; limitA: number };

export type AllocationInput = {
  circuits: readonly CircuitInput[];
  sessions: readonly EvseSession[];
  policy?: PolicyInput;
  at: number;
  previous?: readonly PreviousLimit[];
};

export type PauseReason = 'no-capacity-for-minimum' | 'minimum-above-maximum';

export type EvseAllocation = {
  evseId: string;
  circuitId: string;
  status: 'charging' | 'paused' | 'offline' | 'idle';
  /** Per phase, a multiple of 0.1 A (rounded down); 0 when paused; an idle EVSE's fallback. */
  limitA: number;
  /** The same limit over the phases counted for it, at the circuit's voltage (rounded down). */
  limitW: number;
  /** Phases the limit was counted on (for W and for the profile's numberPhases). */
  phases: 1 | 2 | 3;
  /** A profile must be sent: the limit differs from the previous one (or there was none). */
  send: boolean;
  reason?: PauseReason;
};

export type CircuitLoad = {
  circuitId: string;
  /** Per site phase (index 0 = L1): capacity after margin and time-varying limit, and what is allocated; null where unconstrained. */
  capacityA: [number | null, number | null, number | null];
  allocatedA: [number, number, number];
  capacityW: number | null;
  allocatedW: number;
};

export type Allocation = {
  at: number;
  evses: EvseAllocation[];
  circuits: CircuitLoad[];
};

/** The input breaks the allocator's assumptions (an unknown circuit, a cycle): a caller's defect. */
export class AllocatorInputError extends Error {
  override name = 'AllocatorInputError';
}
