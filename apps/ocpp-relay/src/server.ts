import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { busLiveEventSink, type Bus } from '@magma/core/bus';
import { californiaPricingOnSessionEvents, costUpdatesOnSessionEvents } from '@magma/core/cost';
import {
  beatRelayInstance,
  endRelayInstance,
  markChargerOffline,
  markChargerOnline,
  openEventFault,
  openOfflineFault,
  recordChargerMessage,
  RELAY_BEAT_MS,
  RELAY_STALE_MS,
  releaseRelayInstance,
  sweepDeadRelays,
} from '@magma/core/charging';
import type { Db } from '@magma/db';
import { createRPCError, RPCServer } from 'ocpp-rpc';
import { NOREPLY, RPCError } from './connection/ocpp-rpc-errors.ts';
import { AppError } from '@magma/core';
import { resolveStaleReservations, sendFollowUpCancels } from '@magma/core/reservations';
import { rebalanceOnSessionEvents } from '@magma/core/load-balancing';
import { listenForCommands } from './commands/command-listener.ts';
import { dbOutageGuard } from './connection/db-outage.ts';
import { idOutOfRange } from './connection/id-ranges.ts';
import { DEFAULT_MAX_FRAME_BYTES, guardInbound } from './connection/inbound-guard.ts';
import { createAuthHook, type ClientCertificateMode } from './connection/admission.ts';
import type { CertificateAuthority } from '@magma/core/certificates';
import type { PlugAndChargeOptions } from '@magma/core/plug-and-charge';
import { BootGate, type BootStatus } from './connection/boot-gate.ts';
import { FlapDamper, FLAPPING_FAULT } from './connection/flap-damper.ts';
import { contextOf, OCPP_VERSIONS, protocolOfVersion, type ConnectionContext } from './connection/context.ts';
import { restoreMessageId, rewriteCallError } from './connection/error-codes.ts';
import { ConnectionRegistry } from './connection/registry.ts';
import type { RPCServerClient } from './connection/rpc-types.ts';
import { SerialQueue } from './connection/serial-queue.ts';
import { guardedUpgrade } from './connection/upgrade-guard.ts';
import { specValidators } from './connection/validators.ts';
import { TIME_REPLACED_ACTION, withPlausibleTimes } from './handlers/charger-clock.ts';
import { handlers16 } from './handlers/v16/index.ts';
import { handlers201 } from './handlers/v201/index.ts';
import type { Handler, HandlerDeps } from './handlers/types.ts';
import { healthHandler } from './health.ts';
import { HeartbeatBatcher } from './heartbeat-batcher.ts';
import { consoleLogger, type Logger } from './logger.ts';

export type StartRelayOptions = {
  db: Db;
  bus: Bus;
  port: number;
  host?: string;
  defaultTenantSlug: string;
  instanceId: string;
  tls?: { cert: string | Buffer; key: string | Buffer };
  /**
   * Security profile 3 over `tls`: ask chargers for a client certificate, verified in admission
   * against their operator's CA (connection/admission.ts). Default off (profiles 1 and 2).
   */
  clientCertificates?: ClientCertificateMode;
  /** The operators' CA: signs chargers' CSRs (SignCertificate) and anchors their client certificates. */
  certificates?: CertificateAuthority;
  log?: Logger;
  /** How long a charger may stay away before an OFFLINE fault opens. */
  offlineFaultGraceMs?: number;
  heartbeatFlushMs?: number;
  pingIntervalMs?: number;
  /** Live events are published together every this many ms (0: each at once). */
  liveEventWindowMs?: number;
  /** How often this relay refreshes its RelayInstance row and sweeps for dead relays. */
  relayBeatMs?: number;
  /** A relay whose row is older than this is dead (its chargers are marked offline). */
  relayStaleMs?: number;
  /** How often this relay settles stale PENDING reservations and sends due follow-up cancels. */
  reservationSweepMs?: number;
  /** A PENDING reservation older than this had its request die (see resolve-stale-reservations.ts). */
  reservationPendingStaleMs?: number;
  /** How long a charger has to answer a follow-up CancelReservation. */
  followUpTimeoutMs?: number;
  /** The wait after an unanswered follow-up cancel (times the attempt number). */
  followUpRetryMs?: number;
  /** How long a message is held through a database outage before its socket is closed unanswered. */
  dbOutageHoldMs?: number;
  /** ISO 15118 Plug & Charge settings (handlers/plug-and-charge.ts). */
  plugAndCharge?: PlugAndChargeOptions;
  /** The largest message processed (connection/inbound-guard.ts); a frame past twice this closes the socket (1009). */
  maxFrameBytes?: number;
  /** A second replacement of one identity's live socket within this window is refused (connection/flap-damper.ts). */
  flapWindowMs?: number;
};

