import type { Db } from '@magma/db';
import { blockLimit, CAPACITY_UNITS, PHASES, type CapacityBlock as OscpBlock } from '@magma/oscp';
import { z } from 'zod';
import type { CapacityBlock, CircuitCapacitySource } from '../load-balancing/capacity-limits.ts';

// Grid operators' forecasts as the time-varying capacity of the site's top circuit (#21).
//
// A Capacity Provider sends a forecast again whenever it changes its mind, and OSCP gives a
// message no sequence number: at each instant, the forecast received last that says something
// about that instant wins (a repeated delivery carries the same X-Request-ID and is stored once;
// one delivered late, after a newer one, is older by receipt only and is taken as the newer one
// for the instants it covers). Consumption forecasts apply; once the Capacity Provider is past
// its announced offline_mode_at without a heartbeat, its FALLBACK_CONSUMPTION forecast applies
// where it has one. Generation and optimum forecasts do not limit charging.

const storedBlock = z.object({
  startMs: z.number(),
  endMs: z.number(),
  capacity: z.number().nonnegative(),
  phase: z.enum(PHASES),
  unit: z.enum(CAPACITY_UNITS),
});
const storedBlocks = z.array(storedBlock);

export const OSCP_SOURCE_NAME = 'oscp';

type Stored = { type: string; blocks: OscpBlock[] };

/** The newest forecast of `type` with a block at `t` (forecasts in receipt order, oldest first). */
function newestAt(forecasts: readonly Stored[], type: string, t: number): OscpBlock | null {
  for (let i = forecasts.length - 1; i >= 0; i--) {
    const f = forecasts[i]!;
    if (f.type !== type) continue;
    const b = f.blocks.find((x) => x.startMs <= t && t < x.endMs);
    if (b) return b;
  }
  return null;
}

/** One connection's forecasts as capacity blocks of `circuitId` over [from, to). */
export function forecastBlocks({
  forecasts,
  peerOfflineAtMs,
  circuitId,
  label,
  from,
  to,
}: {
  forecasts: readonly Stored[];
  peerOfflineAtMs: number | null;
  circuitId: string;
  label: string;
  from: number;
  to: number;
}): CapacityBlock[] {
  const edges = new Set<number>([from]);
  for (const f of forecasts)
    for (const b of f.blocks) for (const t of [b.startMs, b.endMs]) if (t > from && t < to) edges.add(t);
  if (peerOfflineAtMs !== null && peerOfflineAtMs > from && peerOfflineAtMs < to) edges.add(peerOfflineAtMs);
  const sorted = [...edges].sort((a, b) => a - b);
  const out: CapacityBlock[] = [];
  for (const [i, start] of sorted.entries()) {
    const end = sorted[i + 1] ?? to;
    const offline = peerOfflineAtMs !== null && start >= peerOfflineAtMs;
    const block =
      (offline ? newestAt(forecasts, 'FALLBACK_CONSUMPTION', start) : null) ??
      newestAt(forecasts, 'CONSUMPTION', start);
    if (!block) continue;
    const limit = blockLimit(block);
    const last = out.at(-1);
    if (
      last &&
      last.to === start &&
      last.maxCurrentA === ('maxCurrentA' in limit ? limit.maxCurrentA : undefined) &&
      last.maxPowerW === ('maxPowerW' in limit ? limit.maxPowerW : undefined)
    ) {
      last.to = end;
      continue;
    }
    out.push({ circuitId, from: start, to: end, ...limit, label });
  }
  return out;
}

export async function siteForecastBlocks({
  db,
  tenantId,
  siteId,
  circuitId,
  from,
  to,
}: {
  db: Db;
  tenantId: string;
  siteId: string;
  circuitId: string;
  from: number;
  to: number;
}): Promise<CapacityBlock[]> {
  const connections = await db.oscpConnection.findMany({
    where: { tenantId, siteId, inboundTokenHash: { not: null } },
    select: { id: true, name: true, peerOfflineAt: true },
  });
  if (!connections.length) return [];
  const rows = await db.oscpForecast.findMany({
    where: {
      tenantId,
      connectionId: { in: connections.map((c) => c.id) },
      type: { in: ['CONSUMPTION', 'FALLBACK_CONSUMPTION'] },
      endsAt: { gt: new Date(from) },
      startsAt: { lt: new Date(to) },
    },
    orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
    select: { connectionId: true, type: true, blocks: true },
  });
  return connections.flatMap((c) =>
    forecastBlocks({
      forecasts: rows
        .filter((r) => r.connectionId === c.id)
        .map((r) => ({ type: r.type, blocks: storedBlocks.parse(r.blocks) })),
      peerOfflineAtMs: c.peerOfflineAt?.getTime() ?? null,
      circuitId,
      label: `Grid operator ${c.name}`,
      from,
      to,
    }),
  );
}

export const oscpCapacitySource: CircuitCapacitySource = {
  name: OSCP_SOURCE_NAME,
  blocks: ({ db, tenantId, siteId, topCircuitId, from, to }) =>
    siteForecastBlocks({ db, tenantId, siteId, circuitId: topCircuitId, from, to }),
};
