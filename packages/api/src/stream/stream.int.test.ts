import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { startTransaction } from '@magma/core/charging';
import {
  API_SCOPES,
  createApiClient,
  issueClientToken,
  oauthKeyring,
  verifyAccessToken,
  type ApiScope,
} from '@magma/core/oauth';
import { tenantScope } from '../core.ts';
import { buildWorld, type World } from '../../test/isolation/world.ts';
import { EventFeed } from './event-feed.ts';
import { CLOSE } from './protocol.ts';
import { createStreamServer, type StreamServer } from './stream-server.ts';

// The event stream end to end: a plain HTTP server takes the upgrade the way the web process does
// (next-server.mjs: the stream's path to the stream server, every other path elsewhere), real ws
// clients, real tokens, events written by the real use cases into the real EventLog.

let t: TestDatabase;
let w: World;
let server: http.Server;
let stream: StreamServer;
let url: string;
let otherUpgrades = 0;
const keyring = oauthKeyring({ fallbackSecret: 'stream-test-secret-0123456789abcdef-0123' });
const ALL_READ: ApiScope[] = API_SCOPES.filter((s) => s.endsWith(':read'));
const tokens: Record<'admin' | 'vendor' | 'adminB', string> = { admin: '', vendor: '', adminB: '' };

async function clientToken(tenantId: string, role: 'OPERATOR_ADMIN' | 'VENDOR_USER', vendorId: string | null = null) {
  const scopes = role === 'VENDOR_USER' ? (['chargers:read', 'sessions:read'] as ApiScope[]) : ALL_READ;
  const { client, clientSecret } = await createApiClient({
    db: t.db,
    scope: tenantScope(tenantId),
    input: { name: `${role} stream`, role, vendorId, scopes },
  });
  const res = await issueClientToken({
    db: t.db,
    keyring,
    issuer: 'https://api.test',
    tenantId,
    credentials: { clientId: client.clientId, clientSecret },
    grantType: 'client_credentials',
    scope: undefined,
    address: '127.0.0.1',
  });
  return res.access_token;
}

type Message = { type: string; [k: string]: unknown };

