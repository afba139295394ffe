import type { Db } from '@magma/db';
import { protocolFor } from '@magma/oscp';
import { versionOf } from './connections.ts';
import { sendGridSignals } from './grid-signals.ts';
import { sendOscp } from './send.ts';
import { siteEnergyWh } from './site-energy.ts';
import type { OscpSettings } from './tokens.ts';

// The worker's OSCP job, every minute (#21), for every registered connection of every tenant:
// a 2.0 handshake not yet acknowledged is sent (again); a heartbeat goes when the interval the
// Capacity Provider asked for has passed, announcing that we go offline after two more intervals;
// and the site's energy of each past measurement window is reported (UpdateGroupMeasurements /
// UpdateAggregatedUsage), each window once, the next window starting where the last one ended;
// then, for a connected 2.0 group, a compliance error or forecast adjustment when due (grid-signals.ts).

export type OscpTickResult = {
  handshakes: number;
  heartbeats: number;
  measurements: number;
  /** GroupCapacityComplianceError and AdjustGroupCapacityForecast messages the provider took. */
  signals: number;
  failed: number;
};

export async function runOscpTick({
  db,
  settings,
  now = new Date(),
  onError,
}: {
  db: Db;
  settings: OscpSettings;
  now?: Date;
  onError?: (error: unknown, connectionId: string) => void;
}): Promise<OscpTickResult> {
  const result: OscpTickResult = { handshakes: 0, heartbeats: 0, measurements: 0, signals: 0, failed: 0 };
  if (!settings.keyring) return result;
  const connections = await db.oscpConnection.findMany({
    where: { status: { in: ['REGISTERED', 'CONNECTED'] }, inboundTokenHash: { not: null } },
    orderBy: { createdAt: 'asc' },
    take: 500,
  });
  for (const c of connections) {
    try {
      const protocol = protocolFor(versionOf(c.version));
      const failed = async (error: string | null) => {
        result.failed++;
        await db.oscpConnection.update({ where: { id: c.id }, data: { lastError: error } });
      };
      if (c.status === 'REGISTERED') {
        const request = protocol.handshake({ heartbeatIntervalS: c.heartbeatIntervalS });
        if (request) {
          const sent = await sendOscp({ peer: c, settings, request });
          if (sent.ok) result.handshakes++;
          else await failed(sent.error);
        }
      }
      const intervalMs = c.heartbeatIntervalS * 1000;
      if (!c.lastHeartbeatSentAt || now.getTime() - c.lastHeartbeatSentAt.getTime() >= intervalMs) {
        const sent = await sendOscp({
          peer: c,
          settings,
          request: protocol.heartbeat({ offlineModeAtMs: now.getTime() + 2 * intervalMs }),
        });
        if (sent.ok) {
          result.heartbeats++;
          await db.oscpConnection.update({ where: { id: c.id }, data: { lastHeartbeatSentAt: now, lastError: null } });
        } else await failed(sent.error);
      }
      await reportDueUsage({ db, settings, connection: c, now, result });
      for (const s of await sendGridSignals({ db, settings, connection: c, now })) {
        if (!s.sent) continue;
        if (s.ok) result.signals++;
        else await failed(s.error);
      }
    } catch (e) {
      result.failed++;
      onError?.(e, c.id);
    }
  }
  return result;
}

async function reportDueUsage({
  db,
  settings,
  connection: c,
  now,
  result,
}: {
  db: Db;
  settings: OscpSettings;
  connection: Awaited<ReturnType<Db['oscpConnection']['findMany']>>[number];
  now: Date;
  result: OscpTickResult;
}) {
  const windowMs = c.measurementIntervalS * 1000;
  // Windows are aligned to the interval (10:00–10:15, …); the first one is the last complete window.
  const lastEnd = Math.floor(now.getTime() / windowMs) * windowMs;
  const fromMs = c.lastMeasurementAt ? c.lastMeasurementAt.getTime() : lastEnd - windowMs;
  if (fromMs + windowMs > now.getTime()) return;
  const toMs = Math.min(lastEnd, fromMs + windowMs);
  const from = new Date(fromMs);
  const to = new Date(toMs);
  const energyWh = await siteEnergyWh({ db, tenantId: c.tenantId, siteId: c.siteId, from, to });
  const request = protocolFor(versionOf(c.version)).reportUsage({ groupId: c.groupId, fromMs, toMs, energyWh });
  const sent = await sendOscp({ peer: c, settings, request });
  await db.oscpMeasurement.create({
    data: {
      tenantId: c.tenantId,
      connectionId: c.id,
      fromAt: from,
      toAt: to,
      energyWh,
      requestId: sent.requestId,
      httpStatus: sent.statusCode,
      error: sent.error,
    },
  });
  if (sent.ok) {
    result.measurements++;
    await db.oscpConnection.update({ where: { id: c.id }, data: { lastMeasurementAt: to } });
  } else {
    result.failed++;
    await db.oscpConnection.update({ where: { id: c.id }, data: { lastError: sent.error } });
  }
}
