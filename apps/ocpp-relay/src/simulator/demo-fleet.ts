import { RELAY_STALE_MS } from '@magma/core/charging';
import type { Db } from '@magma/db';
import type { Logger } from '../logger.ts';
import { SimulatedCharger } from './simulated-charger.ts';
import { versionOfProtocol } from '../connection/context.ts';
import {
  getSubCaStatus,
  plugAndChargeSession,
  requestEvCertificate,
  type SimEv,
  type SimPlugAndCharge,
} from './plug-and-charge.ts';
import { PNC_ENABLED_KEY } from './pnc-16.ts';
import { enableCaliforniaPricing } from './california-pricing.ts';

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
  /**
   * The relay the fleet connects to: a socket it holds for a charger the fleet has not connected
   * is a real charger's, so the fleet leaves that charger alone for good.
   */
  instanceId?: string;
  /** How often chargers another socket held are checked again, and connected ones checked for a holder elsewhere. */
  checkEveryMs?: number;
  /**
   * ISO 15118 EVs (startSimPlugAndCharge): every other 2.0.1 charger and every other 1.6 charger
   * then has Plug & Charge (1.6: the OCA application note's DataTransfer messages, its key
   * ISO15118PnCEnabled true), its sessions started by the EV's contract (Authorize with
   * iso15118CertificateHashData or the certificate), the revoked contract among them; the relay must
   * be allowed to ask its OCSP responder.
   */
  plugAndCharge?: SimPlugAndCharge;
  log?: Logger;
};

export type DemoFleet = {
  /** The simulated chargers currently connected. */
  chargers: SimulatedCharger[];
  /** Identities the fleet gave up to another connection, for good. */
  yielded: ReadonlySet<string>;
  close: () => Promise<void>;
};

const REPLACED = 'Replaced by a new connection';

type Row = { id: string; identity: string; protocol: 'OCPP16' | 'OCPP201'; passwordHash: string | null; evses: number };

/**
 * Brings the seeded demo network to life so a fresh `npm start` shows live data: each charger the
 * demo seed created connects and boots, and a few charging sessions keep running and rotating.
 *
 * It never impersonates a real charger: it runs only in a tenant the demo seed created, simulates
 * only the chargers that seed created (Charger.origin DEMO_SEED, never imported or self-registered
 * ones), does not connect a charger whose socket a live relay holds (it looks again later), and a
 * simulated charger replaced by another connection, found held by another relay, or refused (its
 * password changed on the dashboard) is closed and never comes back.
 */