/** A ws client that keeps every message, and waits for the one it wants. */
function aClient(headers: Record<string, string> = {}, at = url) {
  const ws = new WebSocket(at, { headers });
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('message', (data: Buffer) => {
    messages.push(JSON.parse(data.toString()) as Message);
    for (const w of waiters.splice(0)) w();
  });
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    opened,
    send: async (m: unknown) => {
      await opened;
      ws.send(JSON.stringify(m));
    },
    async next(pred: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const hit = messages.find(pred);
        if (hit) return hit;
        if (Date.now() > end) throw new Error(`no such message; got ${JSON.stringify(messages)}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 100);
        });
      }
    },
    events: () => messages.filter((m) => m.type === 'event') as (Message & { id: string; event: Message })[],
  };
}

let cards = 0;
/** Starts a session through the charging use case; answers its card (the event's idTag). */
async function startSession(chargerId: string, tenantId: string): Promise<string> {
  const idTag = `CARD-${++cards}`;
  await startTransaction({
    db: t.db,
    charger: { tenantId, chargerId },
    input: { connectorId: 1, idTag, meterStartWh: 0, timestamp: new Date() },
  });
  return idTag;
}

const subscribed = (c: ReturnType<typeof aClient>) => c.next((m) => m.type === 'subscribed');

beforeAll(async () => {
  t = await createTestDatabase({ max: 6 });
  w = await buildWorld(t.db);
  tokens.admin = await clientToken(w.A.id, 'OPERATOR_ADMIN');
  tokens.vendor = await clientToken(w.A.id, 'VENDOR_USER', w.a1.id);
  tokens.adminB = await clientToken(w.B.id, 'OPERATOR_ADMIN');
  stream = createStreamServer({
    feed: new EventFeed({ db: t.db, pollMs: 50, bound: { maxEvents: 5, maxAgeMs: 15 * 60_000 } }),
    verifyToken: (token) => verifyAccessToken({ db: t.db, token }),
    hostTenant: async () => 'any',
    limits: { authTimeoutMs: 500, connectionsPerToken: 20 },
  });
  server = http.createServer();
  server.on('upgrade', (req, socket, head) => {
    if (stream.handleUpgrade(req, socket, head)) return;
    otherUpgrades++;
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/stream`;
}, 60_000);
afterAll(async () => {
  await stream?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  await t?.drop();
});

describe('/api/v1/stream', () => {
  it('authenticates by header and pushes a session.started a real use case wrote', async () => {
    const c = aClient({ authorization: `Bearer ${tokens.admin}` });
    expect(await c.next((m) => m.type === 'ready')).toMatchObject({ tenantId: w.A.id, role: 'OPERATOR_ADMIN' });
    await c.send({ type: 'subscribe', events: ['session.*'] });
    await subscribed(c);
    const started = await startSession(w.ca1.id, w.A.id);
    const e = await c.next((m) => m.type === 'event');
    expect(e).toMatchObject({
      event: { type: 'session.started', version: 1, data: { idTag: started, chargerId: w.ca1.id } },
    });
    expect(e.id).toMatch(/^\d+$/);
    c.ws.close();
  });

  it('authenticates by a first message, and filters by the subscription and its scope', async () => {
    const c = aClient();
    await c.send({ type: 'auth', token: tokens.admin });
    await c.next((m) => m.type === 'ready');
    await c.send({ type: 'subscribe', events: ['session.started'], scope: { chargerId: w.ca2.id } });
    await subscribed(c);
    await startSession(w.ca1.id, w.A.id);
    const mine = await startSession(w.ca2.id, w.A.id);
    const e = await c.next((m) => m.type === 'event');
    expect(e).toMatchObject({ event: { data: { idTag: mine } } });
    expect(c.events()).toHaveLength(1);
    c.ws.close();
  });

  it.each([
    ['a bad token in the header', { authorization: 'Bearer not-a-token' }, null],
    ['a bad token in the first message', {}, 'not-a-token'],
    ['no token within the auth timeout', {}, null],
  ])('closes with 4401 on %s', async (_, headers, token) => {
    const c = aClient(headers);
    if (token) await c.send({ type: 'auth', token });
    expect((await c.closed).code).toBe(CLOSE.UNAUTHORIZED);
    expect(c.messages.some((m) => m.type === 'ready')).toBe(false);
  });

  it("gives a vendor's token its own chargers' events only, and another operator's token nothing", async () => {
    const vendor = aClient({ authorization: `Bearer ${tokens.vendor}` });
    const other = aClient({ authorization: `Bearer ${tokens.adminB}` });
    const admin = aClient({ authorization: `Bearer ${tokens.admin}` });
    for (const c of [vendor, other, admin]) {
      await c.next((m) => m.type === 'ready');
      await c.send({ type: 'subscribe' });
      await subscribed(c);
    }
    const theirs = await startSession(w.ca2.id, w.A.id); // vendor a2's charger
    const own = await startSession(w.ca1.id, w.A.id); // vendor a1's charger
    await admin.next(() => admin.events().length >= 2);
    const ids = (c: typeof admin) => c.events().map((e) => (e.event.data as { idTag?: string }).idTag);
    expect(ids(admin)).toEqual(expect.arrayContaining([theirs, own]));
    await vendor.next((m) => m.type === 'event');
    expect(ids(vendor)).toEqual([own]);
    expect(other.events()).toEqual([]);
    for (const c of [vendor, other, admin]) c.ws.close();
  });

  it('replays the events missed since lastEventId after a reconnect, and asks for a resync beyond the bound', async () => {
    const first = aClient({ authorization: `Bearer ${tokens.admin}` });
    await first.next((m) => m.type === 'ready');
    await first.send({ type: 'subscribe', events: ['session.started'] });
    await subscribed(first);
    await startSession(w.ca1.id, w.A.id);
    const last = await first.next((m) => m.type === 'event');
    first.ws.close();
    await first.closed;

    // Missed while away: two sessions.
    const missed = [await startSession(w.ca1.id, w.A.id), await startSession(w.ca2.id, w.A.id)];
    const again = aClient({ authorization: `Bearer ${tokens.admin}` });
    await again.next((m) => m.type === 'ready');
    await again.send({ type: 'subscribe', events: ['session.started'], lastEventId: last.id as string });
    await again.next(() => again.events().length >= 2);
    const replayed = again.events();
    expect(replayed.map((e) => (e.event.data as { idTag: string }).idTag)).toEqual(missed);
    expect(BigInt(replayed[0]!.id)).toBeGreaterThan(BigInt(last.id as string));
    expect(BigInt(replayed[1]!.id)).toBeGreaterThan(BigInt(replayed[0]!.id));
    again.ws.close();

    // Beyond the bound (this server keeps 5 events for replay): a clear resync_required.
    for (let i = 0; i < 6; i++) await startSession(w.ca1.id, w.A.id);
    const late = aClient({ authorization: `Bearer ${tokens.admin}` });
    await late.next((m) => m.type === 'ready');
    await late.send({ type: 'subscribe', lastEventId: last.id });
    expect(await late.next((m) => m.type === 'resync_required')).toMatchObject({
      reason: expect.stringMatching(/more than 5 events/) as unknown,
      latestEventId: expect.stringMatching(/^\d+$/) as unknown,
    });
    expect(late.events()).toEqual([]);
    late.ws.close();
  });

  it('closes on a bad message and on one beyond the size cap, and leaves other paths alone', async () => {
    const c = aClient({ authorization: `Bearer ${tokens.admin}` });
    await c.next((m) => m.type === 'ready');
    await c.send({ type: 'subscribe', events: ['no.such'] });
    expect((await c.closed).code).toBe(CLOSE.BAD_MESSAGE);

    const big = aClient({ authorization: `Bearer ${tokens.admin}` });
    await big.send({ type: 'auth', token: 'x'.repeat(5000) });
    expect((await big.closed).code).toBe(CLOSE.TOO_LARGE);

    const before = otherUpgrades;
    const elsewhere = new WebSocket(url.replace('/api/v1/stream', '/_next/webpack-hmr'));
    await new Promise((r) => elsewhere.on('error', r));
    expect(otherUpgrades).toBe(before + 1);
  });

  it('closes with 4429 beyond the connections of one token, and beyond the messages of one connection', async () => {
    const strict = createStreamServer({
      feed: new EventFeed({ db: t.db, pollMs: 50 }),
      verifyToken: (token) => verifyAccessToken({ db: t.db, token }),
      hostTenant: async () => 'any',
      limits: { connectionsPerToken: 1, messagesPerMinute: 3 },
    });
    const plain = http.createServer();
    plain.on('upgrade', (req, socket, head) => void strict.handleUpgrade(req, socket, head));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const at = `ws://127.0.0.1:${(plain.address() as AddressInfo).port}/api/v1/stream`;
    try {
      const first = aClient({ authorization: `Bearer ${tokens.admin}` }, at);
      await first.next((m) => m.type === 'ready');
      const second = aClient({ authorization: `Bearer ${tokens.admin}` }, at);
      expect((await second.closed).code).toBe(CLOSE.RATE_LIMITED);
      for (let i = 0; i < 4; i++) await first.send({ type: 'ping' });
      expect((await first.closed).code).toBe(CLOSE.RATE_LIMITED);
      // The closed connection gave its place back.
      const third = aClient({ authorization: `Bearer ${tokens.admin}` }, at);
      expect(await third.next((m) => m.type === 'ready')).toMatchObject({ tenantId: w.A.id });
      third.ws.close();
    } finally {
      await strict.close();
      await new Promise<void>((r) => plain.close(() => r()));
    }
  });
});
