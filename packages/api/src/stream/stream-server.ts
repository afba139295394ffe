import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { ApiPrincipal } from '@magma/core/oauth';
import type { EventFeed, StreamRow } from './event-feed.ts';
import { CLOSE, clientMessage, eventFrame, STREAM_PATH, wants, type Subscription } from './protocol.ts';

// wss://<host>/api/v1/stream: the tenant's catalogue events pushed as they are committed, for API
// tokens (OAuth client tokens and personal tokens, verified like REST's). Mounted on the web
// process's HTTP server for that one path (apps/web/next-server.mjs); every other upgrade is Next's.

export type StreamLimits = {
  /** A connection without a token in its upgrade request must send `auth` within this. */
  authTimeoutMs: number;
  /** The largest client message; ws closes with 1009 beyond it. */
  maxMessageBytes: number;
  /** Events queued for a client beyond this (it does not read): closed with 4008, never buffered on. */
  maxBufferedBytes: number;
  pingMs: number;
  /** How often the token is verified again (expired, revoked, client disabled: closed with 4401). */
  recheckMs: number;
  connectionsPerToken: number;
  messagesPerMinute: number;
};

export const DEFAULT_STREAM_LIMITS: StreamLimits = {
  authTimeoutMs: 5_000,
  maxMessageBytes: 4_096,
  maxBufferedBytes: 1_048_576,
  pingMs: 30_000,
  recheckMs: 60_000,
  connectionsPerToken: 5,
  messagesPerMinute: 60,
};

export type StreamServerDeps = {
  feed: EventFeed;
  verifyToken(token: string): Promise<ApiPrincipal | null>;
  /** The operator this host serves: its id, 'any' on the API host (the token names it), null for none. */
  hostTenant(host: string | null): Promise<string | 'any' | null>;
  limits?: Partial<StreamLimits>;
  onError?: (e: unknown) => void;
};