const RESERVATION_SWEEP_MS = 10_000;

export type Relay = { port: number; instanceId: string; connections: () => number; close: () => Promise<void> };

const HANDLERS: Record<string, Record<string, Handler>> = { 'ocpp1.6': handlers16, 'ocpp2.0.1': handlers201 };

function toRpcError(e: unknown): unknown {
  if (e instanceof RPCError) return e;
  if (AppError.is(e)) return createRPCError(e.ocppCode, e.message, {});
  return createRPCError('InternalError', 'Internal error', {});
}

export async function startRelay(opts: StartRelayOptions): Promise<Relay> {
  const { db, bus, instanceId } = opts;
  const log = opts.log ?? consoleLogger;
  const offlineGraceMs = opts.offlineFaultGraceMs ?? 5 * 60_000;
  const registry = new ConnectionRegistry();
  const damper = new FlapDamper(opts.flapWindowMs);
  // What each socket holds: its context, its message queue and the connectedAt it registered.
  const sockets = new WeakMap<
    RPCServerClient,
    { ctx: ConnectionContext; queue: SerialQueue; connectedAt: Date; gate: BootGate }
  >();
  // Every socket's queue until its last write (the offline mark) is done, so close() can drain them.
  const liveQueues = new Set<SerialQueue>();
  const offlineTimers = new Map<string, NodeJS.Timeout>();
  const liveEvents = busLiveEventSink(bus, {
    onError: (error) => log.warn('live event not published', { error }),
    windowMs: opts.liveEventWindowMs ?? 20,
  });
  // A session start or end also rebalances the charger's site when it is load balanced (#21).
  // … and a 2.0.1 session's meter update tells a station that shows costs its running cost (I02);
  // a 1.6 charger with CustomDisplayCostAndPrice gets the California Pricing DataTransfers.
  const events = californiaPricingOnSessionEvents(
    costUpdatesOnSessionEvents(
      rebalanceOnSessionEvents(liveEvents.sink, {
        db,
        bus,
        onError: (error, at) => log.warn('site load balancing failed', { error, ...at }),
      }),
      {
        db,
        bus,
        isOcpp201: (chargerId) => registry.get(chargerId)?.protocol === 'ocpp2.0.1',
        onError: (error, at) => log.warn('CostUpdated not sent', { error, ...at }),
      },
    ),
    {
      db,
      bus,
      // The charger's socket says its version: no read per meter update of every session.
      isOcpp16: (chargerId) => Promise.resolve(registry.get(chargerId)?.protocol === 'ocpp1.6'),
      onError: (error, at) => log.warn('California Pricing message not sent', { error, ...at }),
    },
  );
  const heartbeats = new HeartbeatBatcher(db, opts.heartbeatFlushMs ?? 1000, (error) =>
    log.error('heartbeat flush failed', { error }),
  );
  const deps: HandlerDeps = {
    db,
    events,
    heartbeats,
    log,
    bus,
    certificates: opts.certificates,
    plugAndCharge: opts.plugAndCharge,
  };
  let shuttingDown = false;
  const maxFrameBytes = opts.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;

  // Whatever this instance id held before (a crash, a restart) is stale until chargers reconnect.
  await releaseRelayInstance({ db, instanceId });
  await beatRelayInstance({ db, instanceId });

  const rpc = new RPCServer({
    protocols: [...OCPP_VERSIONS],
    strictMode: true,
    strictModeValidators: specValidators(OCPP_VERSIONS),
    callTimeoutMs: 30_000,
    pingIntervalMs: opts.pingIntervalMs ?? 60_000,
    respondWithDetailedErrors: false,
    maxBadMessages: Infinity,
    wssOptions: { maxPayload: 2 * maxFrameBytes },
  });
  rpc.on('error', (error: unknown) => log.error('OCPP server error', { error }));
  rpc.auth(
    createAuthHook({
      db,
      defaultTenantSlug: opts.defaultTenantSlug,
      log,
      certificates: opts.certificates,
      clientCertificates: opts.tls ? (opts.clientCertificates ?? 'off') : 'off',
    }),
  );
  rpc.on('client', (client: RPCServerClient) => {
    // ocpp-rpc closes the socket with the error's message as the reason when this throws, which
    // itself throws (and ends the process) past 123 bytes: a socket we cannot set up is closed here.
    try {
      onClient(client);
    } catch (error) {
      log.error('connection setup failed', { identity: client.identity, error });
      client.close({ code: 1011, reason: 'Internal error' }).catch(() => {});
    }
  });

  function onClient(client: RPCServerClient): void {
    const ctx = contextOf(client.handshake.request);
    const { chargerId } = ctx.charger;
    const current = registry.get(chargerId);
    if (current && !damper.mayReplace(chargerId, current)) {
      refuseFlapping(client, ctx);
      return;
    }
    damper.watch(client);
    const queue = new SerialQueue();
    liveQueues.add(queue);
    const connectedAt = new Date();
    const gate = new BootGate(ctx.registration);
    sockets.set(client, { ctx, queue, connectedAt, gate });

    const sendRaw = client.sendRaw.bind(client);
    client.sendRaw = (frame: string) => sendRaw(rewriteCallError(ctx.version, frame));
    client.on('badMessage', ({ buffer, response }: { buffer: Buffer; response: unknown[] | null }) =>
      restoreMessageId(buffer, response),
    );
    guardInbound(client, { maxMessageBytes: maxFrameBytes, identity: ctx.identity, log });

    const connDeps = { ...deps, conn: ctx };
    const holdThroughOutage = dbOutageGuard({
      holdMs: opts.dbOutageHoldMs,
      identity: ctx.identity,
      log,
      close: (code, reason) => void client.close({ code, reason }),
    });
    for (const [action, handler] of Object.entries(HANDLERS[ctx.version] ?? {})) {
      client.handle(action, ({ params, signal }) =>
        queue.run(async () => {
          const refused = gate.refusal(action);
          if (refused) throw createRPCError('SecurityError', refused, {});
          const badId = idOutOfRange(params);
          if (badId) throw createRPCError('PropertyConstraintViolation', badId, {});
          try {
            // Held through a database outage, never answered unstored (connection/db-outage.ts).
            const reply = await holdThroughOutage(
              action,
              async () => {
                const checked = await checkClock(ctx, action, params);
                return handler({ ...connDeps, replacedTimes: checked.replaced }, checked.params);
              },
              signal,
            );
            if (reply === NOREPLY) return reply;
            if (action === 'BootNotification') gate.booted((reply as { status: BootStatus }).status);
            if (action === 'BootNotification' && (reply as { status?: string }).status === 'Accepted')
              setImmediate(() => void followUpCancels(chargerId));
            return reply;
          } catch (e) {
            if (!(e instanceof RPCError)) log.error('handler failed', { identity: ctx.identity, action, error: e });
            throw toRpcError(e);
          }
        }),
      );
    }

    const replaced = registry.set(chargerId, client);
    if (replaced) void replaced.close({ code: 1000, reason: 'Replaced by a new connection' });
    clearTimeout(offlineTimers.get(chargerId));
    offlineTimers.delete(chargerId);

    // Queued first, so the charger's first messages are handled once it is marked online.
    markOnline(ctx, queue, connectedAt);
    log.info('charger connected', { identity: ctx.identity, version: ctx.version, tenant: ctx.tenantSlug });

    client.once('close', ({ code, reason }: { code?: number; reason?: Buffer | string }) =>
      onClose(client, ctx, queue, connectedAt, code, String(reason ?? '')),
    );
  }

  /** A second socket for an identity whose live socket replaced another moments ago (flap-damper.ts). */
  function refuseFlapping(client: RPCServerClient, ctx: ConnectionContext): void {
    log.warn('identity flapping: a second replacement within the window refused', { identity: ctx.identity });
    void client.close({ code: 1013, reason: 'Identity already connected' }).catch(() => {});
    openEventFault({
      db,
      charger: ctx.charger,
      events,
      code: FLAPPING_FAULT,
      description: `Two connections for ${ctx.identity} keep replacing each other`,
      severity: 3,
    }).catch((error: unknown) => log.error('flapping fault failed', { identity: ctx.identity, error }));
  }

  /**
   * Replaces the times no charger clock could mean by the receive time, and keeps a note of what
   * the charger sent in its message log.
   */
  async function checkClock(ctx: ConnectionContext, action: string, params: unknown) {
    const checked = withPlausibleTimes(params, { receivedAt: new Date(), registeredAt: ctx.registeredAt });
    if (checked.replaced.length === 0) return checked;
    log.warn('implausible charger time replaced by the receive time', {
      identity: ctx.identity,
      action,
      replaced: checked.replaced,
    });
    await recordChargerMessage({
      db,
      charger: ctx.charger,
      action: TIME_REPLACED_ACTION,
      payload: { action, replaced: checked.replaced },
    });
    return checked;
  }

  /** Marks the charger online as held by this socket (its connectedAt is what a later offline mark must match). */
  function markOnline(ctx: ConnectionContext, queue: SerialQueue, connectedAt: Date): void {
    void queue
      .run(() =>
        markChargerOnline({
          db,
          charger: ctx.charger,
          identity: ctx.identity,
          instanceId,
          protocol: protocolOfVersion(ctx.version),
          events,
          now: connectedAt,
        }),
      )
      .catch((error: unknown) => log.error('mark online failed', { identity: ctx.identity, error }));
  }

  function onClose(
    client: RPCServerClient,
    ctx: ConnectionContext,
    queue: SerialQueue,
    connectedAt: Date,
    code: number | undefined,
    reason: string,
  ): void {
    if (registry.release(ctx.charger.chargerId, client)) {
      damper.released(ctx.charger.chargerId);
      if (!shuttingDown) markOffline(ctx, queue, connectedAt, code, reason);
    }
    void queue.drain().then(() => liveQueues.delete(queue));
  }

  function markOffline(
    ctx: ConnectionContext,
    queue: SerialQueue,
    connectedAt: Date,
    code: number | undefined,
    reason: string,
  ): void {
    const { chargerId } = ctx.charger;
    log.info('charger disconnected', { identity: ctx.identity, code, reason });
    void queue
      .run(() =>
        markChargerOffline({ db, charger: ctx.charger, identity: ctx.identity, instanceId, connectedAt, events }),
      )
      .then((marked) => {
        if (!marked || registry.get(chargerId)) return;
        const timer = setTimeout(() => {
          offlineTimers.delete(chargerId);
          if (registry.get(chargerId)) return;
          openOfflineFault({ db, charger: ctx.charger, events }).catch((error: unknown) =>
            log.error('offline fault failed', { error }),
          );
        }, offlineGraceMs);
        timer.unref();
        offlineTimers.set(chargerId, timer);
      })
      .catch((error: unknown) => log.error('mark offline failed', { identity: ctx.identity, error }));
  }

  // With client certificates the TLS layer asks for one and lets admission decide: each operator
  // has its own CA, known only once the identity in the URL names the tenant.
  const requestCert = Boolean(opts.tls) && (opts.clientCertificates ?? 'off') !== 'off';
  const server = opts.tls
    ? https.createServer({ cert: opts.tls.cert, key: opts.tls.key, requestCert, rejectUnauthorized: false })
    : http.createServer();
  server.on(
    'request',
    healthHandler({ db, connections: () => registry.size, accepting: () => server.listening && !shuttingDown }),
  );
  server.on('upgrade', guardedUpgrade({ handleUpgrade: rpc.handleUpgrade, log }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const stopCommands = await listenForCommands({
    db,
    bus,
    instanceId,
    registry,
    log,
    gateOf: (client) => sockets.get(client)?.gate,
  });
  const stopBeating = beatAndSweep();
  const stopReservationSweep = sweepReservations();
  log.info('relay listening', { port, instanceId, tls: Boolean(opts.tls), clientCertificates: requestCert });

  /**
   * Keeps this relay's RelayInstance row fresh and releases the chargers of relays that died
   * without closing. If another relay released ours (we paused past the stale limit), the
   * chargers still connected here are marked online again, each with its own socket's connectedAt.
   */
  function beatAndSweep(): () => void {
    const staleMs = opts.relayStaleMs ?? RELAY_STALE_MS;
    let running = false;
    const timer = setInterval(() => {
      if (running || shuttingDown) return;
      running = true;
      void (async () => {
        if (await beatRelayInstance({ db, instanceId })) {
          log.warn('this relay was taken for dead; marking its chargers online again', { instanceId });
          for (const [, client] of registry.entries()) {
            const socket = sockets.get(client);
            if (socket) markOnline(socket.ctx, socket.queue, socket.connectedAt);
          }
        }
        const released = await sweepDeadRelays({ db, events, staleMs });
        if (released > 0) log.warn('released the chargers of relays that stopped answering', { released });
      })()
        .catch((error: unknown) => log.error('relay beat failed', { error }))
        .finally(() => (running = false));
    }, opts.relayBeatMs ?? RELAY_BEAT_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  /**
   * Sends the due follow-up cancels of the chargers this relay holds (all, or the one that just
   * booted: a charger that was away gets its follow-up as soon as it is accepted again). Off the
   * charger's message queue: the call waits for the charger's answer.
   */
  function followUpCancels(chargerId?: string): Promise<void> {
    if (shuttingDown) return Promise.resolve();
    return sendFollowUpCancels({
      db,
      bus,
      instanceId,
      chargerId,
      timeoutMs: opts.followUpTimeoutMs,
      retryMs: opts.followUpRetryMs,
    })
      .then((sent) => {
        if (sent > 0) log.info('follow-up reservation cancels sent', { sent, chargerId });
      })
      .catch((error: unknown) => log.error('follow-up reservation cancels failed', { error, chargerId }));
  }

  /**
   * Reservations whose request died mid-send, and reservations a charger may hold although we
   * recorded no answer. A sweep here rather than on read: the relay runs all the time and holds the
   * sockets the follow-up cancels go through; resolving on read would leave a connector blocked for
   * as long as nobody looks, and cannot send anything to the charger. One of each at a time, and apart:
   * the follow-up cancels wait for chargers' answers (up to the call timeout), which must not hold up
   * settling the reservations a dead request left pending.
   */
  function sweepReservations(): () => void {
    let settling = false;
    let following = false;
    const timer = setInterval(() => {
      if (shuttingDown) return;
      if (!settling) {
        settling = true;
        void resolveStaleReservations({ db, staleMs: opts.reservationPendingStaleMs })
          .then((moved) => {
            if (moved > 0) log.warn('settled reservations left pending by a request that stopped', { moved });
          })
          .catch((error: unknown) => log.error('stale reservation sweep failed', { error }))
          .finally(() => (settling = false));
      }
      if (!following) {
        following = true;
        void followUpCancels().finally(() => (following = false));
      }
    }, opts.reservationSweepMs ?? RESERVATION_SWEEP_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  async function close(): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    stopBeating();
    stopReservationSweep();
    // Stop accepting: no new TCP connections, no new upgrades.
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    await stopCommands();
    const held = [...registry.entries()];
    // Close every socket with Going Away once its in-flight calls are answered, then let each
    // charger's queued database writes finish.
    await Promise.allSettled(
      held.map(([, client]) => client.close({ code: 1001, reason: 'Relay shutting down', awaitPending: true })),
    );
    await Promise.allSettled([...liveQueues].map((q) => q.drain()));
    await rpc.close({ code: 1001, reason: 'Relay shutting down', force: true });
    await heartbeats.close();
    for (const timer of offlineTimers.values()) clearTimeout(timer);
    await releaseRelayInstance({ db, instanceId })
      .then(() => endRelayInstance({ db, instanceId }))
      .catch((error: unknown) => log.error('release failed', { error }));
    const at = new Date().toISOString();
    for (const [, client] of held) {
      const ctx = contextOf(client.handshake.request);
      events({ type: 'charger.offline', ...ctx.charger, identity: ctx.identity, at });
    }
    await liveEvents.flush();
    server.closeAllConnections();
    await serverClosed;
    log.info('relay stopped', { instanceId, closed: held.length });
  }

  return { port, instanceId, connections: () => registry.size, close };
}
