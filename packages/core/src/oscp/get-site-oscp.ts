import type { Db } from '@magma/db';
import { siteInScope } from '../load-balancing/site-in-scope.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { OSCP_CONNECTION_VIEW, versionOf } from './connections.ts';
import { forecastBlocks } from './forecast-source.ts';
import { CAPACITY_UNITS, PHASES } from '@magma/oscp';
import { z } from 'zod';

// A site's grid operator connections for the load-balancing page (#21): each one's state
// (registered, handshake, heartbeats both ways, last report, last error), its last forecasts, and
// the capacity its forecasts give the site's top circuit over the next 24 hours.

const HORIZON_MS = 24 * 3_600_000;
const storedBlocks = z.array(
  z.object({
    startMs: z.number(),
    endMs: z.number(),
    capacity: z.number(),
    phase: z.enum(PHASES),
    unit: z.enum(CAPACITY_UNITS),
  }),
);

export async function getSiteOscp({
  db,
  scope,
  siteId,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  siteId: string;
  now?: Date;
}) {
  assertAdmin(scope);
  await siteInScope(db, scope, siteId);
  const sdb = scopedDb(db, scope);
  const connections = await sdb.oscpConnection.findMany({
    where: { siteId },
    orderBy: { createdAt: 'asc' },
    select: { ...OSCP_CONNECTION_VIEW, inboundTokenHash: true },
  });
  const from = now.getTime();
  const to = from + HORIZON_MS;
  return Promise.all(
    connections.map(async ({ inboundTokenHash, ...c }) => {
      const [recent, current] = await Promise.all([
        sdb.oscpForecast.findMany({
          where: { connectionId: c.id },
          orderBy: [{ receivedAt: 'desc' }, { id: 'desc' }],
          take: 5,
          select: { id: true, type: true, startsAt: true, endsAt: true, receivedAt: true, requestId: true },
        }),
        sdb.oscpForecast.findMany({
          where: {
            connectionId: c.id,
            type: { in: ['CONSUMPTION', 'FALLBACK_CONSUMPTION'] },
            endsAt: { gt: new Date(from) },
            startsAt: { lt: new Date(to) },
          },
          orderBy: [{ receivedAt: 'asc' }, { id: 'asc' }],
          select: { type: true, blocks: true },
        }),
      ]);
      const blocks = forecastBlocks({
        forecasts: current.map((f) => ({ type: f.type, blocks: storedBlocks.parse(f.blocks) })),
        peerOfflineAtMs: c.peerOfflineAt?.getTime() ?? null,
        circuitId: 'top',
        label: c.name,
        from,
        to,
      }).map((b) => ({
        from: new Date(b.from),
        to: new Date(b.to ?? to),
        maxCurrentA: b.maxCurrentA ?? null,
        maxPowerW: b.maxPowerW ?? null,
      }));
      return {
        ...c,
        version: versionOf(c.version),
        tokenIssued: inboundTokenHash !== null,
        recentForecasts: recent,
        capacity: blocks,
      };
    }),
  );
}
