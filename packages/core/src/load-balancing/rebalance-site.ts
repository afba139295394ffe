import { allocate, type Allocation, type EvseSession, type PreviousLimit } from '@magma/allocator';
import type { Db } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { setChargingProfile } from '../smart-charging/set-charging-profile.ts';
import { tenantScope } from '../tenancy/scope.ts';
import {
  allocatorLimits,
  CAPACITY_HORIZON_MS,
  capacityBlocks,
  capacitySources,
  nextCapacityEdge,
  type CircuitCapacitySource,
} from './capacity-limits.ts';
import { evseConstraints } from './evse-constraints.ts';
import {
  clearStaleFallbacks,
  FALLBACK_STACK_LEVEL,
  fallbackLimits,
  installedFallbacks,
  type FallbackCleared,
  type InstalledFallback,
} from './fallback-profiles.ts';
import { balancedTree, fallbackSettings, POLICY_KIND } from './site-tree.ts';

// Recompute a site's load balancing (#21) and send what changed: the sessions running under the
// site's circuits go through the pure allocator, and every EVSE whose limit moved beyond the
// hysteresis gets a profile through the ordinary SetChargingProfile path (so it is stored with the
// charger's answer). The limit last accepted per EVSE is kept on its LoadCircuitEvse row: it is the
// allocator's `previous`, so an unchanged allocation sends nothing, and a charger that went offline
// keeps it counted as drawn. Lowered limits are sent before raised ones, so that the sum of what
// the chargers hold stays under the capacity while they change.
//
// Every balanced EVSE also holds a fallback (fallback-profiles.ts): a TxDefaultProfile under the
// TxProfiles, the limit a session starting there before its TxProfile (or without the CSMS) gets.
// The allocator keeps it reserved for EVSEs without a session and for paused ones, and it is sent
// only when it is not yet installed at that limit.
//
// Every process that rebalances (relays, web instances, the worker) takes a PostgreSQL advisory
// lock on the site first: two rebalances of one site never interleave, so the second reads what the
// first stored and sends only what still differs. A circuit's capacity at `now` is the lower of its
// configured one and what the capacity sources (peak windows, grid forecasts) put on it then.

/** The stack level load balancing's profiles use: above an operator's everyday TxProfiles. */
export const LOAD_BALANCING_STACK_LEVEL = 50;
/** A reading this soon after a start is the EV ramping up: not used to cap it (closed loop). */
const RAMP_UP_MS = 2 * 60_000;

export type RebalanceSent = {
  chargerId: string;
  evseId: number;
  limitA: number;
  limitW: number;
  purpose: 'TxProfile' | 'TxDefaultProfile';
  /** The EVSE's fallback (a TxDefaultProfile at FALLBACK_STACK_LEVEL), not a session's limit. */
  fallback?: true;
  /** The charger's answer (Accepted, Rejected), null when it did not answer, or the error. */
  answer: string | null;
  error?: string;
};

export type RebalanceResult = {
  allocation: Allocation | null;
  /** Sessions' limits sent. */
  sent: RebalanceSent[];
  /** Fallbacks sent (first balanced, or changed). */
  fallbacks: RebalanceSent[];
  /** Fallbacks cleared from EVSEs no longer balanced. */
  fallbacksCleared: FallbackCleared[];
  /** When a capacity source next changes a circuit's capacity (within a day): recompute then. */
  nextCapacityChangeAt: number | null;
};

type RebalanceArgs = {
  db: Db;
  bus: Bus;
  tenantId: string;
  siteId: string;
  now?: number;
  timeoutMs?: number;
  sources?: readonly CircuitCapacitySource[];
};

/** The advisory lock key of a site's rebalance (hashtext of it, per transaction). */
export const rebalanceLockKey = (siteId: string) => `magma:rebalance:${siteId}`;

const keyOf = (chargerId: string, evseId: number) => `${chargerId}/${evseId}`;