export async function startDemoFleet({
  db,
  url,
  tenantSlug = 'demo',
  password = 'demo-charger-pass',
  sessions = 3,
  meterIntervalMs = 10_000,
  rotateEveryMs = 90_000,
  instanceId,
  checkEveryMs = 30_000,
  plugAndCharge,
  log,
}: DemoFleetOptions): Promise<DemoFleet> {
  const online: SimulatedCharger[] = [];
  const yielded = new Set<string>();
  const rows = await demoChargers(db, tenantSlug);
  if (rows === null) {
    log?.info('demo fleet not started: the tenant is not the seeded demo', { tenant: tenantSlug });
    return { chargers: online, yielded, close: async () => {} };
  }
  const token = await db.idToken.findFirst({
    where: { tenant: { slug: tenantSlug }, status: 'ACCEPTED' },
    select: { token: true },
  });
  const idTag = token?.token ?? 'DEMO-TAG';
  const base = `${url.replace(/\/$/, '')}/${tenantSlug}`;
  const sims = new Map<string, SimulatedCharger>();
  const waiting = new Map(rows.map((r) => [r.id, r]));
  let closed = false;
  // Plug & Charge: every other charger of each version (by identity) has ISO 15118. California
  // Pricing (1.6 only): the other 1.6 chargers show prices and costs, in English and Hindi.
  const everyOther = (protocol: Row['protocol'], first: 0 | 1) =>
    new Set(
      rows
        .filter((r) => r.protocol === protocol)
        .filter((_, i) => i % 2 === first)
        .map((r) => r.identity),
    );
  const pncIdentities = new Set([...everyOther('OCPP201', 0), ...everyOther('OCPP16', 0)]);
  const californiaIdentities = everyOther('OCPP16', 1);

  const yieldCharger = (row: Row, sim: SimulatedCharger | undefined, why: string) => {
    yielded.add(row.identity);
    waiting.delete(row.id);
    sims.delete(row.id);
    const at = online.indexOf(sim!);
    if (at >= 0) online.splice(at, 1);
    log?.info('demo charger yields to another connection', { identity: row.identity, why });
    if (sim) void sim.close().catch(() => {});
  };

  const connect = async (row: Row) => {
    const sim = new SimulatedCharger({
      url: base,
      identity: row.identity,
      protocol: versionOfProtocol(row.protocol),
      password: row.passwordHash ? password : null,
      connectors: Math.max(1, row.evses),
      meterIntervalMs,
      reconnect: true,
    });
    if (plugAndCharge && pncIdentities.has(row.identity) && row.protocol === 'OCPP16')
      sim.config.set(PNC_ENABLED_KEY, 'true');
    if (californiaIdentities.has(row.identity)) enableCaliforniaPricing(sim, ['en-IN', 'hi']);
    // Closed once the reconnect it would start has begun (closing inside the event would hang).
    sim.client.on('disconnect', ({ reason }: { reason?: string }) => {
      if (reason === REPLACED) setImmediate(() => yieldCharger(row, sim, 'replaced'));
    });
    waiting.delete(row.id);
    sims.set(row.id, sim);
    try {
      await sim.start();
      sim.startHeartbeats();
      if (sims.get(row.id) === sim && !closed) online.push(sim);
    } catch (error) {
      sims.delete(row.id);
      void sim.close().catch(() => {});
      // Refused: its password was changed (or its attempts are limited), so someone is setting it
      // up for a real charger. Trying again every check would only add failed passwords.
      if ((error as { code?: unknown }).code === 401) return yieldCharger(row, undefined, 'refused (401)');
      if (!yielded.has(row.identity)) waiting.set(row.id, row);
      log?.warn('demo charger could not start', { identity: row.identity, error });
    }
  };

  /** Connects the chargers no live socket holds; yields the ones another relay took from us. */
  const check = async () => {
    const held = await heldBy(db, [...waiting.keys(), ...sims.keys()]);
    const starting: Promise<void>[] = [];
    for (const row of [...waiting.values()]) {
      const holder = held.get(row.id);
      if (holder === undefined) starting.push(connect(row));
      else if (holder === instanceId) yieldCharger(row, undefined, 'held on this relay at start');
    }
    for (const [id, sim] of sims) {
      const holder = held.get(id);
      if (instanceId && holder !== undefined && holder !== instanceId && online.includes(sim))
        yieldCharger(
          rows.find((r) => r.id === id)!,
          sim,
          `held by relay ${holder}`,
        );
    }
    await Promise.all(starting);
  };

  await check();
  const checker = setInterval(
    () => void check().catch((error: unknown) => log?.warn('demo fleet check failed', { error })),
    checkEveryMs,
  );
  checker.unref();

  // A Plug & Charge charger's sessions are the EVs' contracts in turn, the contract certificate
  // itself sent every other time.
  const hasPnc = (c: SimulatedCharger) => plugAndCharge !== undefined && pncIdentities.has(c.identity);
  let nextEv = 0;
  const pncSession = async (c: SimulatedCharger, evseId: number, ev: SimEv) => {
    const sendCertificate = nextEv % 2 === 1;
    const r = await plugAndChargeSession(c, plugAndCharge!, ev, { evseId, sendCertificate });
    log?.info('demo Plug & Charge authorization', {
      identity: c.identity,
      emaid: ev.emaid,
      certificateStatus: r.certificateStatus,
      status: r.status,
    });
  };

  const startOne = async () => {
    const candidates = online.filter((c) => c.freeEvse() !== undefined);
    const pick = candidates[Math.floor(Math.random() * candidates.length)];
    const evseId = pick?.freeEvse();
    if (!pick || !evseId) return;
    const ev = plugAndCharge?.evs[nextEv % plugAndCharge.evs.length];
    const session =
      hasPnc(pick) && ev
        ? pncSession(pick, evseId, ev).finally(() => nextEv++)
        : pick.startTransaction({ evseId, idTag });
    await session.catch((error: unknown) => log?.warn('demo session did not start', { error }));
  };

  /**
   * At start: the first Plug & Charge charger of each version asks for the sub-CA's OCSP status and
   * for an EV certificate, then each EV plugs in once (the revoked one is refused), within the
   * session count, on a charger of one version then the other.
   */
  const showPlugAndCharge = async () => {
    if (!plugAndCharge) return;
    const versions = (['ocpp2.0.1', 'ocpp1.6'] as const).filter((v) =>
      online.some((c) => hasPnc(c) && c.protocol === v),
    );
    for (const v of versions) {
      const pnc = online.find((c) => hasPnc(c) && c.protocol === v)!;
      const status = await getSubCaStatus(pnc, plugAndCharge);
      const installed = await requestEvCertificate(pnc);
      log?.info('demo Plug & Charge certificates', {
        identity: pnc.identity,
        protocol: v,
        getCertificateStatus: status.status,
        get15118EVCertificate: installed.status,
      });
    }
    for (const [i, ev] of plugAndCharge.evs.entries()) {
      if (running().length >= sessions) return;
      const free = online.filter((x) => hasPnc(x) && x.freeEvse() !== undefined);
      const c = free.find((x) => x.protocol === versions[i % versions.length]) ?? free[0];
      if (!c) return;
      await pncSession(c, c.freeEvse()!, ev).finally(() => nextEv++);
    }
  };
  const running = () =>
    online.flatMap((c) =>
      Array.from({ length: c.evses }, (_, i) => ({ c, evseId: i + 1 })).filter(({ c, evseId }) =>
        c.transactionOn(evseId),
      ),
    );

  if (sessions > 0)
    await showPlugAndCharge().catch((error: unknown) => log?.warn('demo Plug & Charge failed', { error }));
  for (let tries = 0; running().length < Math.min(sessions, online.length) && tries < sessions; tries++)
    await startOne();
  const rotation = setInterval(() => {
    const active = running();
    const stop = active[Math.floor(Math.random() * active.length)];
    void (async () => {
      if (stop) await stop.c.stopTransaction({ evseId: stop.evseId });
      for (let tries = 0; running().length < sessions && tries < sessions; tries++) await startOne();
    })().catch((error: unknown) => log?.warn('demo rotation failed', { error }));
  }, rotateEveryMs);
  rotation.unref();
  log?.info('demo fleet running', {
    chargers: online.length,
    waiting: waiting.size,
    sessions: running().length,
    tenant: tenantSlug,
  });

  return {
    chargers: online,
    yielded,
    close: async () => {
      closed = true;
      clearInterval(rotation);
      clearInterval(checker);
      await Promise.allSettled([...sims.values()].map((c) => c.close()));
    },
  };
}

