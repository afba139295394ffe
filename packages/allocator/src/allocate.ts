import { ceilDa, compileCircuits, evseLoad, floorDa, type CompiledTree, type EvseLoad } from './circuits.ts';
import {
  policySchema,
  type Allocation,
  type AllocationInput,
  type CircuitLoad,
  type EvseAllocation,
  type EvseSession,
  type PauseReason,
  type Policy,
} from './model.ts';

// allocate(): per-EVSE limits under a circuit tree, in four steps, all in integer deci-amperes:
//
// 1. Offline EVSEs: their last limit (or their maximum) is taken off every circuit above them.
//    Every other EVSE's fallback is reserved the same way: an idle EVSE holds it for a session that
//    starts before its profile arrives, a paused one for the next, a charging one for the next
//    should its session end while the CSMS is away (a session gets at least what its EVSE reserves,
//    up to its maximum: that capacity is held for it anyway).
// 2. Admission: in the policy's order (arrival; priority then arrival), a session is admitted
//    when its minimum still fits under every circuit above it, and paused otherwise. Admitted
//    sessions hold their minimum from then on, so a later step can never take it away.
// 3. Fill: the policy's groups in order (equal share: one group; priority: one per priority;
//    first-come: one per session) are water-filled: a level rises, every session of the group at
//    or below it rises with it, and a session stops at its maximum or when a circuit above it is
//    full. Remainders below 0.1 A × the sessions sharing a circuit stay unallocated (rounded down).
// 4. Hysteresis: where the previous limit is within `hysteresisA` of the new one and still within
//    the session's range, the previous one is kept: lower ones always, higher ones only where
//    every circuit above still has room, in arrival order. The same input with its own result
//    as `previous` is therefore a fixed point: nothing to send.

type Work = {
  session: EvseSession;
  load: EvseLoad;
  min: number;
  max: number;
  limit: number;
  /** The fallback held under the circuits whatever the limit (deci-amperes). */
  reserve: number;
  status: EvseAllocation['status'];
  reason?: PauseReason;
};

function order(policy: Policy) {
  const byArrival = (a: Work, b: Work) =>
    a.session.arrivedAt - b.session.arrivedAt || (a.session.evseId < b.session.evseId ? -1 : 1);
  if (policy.kind !== 'priority') return byArrival;
  return (a: Work, b: Work) => (b.session.priority ?? 0) - (a.session.priority ?? 0) || byArrival(a, b);
}

/** The session's range in deci-amperes, narrowed by the EV's own and by what it draws. */
function range(session: EvseSession, policy: Policy): { min: number; max: number } {
  const min = ceilDa(Math.max(session.minCurrentA, session.ev?.minCurrentA ?? 0));
  let max = floorDa(Math.min(session.maxCurrentA, session.ev?.maxCurrentA ?? Infinity));
  const measured = session.measuredCurrentA;
  if (policy.closedLoop && measured !== undefined) {
    const headroom = Math.max(policy.closedLoop.headroomA, (measured * policy.closedLoop.headroomPct) / 100);
    // Never below the minimum: a session that draws nothing yet still gets what it needs to start.
    max = Math.min(max, Math.max(min, ceilDa(measured + headroom)));
  }
  return { min, max };
}

function fits(w: Work, slack: number[], amount: number): boolean {
  for (const e of w.load.entries) if ((slack[e.constraint] as number) < e.coeff * amount) return false;
  return true;
}

function take(w: Work, slack: number[], amount: number) {
  for (const e of w.load.entries) slack[e.constraint] = (slack[e.constraint] as number) - e.coeff * amount;
}

/**
 * Water-fills one group from its members' minimums (already taken) towards their maximums. Every
 * active session sits at `level`; an iteration raises the level to the next event (a session's
 * minimum joins, a session reaches its maximum, a circuit fills up), so the work is
 * O((sessions + circuits) × events), with the sums per circuit kept up to date as sessions join
 * and leave.
 */
function fill(group: Work[], slack: number[]) {
  const pending = group.filter((w) => w.limit < w.max).sort((a, b) => a.min - b.min);
  if (pending.length === 0) return;
  const sum = new Map<number, number>();
  const members = new Map<number, Work[]>();
  for (const w of pending) {
    for (const e of w.load.entries) {
      const list = members.get(e.constraint);
      if (list) list.push(w);
      else members.set(e.constraint, [w]);
      sum.set(e.constraint, 0);
    }
  }
  const active = new Set<Work>();
  let level = pending[0]!.min;
  let next = 0;
  const join = (w: Work) => {
    active.add(w);
    for (const e of w.load.entries) sum.set(e.constraint, sum.get(e.constraint)! + e.coeff);
  };
  const leave = (w: Work) => {
    if (!active.delete(w)) return;
    w.limit = level;
    for (const e of w.load.entries) sum.set(e.constraint, sum.get(e.constraint)! - e.coeff);
  };
  for (;;) {
    while (next < pending.length && pending[next]!.min <= level) join(pending[next++]!);
    if (active.size === 0) {
      if (next >= pending.length) return;
      level = pending[next]!.min;
      continue;
    }
    let step = next < pending.length ? pending[next]!.min - level : Infinity;
    for (const w of active) step = Math.min(step, w.max - level);
    for (const [k, n] of sum) if (n > 0) step = Math.min(step, Math.floor((slack[k] as number) / n));
    if (step > 0) {
      level += step;
      for (const [k, n] of sum) if (n > 0) slack[k] = (slack[k] as number) - step * n;
    }
    for (const w of active) if (w.max <= level) leave(w);
    // A circuit that cannot give every active session under it another 0.1 A is full for this group.
    for (const [k, n] of sum) {
      if (n > 0 && (slack[k] as number) < n) for (const w of members.get(k)!) leave(w);
    }
  }
}

