import type { Db } from '@magma/db';
import type { Logger } from '../logger.ts';
import { SimulatedCharger } from './simulated-charger.ts';
import { versionOfProtocol } from '../connection/context.ts';

export type DemoFleetOptions = {
  db: Db;
  /** Base OCPP endpoint, e.g. ws://127.0.0.1:9000/ocpp. */
  url: string;
  tenantSlug?: string;
  password?: string;
  /** Sessions kept running at any time across the fleet. */
  sessions?: number;
  meterIntervalMs?: number;
  /** How often one session ends and another starts elsewhere. */
  rotateEveryMs?: number;
  log?: Logger;
};

export type DemoFleet = { chargers: SimulatedCharger[]; close: () => Promise<void> };

/**
 * Brings the demo tenant's seeded chargers to life so a fresh `npm start` shows live data:
 * every charger connects and boots, and a few charging sessions keep running and rotating.
 */
export async function startDemoFleet({
  db,
  url,
  tenantSlug = 'demo',
  password = 'demo-charger-pass',
  sessions = 3,
  meterIntervalMs = 10_000,
  rotateEveryMs = 90_000,
  log,
}: DemoFleetOptions): Promise<DemoFleet> {
  const rows = await db.charger.findMany({
    where: { tenant: { slug: tenantSlug }, registration: 'ACCEPTED' },
    select: { identity: true, protocol: true, passwordHash: true, _count: { select: { evses: true } } },
    orderBy: { identity: 'asc' },
  });
  const token = await db.idToken.findFirst({
    where: { tenant: { slug: tenantSlug }, status: 'ACCEPTED' },
    select: { token: true },
  });
  const idTag = token?.token ?? 'DEMO-TAG';
  const base = `${url.replace(/\/$/, '')}/${tenantSlug}`;

  const chargers = rows.map(
    (r) =>
      new SimulatedCharger({
        url: base,
        identity: r.identity,
        protocol: versionOfProtocol(r.protocol),
        password: r.passwordHash ? password : null,
        connectors: Math.max(1, r._count.evses),
        meterIntervalMs,
        reconnect: true,
      }),
  );
  const online: SimulatedCharger[] = [];
  await Promise.all(
    chargers.map(async (c) => {
      try {
        await c.start();
        c.startHeartbeats();
        online.push(c);
      } catch (error) {
        log?.warn('demo charger could not start', { identity: c.identity, error });
      }
    }),
  );

  const startOne = async () => {
    const candidates = online.filter((c) => c.freeEvse() !== undefined);
    const pick = candidates[Math.floor(Math.random() * candidates.length)];
    const evseId = pick?.freeEvse();
    if (!pick || !evseId) return;
    await pick
      .startTransaction({ evseId, idTag })
      .catch((error: unknown) => log?.warn('demo session did not start', { error }));
  };
  const running = () =>
    online.flatMap((c) =>
      Array.from({ length: c.evses }, (_, i) => ({ c, evseId: i + 1 })).filter(({ c, evseId }) =>
        c.transactionOn(evseId),
      ),
    );

  for (let i = 0; i < Math.min(sessions, online.length); i++) await startOne();
  const rotation = setInterval(() => {
    const active = running();
    const stop = active[Math.floor(Math.random() * active.length)];
    void (async () => {
      if (stop) await stop.c.stopTransaction({ evseId: stop.evseId });
      for (let tries = 0; running().length < sessions && tries < sessions; tries++) await startOne();
    })().catch((error: unknown) => log?.warn('demo rotation failed', { error }));
  }, rotateEveryMs);
  rotation.unref();
  log?.info('demo fleet running', { chargers: online.length, sessions: running().length, tenant: tenantSlug });

  return {
    chargers: online,
    close: async () => {
      clearInterval(rotation);
      await Promise.allSettled(online.map((c) => c.close()));
    },
  };
}
