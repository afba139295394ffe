import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import { protocolFor, tokenOf, type InboundMessage, type OscpVersionName } from '@magma/oscp';
import { Prisma } from '@magma/db';
import { sendOscp } from './send.ts';
import { hashOscpToken, keyringOf, sealOscpToken, type OscpSettings } from './tokens.ts';

// A message from a Capacity Provider at /api/oscp/{version}/{endpoint} (#21). The token finds the
// connection (and so the tenant and site); a missing or unknown token is 401 and reads nothing
// else. The body is parsed before anything is written: a malformed body is 400 and stores
// nothing. Success is 204, as the specification answers, with X-Correlation-ID naming the request.
// What the message asks of us in return (a handshake, its acknowledgement, a rebalance of the
// site) is `after`, run once the answer is on its way.

/** A forecast of a week in 15-minute blocks is ~90 KB; nothing larger is read. */
export const OSCP_BODY_LIMIT = 256 * 1024;

export type OscpAnswer = {
  status: number;
  headers: Record<string, string>;
  body: { message: string } | null;
  /** Work the message causes, to start after answering (never throws). */
  after: (() => Promise<void>) | null;
};

export type HandleOscpDeps = {
  db: Db;
  settings: OscpSettings;
  /** Rebalances a site now that its capacity forecast changed (the load balancer's trigger). */
  rebalance: (tenantId: string, siteId: string) => Promise<unknown>;
  onError?: (error: unknown, at: { connectionId: string; what: string }) => void;
  now?: () => Date;
};

const answer = (
  status: number,
  requestId: string | null,
  message?: string,
  after?: () => Promise<void>,
): OscpAnswer => ({
  status,
  headers: {
    'x-request-id': randomUUID(),
    ...(requestId ? { 'x-correlation-id': requestId } : {}),
  },
  body: message ? { message } : null,
  after: after ?? null,
});

export async function handleOscpRequest(
  deps: HandleOscpDeps,
  {
    version,
    endpoint,
    headers,
    rawBody,
    hostTenantId,
  }: {
    version: OscpVersionName;
    endpoint: string;
    headers: Headers;
    rawBody: string;
    /** The tenant whose host the request came to, when known: another tenant's token is unknown there. */
    hostTenantId?: string | null;
  },
): Promise<OscpAnswer> {
  const now = deps.now?.() ?? new Date();
  const requestId = headers.get('x-request-id')?.trim().slice(0, 128) || null;
  const token = tokenOf(headers.get('authorization'));
  if (!token) return answer(401, requestId, 'Authorization: Token <token> is required');
  const connection = await deps.db.oscpConnection.findUnique({ where: { inboundTokenHash: hashOscpToken(token) } });
  if (
    !connection ||
    connection.version !== (version === '1.0' ? 'V1_0' : 'V2_0') ||
    (hostTenantId && connection.tenantId !== hostTenantId)
  )
    return answer(401, requestId, 'Unknown token');
  if (!requestId) return answer(400, null, 'X-Request-ID is required');

  let body: unknown;
  try {
    body = rawBody.trim() === '' ? undefined : JSON.parse(rawBody);
  } catch {
    return answer(400, requestId, 'The body is not JSON');
  }
  const parsed = protocolFor(version).parseInbound(endpoint, body);
  if (!parsed.ok) return answer(parsed.status, requestId, parsed.error);
  return apply(deps, { connection, message: parsed.message, requestId, now, version });
}

type Connection = NonNullable<Awaited<ReturnType<Db['oscpConnection']['findUnique']>>>;

async function apply(
  deps: HandleOscpDeps,
  {
    connection,
    message,
    requestId,
    now,
    version,
  }: { connection: Connection; message: InboundMessage; requestId: string; now: Date; version: OscpVersionName },
): Promise<OscpAnswer> {
  const { db, settings } = deps;
  const where = { id: connection.id };
  const protocol = protocolFor(version);
  const report = (what: string) => (e: unknown) => deps.onError?.(e, { connectionId: connection.id, what });

  switch (message.kind) {
    case 'register': {
      // The Capacity Provider's token replaces the one it gave us offline; its 2.0 URL is where we call it.
      const sealed = sealOscpToken(keyringOf(settings), connection.tenantId, message.token);
      const updated = await db.oscpConnection.update({
        where,
        data: {
          outboundTokenSealed: sealed,
          outboundTokenLast4: message.token.slice(-4),
          ...(message.baseUrl ? { baseUrl: message.baseUrl } : {}),
          status: 'REGISTERED',
          registeredAt: now,
          lastError: null,
        },
      });
      return answer(204, requestId, undefined, async () => {
        const request = protocol.handshake({ heartbeatIntervalS: updated.heartbeatIntervalS });
        if (!request) return;
        const sent = await sendOscp({ peer: updated, settings, request }).catch((e: unknown) => {
          report('handshake')(e);
          return null;
        });
        if (sent && !sent.ok)
          await db.oscpConnection.update({ where, data: { lastError: sent.error } }).catch(report('handshake'));
      });
    }
    case 'handshake': {
      const updated = await db.oscpConnection.update({
        where,
        data: {
          ...(message.heartbeatIntervalS ? { heartbeatIntervalS: message.heartbeatIntervalS } : {}),
          status: 'CONNECTED',
          handshakeAt: now,
        },
      });
      return answer(204, requestId, undefined, async () => {
        const request = protocol.handshakeAcknowledgement();
        if (!request) return;
        await sendOscp({ peer: updated, settings, request, correlationId: requestId }).catch(
          report('handshake acknowledgement'),
        );
      });
    }
    case 'handshake-acknowledgement':
      await db.oscpConnection.update({ where, data: { status: 'CONNECTED', handshakeAt: now, lastError: null } });
      return answer(204, requestId);
    case 'heartbeat':
      await db.oscpConnection.update({
        where,
        data: { lastHeartbeatReceivedAt: now, peerOfflineAt: new Date(message.offlineModeAtMs) },
      });
      return answer(204, requestId);
    case 'forecast': {
      const { forecast } = message;
      if (forecast.groupId !== connection.groupId)
        return answer(
          400,
          requestId,
          `Unknown group ${forecast.groupId}: this connection is for group ${connection.groupId}`,
        );
      const stored = await storeForecast(db, { connection, forecast, requestId, now });
      if (!stored) return answer(204, requestId); // the same X-Request-ID again: stored once, no second rebalance
      return answer(204, requestId, undefined, () =>
        deps.rebalance(connection.tenantId, connection.siteId).then(() => undefined, report('rebalance')),
      );
    }
  }
}

/** Stores a forecast once per X-Request-ID; false when that request was already stored. */
async function storeForecast(
  db: Db,
  {
    connection,
    forecast,
    requestId,
    now,
  }: {
    connection: Connection;
    forecast: Extract<InboundMessage, { kind: 'forecast' }>['forecast'];
    requestId: string;
    now: Date;
  },
): Promise<boolean> {
  const blocks = forecast.blocks;
  try {
    await db.oscpForecast.create({
      data: {
        tenantId: connection.tenantId,
        connectionId: connection.id,
        groupId: forecast.groupId,
        type: forecast.type,
        blocks: blocks.map((b) => ({ ...b })),
        startsAt: new Date(blocks[0]!.startMs),
        endsAt: new Date(blocks.at(-1)!.endMs),
        requestId,
        receivedAt: now,
      },
    });
    return true;
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') return false;
    throw e;
  }
}
