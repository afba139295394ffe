import type { Db, OscpConnectionModel } from '@magma/db';
import { CAPACITY_UNITS, PHASES, protocolFor, type CapacityBlock, type ForecastType } from '@magma/oscp';
import { z } from 'zod';
import { evseConstraints } from '../load-balancing/evse-constraints.ts';
import { balancedTree } from '../load-balancing/site-tree.ts';
import { versionOf } from './connections.ts';
import { sendOscp } from './send.ts';
import type { OscpSettings } from './tokens.ts';

// The signals an OSCP 2.0 Flexibility Provider sends on its own initiative (#21), checked at every
// OSCP tick for each connected 2.0 connection against the forecast block in force for its group:
//
// - GroupCapacityComplianceError when we cannot keep within the forecast: the group's measured draw
//   (the latest meter power of each running session, and an offline charger's last limit, which it
//   keeps) is above the capacity, or the sessions' minimums alone do not fit in it (the allocator
//   then pauses sessions, and the draw of chargers that ignore a limit is not ours to lower);
// - AdjustGroupCapacityForecast when the sessions want more than the forecast gives (each EVSE's
//   maximum, narrowed by its EV's needs and by limits others set on the station; at most the site's
//   own connection capacity): the capacity we would like, from now to
//   the end of the block in force, in the block's unit and phase.
//
// A condition must hold at every tick for SUSTAIN_MS before its message goes (a start ramping up, a
// forecast just lowered while the limits travel, are not errors), and each kind goes at most once
// per RESEND_MS per connection while it lasts. The state is one OscpSignal row per connection and kind.

export const SIGNAL_SUSTAIN_MS = 5 * 60_000;
export const SIGNAL_RESEND_MS = 15 * 60_000;
/** A meter reading older than this says nothing about the draw now. */
const FRESH_READING_MS = 15 * 60_000;

export type SignalKind = 'COMPLIANCE_ERROR' | 'ADJUST_FORECAST';

export type GroupLoad = {
  /** The forecast block in force, as the Capacity Provider sent it. */
  block: CapacityBlock;
  /** The block as W for the whole group. */
  capacityW: number;
  drawnW: number;
  minimumW: number;
  wantedW: number;
};

export type SignalOutcome = { kind: SignalKind; sent: boolean; ok: boolean | null; error: string | null };

const storedBlocks = z.array(
  z.object({
    startMs: z.number(),
    endMs: z.number(),
    capacity: z.number().nonnegative(),
    phase: z.enum(PHASES),
    unit: z.enum(CAPACITY_UNITS),
  }),
);

/** The block of the newest forecast in force at `now` (fallback forecasts once the provider is offline). */
async function blockInForce(db: Db, c: OscpConnectionModel, now: number): Promise<CapacityBlock | null> {
  const rows = await db.oscpForecast.findMany({
    where: {
      tenantId: c.tenantId,
      connectionId: c.id,
      type: { in: ['CONSUMPTION', 'FALLBACK_CONSUMPTION'] },
      startsAt: { lte: new Date(now) },
      endsAt: { gt: new Date(now) },
    },
    orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
    take: 50,
    select: { type: true, blocks: true },
  });
  const offline = c.peerOfflineAt !== null && c.peerOfflineAt.getTime() <= now;
  for (const type of offline ? ['FALLBACK_CONSUMPTION', 'CONSUMPTION'] : ['CONSUMPTION']) {
    for (const r of rows) {
      if (r.type !== type) continue;
      const b = storedBlocks.parse(r.blocks).find((x) => x.startMs <= now && now < x.endMs);
      if (b) return b;
    }
  }
  return null;
}

/** W for the whole group from a block (A per phase on three phases; energy as its average power). */
function blockW(b: CapacityBlock, voltageV: number, phases: number): number {
  const hours = (b.endMs - b.startMs) / 3_600_000;
  switch (b.unit) {
    case 'A':
      return b.capacity * voltageV * phases;
    case 'W':
      return b.capacity;
    case 'KW':
      return b.capacity * 1000;
    case 'WH':
      return b.capacity / hours;
    case 'KWH':
      return (b.capacity * 1000) / hours;
  }
}