function groups(admitted: Work[], policy: Policy): Work[][] {
  if (policy.kind === 'equal-share') return [admitted];
  if (policy.kind === 'first-come') return admitted.map((w) => [w]);
  const out: Work[][] = [];
  for (const w of admitted) {
    const last = out[out.length - 1];
    if (last && (last[0]!.session.priority ?? 0) === (w.session.priority ?? 0)) last.push(w);
    else out.push([w]);
  }
  return out;
}

function hysteresis(admitted: Work[], previous: Map<string, number>, slack: number[], thresholdDa: number) {
  const keepHigher: [Work, number][] = [];
  for (const w of admitted) {
    const prev = previous.get(w.session.evseId);
    if (prev === undefined || prev === 0 || prev === w.limit) continue;
    if (Math.abs(prev - w.limit) >= thresholdDa || prev < w.min || prev > w.max) continue;
    if (prev < w.limit) {
      take(w, slack, prev - w.limit);
      w.limit = prev;
    } else keepHigher.push([w, prev]);
  }
  for (const [w, prev] of keepHigher) {
    if (!fits(w, slack, prev - w.limit)) continue;
    take(w, slack, prev - w.limit);
    w.limit = prev;
  }
}

function circuitLoads(tree: CompiledTree, slack: number[]): CircuitLoad[] {
  const used = (k: number) => (tree.constraints[k]!.cap - (slack[k] as number)) / 10;
  return [...tree.circuits.values()].map((c) => {
    const [a, b, d] = c.phaseConstraint.map((k) => (k >= 0 ? used(k) : 0));
    return {
      circuitId: c.circuit.id,
      capacityA: c.capacityA,
      allocatedA: [a!, b!, d!],
      capacityW: c.capacityW,
      allocatedW: c.powerConstraint >= 0 ? Math.round(used(c.powerConstraint) * c.circuit.voltageV) : 0,
    };
  });
}

export function allocate(input: AllocationInput): Allocation {
  const policy = policySchema.parse(input.policy ?? {});
  const tree = compileCircuits(input.circuits, input.at);
  const slack = tree.constraints.map((c) => c.cap);
  const previous = new Map<string, number>();
  for (const p of input.previous ?? []) previous.set(p.evseId, floorDa(p.limitA));

  const work: Work[] = input.sessions.map((session) => {
    const { min, max } = range(session, policy);
    return { session, load: evseLoad(tree, session), min, max, limit: 0, reserve: 0, status: 'paused' };
  });

  for (const w of work) {
    if (!w.session.offline) continue;
    w.status = 'offline';
    const last = w.session.lastLimitA !== undefined ? floorDa(w.session.lastLimitA) : previous.get(w.session.evseId);
    w.limit = last ?? floorDa(w.session.maxCurrentA);
    take(w, slack, w.limit);
  }
  for (const w of work) {
    if (w.session.offline) continue;
    // The whole fallback, even above the session's minimum (an operator's configured one): if the
    // session ends while the CSMS is away, the next one on this EVSE draws up to it.
    w.reserve = Math.max(0, floorDa(w.session.fallbackA ?? 0));
    take(w, slack, w.reserve);
    if (!w.session.idle) continue;
    w.status = 'idle';
    w.limit = w.reserve;
  }

  const admitted: Work[] = [];
  for (const w of work.filter((x) => !x.session.offline && !x.session.idle).sort(order(policy))) {
    if (w.min > w.max || w.max <= 0) {
      w.reason = 'minimum-above-maximum';
      continue;
    }
    const need = Math.max(0, w.min - w.reserve);
    if (!fits(w, slack, need)) {
      w.reason = 'no-capacity-for-minimum';
      continue;
    }
    take(w, slack, need);
    // What the reserve already holds is the session's from the start: fill and hysteresis start there.
    w.min = Math.max(w.min, Math.min(w.reserve, w.max));
    w.limit = w.min;
    w.status = 'charging';
    admitted.push(w);
  }

  for (const group of groups(admitted, policy)) fill(group, slack);
  hysteresis(admitted, previous, slack, floorDa(policy.hysteresisA));

  const evses = work.map((w): EvseAllocation => {
    const prev = previous.get(w.session.evseId);
    return {
      evseId: w.session.evseId,
      circuitId: w.session.circuitId,
      status: w.status,
      limitA: w.limit / 10,
      limitW: Math.floor((w.limit * w.load.phases * w.load.voltageV) / 10 + 1e-6),
      phases: w.load.phases,
      send: w.status !== 'offline' && w.status !== 'idle' && prev !== w.limit,
      ...(w.reason ? { reason: w.reason } : {}),
    };
  });
  return { at: input.at, evses, circuits: circuitLoads(tree, slack) };
}