export async function rebalanceSite(args: RebalanceArgs): Promise<RebalanceResult> {
  // The lock's connection waits while the profiles go out (each send is bounded by timeoutMs).
  return args.db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${rebalanceLockKey(args.siteId)}))`;
      return rebalanceLocked({ ...args, now: args.now ?? Date.now() });
    },
    { maxWait: 30_000, timeout: 10 * 60_000 },
  );
}

async function rebalanceLocked({
  db,
  bus,
  tenantId,
  siteId,
  now,
  timeoutMs,
  sources = capacitySources(),
}: RebalanceArgs & { now: number }): Promise<RebalanceResult> {
  const [rows, installed] = await Promise.all([
    db.loadCircuit.findMany({ where: { tenantId, siteId } }),
    installedFallbacks(db, tenantId, siteId),
  ]);
  const tree = balancedTree(rows);
  if (!tree) {
    const fallbacksCleared = await clearStaleFallbacks({
      db,
      bus,
      tenantId,
      stale: [...installed.values()],
      timeoutMs,
    });
    return { allocation: null, sent: [], fallbacks: [], fallbacksCleared, nextCapacityChangeAt: null };
  }
  const blocks = await capacityBlocks(
    {
      db,
      tenantId,
      siteId,
      topCircuitId: tree.root.id,
      topCircuit: tree.root,
      from: now,
      to: now + CAPACITY_HORIZON_MS,
    },
    sources,
  );
  const circuits = tree.circuits.map((c) => ({ ...c, limits: allocatorLimits(blocks, c.id, now) }));
  const assigned = await db.loadCircuitEvse.findMany({
    where: { tenantId, circuitId: { in: [...tree.effective.keys()] } },
  });
  const chargerIds = [...new Set(assigned.map((e) => e.chargerId))];
  const [chargers, transactions, connectors] = await Promise.all([
    db.charger.findMany({ where: { tenantId, siteId, id: { in: chargerIds } }, select: { id: true, online: true } }),
    db.transaction.findMany({
      where: { tenantId, chargerId: { in: chargerIds }, status: 'ACTIVE' },
      select: { chargerId: true, evseId: true, ocppTransactionId: true, startedAt: true },
    }),
    db.connector.findMany({
      where: { tenantId, chargerId: { in: chargerIds } },
      select: { chargerId: true, evseId: true, livePowerW: true, liveAt: true },
    }),
  ]);
  const online = new Map(chargers.map((c) => [c.id, c.online]));
  const txOf = new Map(transactions.map((t) => [keyOf(t.chargerId, t.evseId), t]));
  const drawW = new Map<string, { w: number; at: Date }>();
  for (const c of connectors) {
    if (c.livePowerW === null || !c.liveAt) continue;
    const k = keyOf(c.chargerId, c.evseId);
    drawW.set(k, { w: (drawW.get(k)?.w ?? 0) + c.livePowerW, at: c.liveAt });
  }
  const voltageOf = new Map(rows.map((c) => [c.id, c.voltageV]));

  const balanced = assigned.filter((e) => tree.effective.has(e.circuitId) && online.has(e.chargerId));
  const configured = fallbackSettings(rows);
  const fallback = fallbackLimits(
    circuits,
    balanced.map((e) => ({
      chargerId: e.chargerId,
      evseId: e.evseId,
      circuitId: tree.effective.get(e.circuitId)!,
      phases: e.phases === 1 ? 1 : 3,
      minCurrentA: e.minCurrentA,
      maxCurrentA: e.maxCurrentA,
      configuredA: configured.get(e.circuitId) ?? null,
    })),
  );

  const sessions: EvseSession[] = [];
  const previous: PreviousLimit[] = [];
  const byKey = new Map<string, (typeof assigned)[number]>();
  const ended: string[] = [];
  for (const e of assigned) {
    const k = keyOf(e.chargerId, e.evseId);
    const circuitId = tree.effective.get(e.circuitId);
    const tx = txOf.get(k);
    if (!circuitId || !online.has(e.chargerId) || !tx) {
      if (e.lastLimitA !== null) ended.push(e.id);
      if (!circuitId || !online.has(e.chargerId)) continue;
      byKey.set(k, e);
      // No session: only its fallback is held, for a session that starts before its profile arrives.
      sessions.push({
        evseId: k,
        circuitId,
        evsePhases: e.phases === 1 ? 1 : 3,
        minCurrentA: e.minCurrentA,
        maxCurrentA: e.maxCurrentA,
        arrivedAt: 0,
        idle: true,
        fallbackA: fallback.get(k) ?? 0,
      });
      continue;
    }
    byKey.set(k, e);
    const offline = !online.get(e.chargerId);
    const phases = (e.phases === 1 ? 1 : 3) as 1 | 3;
    const live = drawW.get(k);
    const measured =
      live && live.at.getTime() - tx.startedAt.getTime() >= RAMP_UP_MS
        ? live.w / ((voltageOf.get(circuitId) ?? 230) * phases)
        : undefined;
    sessions.push({
      evseId: k,
      circuitId,
      evsePhases: phases,
      minCurrentA: e.minCurrentA,
      maxCurrentA: e.maxCurrentA,
      priority: e.priority,
      arrivedAt: tx.startedAt.getTime(),
      ...(measured !== undefined ? { measuredCurrentA: measured } : {}),
      fallbackA: fallback.get(k) ?? 0,
      ...(offline ? { offline: true, ...(e.lastLimitA !== null ? { lastLimitA: e.lastLimitA } : {}) } : {}),
    });
    if (e.lastLimitA !== null) previous.push({ evseId: k, limitA: e.lastLimitA });
  }
  // The EV's own range and limits set on the station by others narrow what each EVSE may get.
  const constraints = await evseConstraints({
    db,
    tenantId,
    sessions: sessions
      .filter((x) => !x.idle)
      .map((x) => {
        const row = byKey.get(x.evseId)!;
        return {
          chargerId: row.chargerId,
          evseId: row.evseId,
          startedAt: txOf.get(x.evseId)!.startedAt,
          phases: x.evsePhases,
        };
      }),
    voltageOf: (chargerId, evseId) =>
      voltageOf.get(tree.effective.get(byKey.get(keyOf(chargerId, evseId))!.circuitId)!) ?? 230,
  });
  for (const x of sessions) {
    const c = constraints.get(x.evseId);
    if (c?.ev) x.ev = c.ev;
    if (c?.externalCapA !== undefined) x.maxCurrentA = Math.min(x.maxCurrentA, c.externalCapA);
  }
  // A session that ended took its TxProfile with it: its EVSE starts afresh next time.
  if (ended.length) {
    await db.loadCircuitEvse.updateMany({
      where: { id: { in: ended } },
      data: { lastLimitA: null, lastLimitW: null, lastPhases: null },
    });
  }

  const allocation = allocate({
    circuits,
    sessions,
    policy: { kind: POLICY_KIND[tree.root.policy], hysteresisA: tree.root.hysteresisA },
    at: now,
    previous,
  });
  const changes = allocation.evses.filter((a) => {
    if (a.status === 'offline' || a.status === 'idle') return false;
    const row = byKey.get(a.evseId)!;
    return a.send || row.lastLimitA === null;
  });
  const lowered = changes.filter((a) => a.limitA < (byKey.get(a.evseId)!.lastLimitA ?? Infinity));
  const raised = changes.filter((a) => !lowered.includes(a));

  const scope = tenantScope(tenantId);
  const send = async (a: Allocation['evses'][number]): Promise<RebalanceSent> => {
    const row = byKey.get(a.evseId)!;
    const tx = txOf.get(a.evseId);
    const purpose = tx?.ocppTransactionId ? 'TxProfile' : 'TxDefaultProfile';
    const base = { chargerId: row.chargerId, evseId: row.evseId, limitA: a.limitA, limitW: a.limitW, purpose } as const;
    try {
      const { profile, answer } = await setChargingProfile({
        db,
        bus,
        scope,
        now,
        timeoutMs,
        input: {
          chargerId: row.chargerId,
          evseId: row.evseId,
          purpose,
          kind: 'Absolute',
          stackLevel: LOAD_BALANCING_STACK_LEVEL,
          unit: 'A',
          periods: [{ startPeriod: 0, limit: a.limitA, numberPhases: a.phases }],
        },
      });
      if (answer === 'Accepted') {
        await db.loadCircuitEvse.update({
          where: { id: row.id },
          data: {
            lastLimitA: a.limitA,
            lastLimitW: a.limitW,
            lastPhases: a.phases,
            lastProfileId: profile.id,
            lastSentAt: new Date(now),
          },
        });
      }
      return { ...base, answer };
    } catch (e) {
      return { ...base, answer: null, error: e instanceof Error ? e.message : String(e) };
    }
  };
  const sendFallback = async (row: (typeof assigned)[number], limitA: number): Promise<RebalanceSent> => {
    const phases = row.phases === 1 ? 1 : 3;
    const voltage = voltageOf.get(tree.effective.get(row.circuitId)!) ?? 230;
    const base = {
      chargerId: row.chargerId,
      evseId: row.evseId,
      limitA,
      limitW: Math.floor(limitA * phases * voltage),
      purpose: 'TxDefaultProfile',
      fallback: true,
    } as const;
    try {
      const { answer } = await setChargingProfile({
        db,
        bus,
        scope,
        now,
        timeoutMs,
        input: {
          chargerId: row.chargerId,
          evseId: row.evseId,
          purpose: 'TxDefaultProfile',
          kind: 'Absolute',
          stackLevel: FALLBACK_STACK_LEVEL,
          unit: 'A',
          periods: [{ startPeriod: 0, limit: limitA, numberPhases: phases }],
        },
      });
      return { ...base, answer };
    } catch (e) {
      return { ...base, answer: null, error: e instanceof Error ? e.message : String(e) };
    }
  };
  type Job = { chargerId: string; fallback: boolean; run: () => Promise<RebalanceSent> };
  const limitJob = (a: (typeof changes)[number]): Job => ({
    chargerId: byKey.get(a.evseId)!.chargerId,
    fallback: false,
    run: () => send(a),
  });
  // Fallbacks of the connected chargers not yet installed at their limit: a new or lower one goes
  // out with the lowered limits, a higher one with the raised.
  const fallbacksDown: Job[] = [];
  const fallbacksUp: Job[] = [];
  for (const row of balanced) {
    if (!online.get(row.chargerId)) continue;
    const k = keyOf(row.chargerId, row.evseId);
    const want = fallback.get(k) ?? 0;
    const have = installed.get(k)?.limitA ?? undefined;
    if (have === want) continue;
    const job = { chargerId: row.chargerId, fallback: true, run: () => sendFallback(row, want) };
    (have === undefined || want < have ? fallbacksDown : fallbacksUp).push(job);
  }
  // One charger at a time per charger (profile ids are numbered per charger), chargers in parallel.
  const runAll = async (jobs: Job[]) => {
    const perCharger = new Map<string, Job[]>();
    for (const j of jobs) perCharger.set(j.chargerId, [...(perCharger.get(j.chargerId) ?? []), j]);
    const out = await Promise.all(
      [...perCharger.values()].map(async (l) => {
        const r: RebalanceSent[] = [];
        for (const j of l) r.push(await j.run());
        return r;
      }),
    );
    return out.flat();
  };
  const done = [
    ...(await runAll([...fallbacksDown, ...lowered.map(limitJob)])),
    ...(await runAll([...raised.map(limitJob), ...fallbacksUp])),
  ];
  const sent = done.filter((r) => !r.fallback);
  const fallbacks = done.filter((r) => r.fallback);
  const keep = new Set(balanced.map((e) => keyOf(e.chargerId, e.evseId)));
  const stale: InstalledFallback[] = [...installed].filter(([k]) => !keep.has(k)).map(([, f]) => f);
  const fallbacksCleared = await clearStaleFallbacks({ db, bus, tenantId, stale, timeoutMs });
  return { allocation, sent, fallbacks, fallbacksCleared, nextCapacityChangeAt: nextCapacityEdge(blocks, now) };
}