/** The inverse of blockW: `w` over [startMs, endMs) in the unit of `like`. */
function inUnitOf(like: CapacityBlock, w: number, voltageV: number, phases: number, startMs: number): number {
  const hours = (like.endMs - startMs) / 3_600_000;
  const round = (x: number, d: number) => Math.ceil(x * 10 ** d) / 10 ** d;
  switch (like.unit) {
    case 'A':
      return round(w / (voltageV * phases), 1);
    case 'W':
      return Math.ceil(w);
    case 'KW':
      return round(w / 1000, 3);
    case 'WH':
      return Math.ceil(w * hours);
    case 'KWH':
      return round((w * hours) / 1000, 3);
  }
}

/** The group's load now: what it draws, what its sessions need at least, and what they would take. */
export async function groupLoad({
  db,
  connection: c,
  now,
}: {
  db: Db;
  connection: OscpConnectionModel;
  now: number;
}): Promise<(GroupLoad & { voltageV: number; phases: number }) | null> {
  const block = await blockInForce(db, c, now);
  if (!block) return null;
  const rows = await db.loadCircuit.findMany({ where: { tenantId: c.tenantId, siteId: c.siteId } });
  const tree = balancedTree(rows);
  if (!tree) return null;
  const voltageOf = new Map(rows.map((r) => [r.id, r.voltageV]));
  const root = tree.root;
  const rootW =
    Math.min(
      root.maxPowerW ?? Infinity,
      root.maxCurrentA !== null ? root.maxCurrentA * root.voltageV * root.phases : Infinity,
    ) *
    (1 - root.safetyMarginPct / 100);

  const evses = await db.loadCircuitEvse.findMany({
    where: { tenantId: c.tenantId, circuitId: { in: [...tree.effective.keys()] } },
  });
  const chargerIds = [...new Set(evses.map((e) => e.chargerId))];
  const [chargers, transactions, connectors] = await Promise.all([
    db.charger.findMany({
      where: { tenantId: c.tenantId, siteId: c.siteId, id: { in: chargerIds } },
      select: { id: true, online: true },
    }),
    db.transaction.findMany({
      where: { tenantId: c.tenantId, chargerId: { in: chargerIds }, status: 'ACTIVE' },
      select: { chargerId: true, evseId: true, startedAt: true },
    }),
    db.connector.findMany({
      where: { tenantId: c.tenantId, chargerId: { in: chargerIds } },
      select: { chargerId: true, evseId: true, livePowerW: true, liveAt: true },
    }),
  ]);
  const online = new Map(chargers.map((x) => [x.id, x.online]));
  const running = new Map(transactions.map((t) => [`${t.chargerId}/${t.evseId}`, t]));
  const counted = evses.filter((e) => online.has(e.chargerId) && running.has(`${e.chargerId}/${e.evseId}`));
  const voltsOf = (e: { circuitId: string }) => voltageOf.get(tree.effective.get(e.circuitId) ?? '') ?? 230;
  // The EV's own range (NotifyEVChargingNeeds) and limits others set on the station narrow what a
  // session needs and can take, as they do for the allocator.
  const constraints = await evseConstraints({
    db,
    tenantId: c.tenantId,
    sessions: counted.map((e) => ({
      chargerId: e.chargerId,
      evseId: e.evseId,
      startedAt: running.get(`${e.chargerId}/${e.evseId}`)!.startedAt,
      phases: e.phases === 1 ? 1 : 3,
    })),
    voltageOf: (chargerId, evseId) =>
      voltsOf(counted.find((e) => e.chargerId === chargerId && e.evseId === evseId) ?? { circuitId: '' }),
  });
  let drawnW = 0;
  let minimumW = 0;
  let wantedW = 0;
  for (const e of counted) {
    const volts = voltsOf(e);
    const phases = e.phases === 1 ? 1 : 3;
    const k = constraints.get(`${e.chargerId}/${e.evseId}`);
    const maxA = Math.min(e.maxCurrentA, k?.ev?.maxCurrentA ?? Infinity, k?.externalCapA ?? Infinity);
    minimumW += Math.min(Math.max(e.minCurrentA, k?.ev?.minCurrentA ?? 0), maxA) * volts * phases;
    wantedW += maxA * volts * phases;
    if (!online.get(e.chargerId)) {
      drawnW += e.lastLimitW ?? 0;
      continue;
    }
    for (const x of connectors) {
      if (x.chargerId !== e.chargerId || x.evseId !== e.evseId || x.livePowerW === null || !x.liveAt) continue;
      if (now - x.liveAt.getTime() <= FRESH_READING_MS) drawnW += x.livePowerW;
    }
  }
  return {
    block,
    capacityW: blockW(block, root.voltageV, root.phases),
    drawnW,
    minimumW,
    wantedW: Math.min(wantedW, rootW),
    voltageV: root.voltageV,
    phases: root.phases,
  };
}