/** The chargers the demo seed created in the tenant, or null when the seed did not create the tenant. */
async function demoChargers(db: Db, tenantSlug: string): Promise<Row[] | null> {
  const tenant = await db.tenant.findUnique({ where: { slug: tenantSlug }, select: { id: true } });
  if (!tenant) return null;
  const seeded = await db.auditLog.findFirst({
    where: { tenantId: tenant.id, action: 'seed.demo', entityType: 'Tenant', entityId: tenant.id },
    select: { id: true },
  });
  if (!seeded) return null;
  const rows = await db.charger.findMany({
    where: { tenantId: tenant.id, origin: 'DEMO_SEED', registration: 'ACCEPTED' },
    select: { id: true, identity: true, protocol: true, passwordHash: true, _count: { select: { evses: true } } },
    orderBy: { identity: 'asc' },
  });
  return rows.map(({ _count, ...r }) => ({ ...r, evses: _count.evses }));
}

/** The relay instance holding each charger's socket, for those a live relay holds. */
async function heldBy(db: Db, chargerIds: string[]): Promise<Map<string, string>> {
  if (chargerIds.length === 0) return new Map();
  const rows = await db.charger.findMany({
    where: { id: { in: chargerIds }, online: true, relayInstanceId: { not: null } },
    select: { id: true, relayInstanceId: true },
  });
  const relays = [...new Set(rows.map((r) => r.relayInstanceId!))];
  const alive = await db.relayInstance.findMany({
    where: { id: { in: relays }, lastSeenAt: { gte: new Date(Date.now() - RELAY_STALE_MS) } },
    select: { id: true },
  });
  const live = new Set(alive.map((r) => r.id));
  return new Map(rows.filter((r) => live.has(r.relayInstanceId!)).map((r) => [r.id, r.relayInstanceId!]));
}