export type StreamServer = {
  /** Takes the upgrade when it is for the stream's path; false leaves it to the caller. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  connections(): number;
  close(): Promise<void>;
};

export function isStreamRequest(url: string | undefined): boolean {
  return (url ?? '').split('?')[0] === STREAM_PATH;
}

export function createStreamServer(deps: StreamServerDeps): StreamServer {
  const limits = { ...DEFAULT_STREAM_LIMITS, ...deps.limits };
  const wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, clientTracking: true });
  const perToken = new Map<string, number>();
  const onError = deps.onError ?? (() => {});

  function connection(ws: WebSocket, req: IncomingMessage) {
    let principal: ApiPrincipal | null = null;
    let token: string | null = null;
    let sub: Subscription | null = null;
    let unlisten: (() => void) | null = null;
    /** Live rows that arrive while a replay is being read; sent after it. */
    let held: StreamRow[] | null = null;
    let alive = true;
    let verifiedAt = Date.now();
    const recent: number[] = [];
    let chain = Promise.resolve();

    const close = (code: number, reason: string) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      ws.close(code, reason);
      // A client that does not read will not read the close frame either.
      setTimeout(() => ws.terminate(), 1_000).unref();
    };
    const send = (frame: string) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      if (ws.bufferedAmount > limits.maxBufferedBytes) return close(CLOSE.TOO_SLOW, 'client too slow: events dropped');
      ws.send(frame);
    };
    const sendJson = (message: Record<string, unknown>) => send(JSON.stringify(message));
    const deliver = (row: StreamRow) => {
      if (!principal || !sub || !wants(principal, sub, row)) return;
      if (held) held.push(row);
      else send(eventFrame(row));
    };

    const authTimer = setTimeout(() => {
      if (!principal) close(CLOSE.UNAUTHORIZED, 'authentication timeout: send {"type":"auth","token":…}');
    }, limits.authTimeoutMs);
    authTimer.unref();

    const tick = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
      if (principal && token && Date.now() - verifiedAt >= limits.recheckMs) {
        const current = token;
        chain = chain.then(async () => {
          verifiedAt = Date.now();
          if (!(await deps.verifyToken(current))) close(CLOSE.UNAUTHORIZED, 'token expired or revoked');
        });
      }
    }, limits.pingMs);
    tick.unref();
    ws.on('pong', () => (alive = true));

    async function authenticate(candidate: string) {
      const p = await deps.verifyToken(candidate);
      if (!p) return close(CLOSE.UNAUTHORIZED, 'invalid, expired or revoked token');
      const served = await deps.hostTenant(req.headers.host ?? null);
      if (served === null) return close(CLOSE.FORBIDDEN, 'no operator is served on this host');
      if (served !== 'any' && served !== p.tenantId)
        return close(CLOSE.FORBIDDEN, 'this token belongs to another operator: use its own host or the API host');
      const open = perToken.get(p.tokenId) ?? 0;
      if (open >= limits.connectionsPerToken)
        return close(CLOSE.RATE_LIMITED, `at most ${limits.connectionsPerToken} connections per token`);
      if (ws.readyState !== WebSocket.OPEN) return;
      perToken.set(p.tokenId, open + 1);
      principal = p;
      token = candidate;
      verifiedAt = Date.now();
      clearTimeout(authTimer);
      sendJson({ type: 'ready', tenantId: p.tenantId, vendorId: p.vendorId, role: p.role, scopes: p.scopes });
    }

    async function subscribe(message: Subscription) {
      if (!principal) return close(CLOSE.UNAUTHORIZED, 'authenticate first');
      sub = message;
      if (!unlisten) {
        held = [];
        unlisten = await deps.feed.listen(principal.tenantId, deliver);
      }
      sendJson({ type: 'subscribed', events: message.events ?? [], scope: message.scope ?? {} });
      if (message.lastEventId === undefined) {
        flush(new Set());
        return;
      }
      held ??= [];
      const replay = await deps.feed.replay(principal.tenantId, BigInt(message.lastEventId));
      if (replay.kind === 'resync_required') {
        const latest = await deps.feed.latestId();
        sendJson({ type: 'resync_required', reason: replay.reason, latestEventId: latest.toString() });
        flush(new Set());
        return;
      }
      const sent = new Set<bigint>();
      for (const row of replay.rows) {
        sent.add(row.id);
        if (wants(principal, message, row)) send(eventFrame(row));
      }
      flush(sent);
    }

    function flush(sent: Set<bigint>) {
      const rows = held ?? [];
      held = null;
      for (const row of rows) if (!sent.has(row.id)) send(eventFrame(row));
    }

    ws.on('message', (data: RawData, isBinary: boolean) => {
      const now = Date.now();
      recent.push(now);
      while (recent.length > 0 && recent[0]! < now - 60_000) recent.shift();
      if (recent.length > limits.messagesPerMinute)
        return close(CLOSE.RATE_LIMITED, `at most ${limits.messagesPerMinute} messages a minute`);
      let parsed;
      try {
        parsed = isBinary ? null : clientMessage.safeParse(JSON.parse(rawText(data)));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) {
        const why = parsed?.error.issues[0]?.message ?? 'not a JSON text message';
        return close(CLOSE.BAD_MESSAGE, `bad message: ${why}`.slice(0, 120));
      }
      const message = parsed.data;
      chain = chain
        .then(async () => {
          if (message.type === 'ping') return sendJson({ type: 'pong' });
          if (message.type === 'auth') {
            if (principal) return close(CLOSE.BAD_MESSAGE, 'already authenticated');
            return authenticate(message.token);
          }
          return subscribe(message);
        })
        .catch((e: unknown) => {
          onError(e);
          close(1011, 'internal error');
        });
    });

    ws.on('close', () => {
      clearTimeout(authTimer);
      clearInterval(tick);
      unlisten?.();
      if (principal) {
        const left = (perToken.get(principal.tokenId) ?? 1) - 1;
        if (left > 0) perToken.set(principal.tokenId, left);
        else perToken.delete(principal.tokenId);
      }
    });
    ws.on('error', onError);

    const header = /^Bearer\s+([\x21-\x7e]{1,4096})$/i.exec((req.headers.authorization ?? '').trim());
    if (header) chain = chain.then(() => authenticate(header[1]!)).catch(onError);
  }

  return {
    handleUpgrade(req, socket, head) {
      if (!isStreamRequest(req.url)) return false;
      wss.handleUpgrade(req, socket, head, (ws) => connection(ws, req));
      return true;
    },
    connections: () => wss.clients.size,
    async close() {
      for (const ws of wss.clients) ws.close(CLOSE.GONE, 'server stopping');
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await deps.feed.close();
    },
  };
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}