const kw = (w: number) => `${(w / 1000).toFixed(1)} kW`;

/**
 * Checks one 2.0 connection's group and sends GroupCapacityComplianceError and
 * AdjustGroupCapacityForecast when their condition has held long enough and the last one is old enough.
 */
export async function sendGridSignals({
  db,
  settings,
  connection: c,
  now,
}: {
  db: Db;
  settings: OscpSettings;
  connection: OscpConnectionModel;
  now: Date;
}): Promise<SignalOutcome[]> {
  if (versionOf(c.version) !== '2.0' || c.status !== 'CONNECTED') return [];
  const protocol = protocolFor('2.0');
  const t = now.getTime();
  const load = await groupLoad({ db, connection: c, now: t });
  const over = load && load.drawnW > load.capacityW;
  const tooMany = load && load.minimumW > load.capacityW;
  const reasons: string[] = [];
  if (load && over)
    reasons.push(`group ${c.groupId} draws ${kw(load.drawnW)}, above the ${kw(load.capacityW)} forecast`);
  if (load && tooMany)
    reasons.push(
      `the running sessions' minimums (${kw(load.minimumW)}) do not fit in the ${kw(load.capacityW)} forecast: sessions are paused`,
    );
  const wantsMore = load !== null && load.wantedW > load.capacityW + 1;

  const conditions: { kind: SignalKind; holds: boolean; request: () => ReturnType<typeof protocol.heartbeat> }[] = [
    {
      kind: 'COMPLIANCE_ERROR',
      holds: reasons.length > 0,
      request: () => protocol.complianceError({ message: reasons.join('; '), blocks: [load!.block] })!,
    },
    {
      kind: 'ADJUST_FORECAST',
      holds: wantsMore,
      request: () => {
        const startMs = Math.floor(t / 60_000) * 60_000;
        const capacity = inUnitOf(load!.block, load!.wantedW, load!.voltageV, load!.phases, startMs);
        const type: ForecastType = 'CONSUMPTION';
        return protocol.adjustForecast({
          groupId: c.groupId,
          type,
          blocks: [{ ...load!.block, startMs, capacity }],
        })!;
      },
    },
  ];

  const out: SignalOutcome[] = [];
  for (const { kind, holds, request } of conditions) {
    const key = { connectionId_kind: { connectionId: c.id, kind } };
    const row = await db.oscpSignal.upsert({
      where: key,
      create: { tenantId: c.tenantId, connectionId: c.id, kind, conditionSince: holds ? now : null },
      update: {},
    });
    if (!holds) {
      if (row.conditionSince) await db.oscpSignal.update({ where: key, data: { conditionSince: null } });
      continue;
    }
    const since = row.conditionSince ?? now;
    if (!row.conditionSince) await db.oscpSignal.update({ where: key, data: { conditionSince: since } });
    const sustained = t - since.getTime() >= SIGNAL_SUSTAIN_MS;
    const due = !row.lastSentAt || t - row.lastSentAt.getTime() >= SIGNAL_RESEND_MS;
    if (!sustained || !due) {
      out.push({ kind, sent: false, ok: null, error: null });
      continue;
    }
    const req = request();
    const sent = await sendOscp({ peer: c, settings, request: req });
    await db.oscpSignal.update({
      where: key,
      data: {
        // A message the provider did not take is tried again at the next tick.
        ...(sent.ok ? { lastSentAt: now } : {}),
        lastBody: req.body as object,
        lastRequestId: sent.requestId,
        lastHttpStatus: sent.statusCode,
        lastError: sent.error,
        sentCount: { increment: 1 },
      },
    });
    out.push({ kind, sent: true, ok: sent.ok, error: sent.error });
  }
  return out;
}
