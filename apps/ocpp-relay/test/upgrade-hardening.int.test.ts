import net from 'node:net';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, type Harness } from './support.ts';

// Malformed WebSocket upgrade requests thrown at a running relay over raw TCP: each must get a 4xx
// and a closed socket, and the relay must go on serving the chargers it holds and new ones.

let h: Harness;
let held: RPCClient;

beforeAll(async () => {
  h = await startHarness();
  const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  held = await connect(h.url, c.identity, 'ocpp1.6');
});
afterAll(async () => {
  await held?.close();
  await h?.stop();
});

type Answer = { status: number | null; closed: boolean };

/** Writes raw bytes, then waits for the status line and the close (or gives up after timeoutMs). */
function rawRequest(port: number, request: string | Buffer, timeoutMs = 4000): Promise<Answer> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let settled = false;
    const done = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(received)?.[1];
      resolve({ status: status ? Number(status) : null, closed });
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', () => done(true));
    socket.on('close', () => done(true));
    socket.on('connect', () => socket.write(request));
  });
}

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

/** An upgrade request; `headers` replace the defaults (null drops one), `extra` lines are appended as is. */
function upgrade(
  path: string,
  {
    headers = {},
    extra = [],
    method = 'GET',
  }: { headers?: Record<string, string | null>; extra?: string[]; method?: string } = {},
): string {
  const base: Record<string, string | null> = {
    Host: '127.0.0.1',
    Connection: 'Upgrade',
    Upgrade: 'websocket',
    'Sec-WebSocket-Version': '13',
    'Sec-WebSocket-Key': KEY,
    'Sec-WebSocket-Protocol': 'ocpp1.6',
    ...headers,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `${method} ${path} HTTP/1.1\r\n${[...lines, ...extra].join('\r\n')}\r\n\r\n`;
}

// The status each must get; null: any 4xx (the admission hook's answer, not the handshake check's).
const CORPUS: [string, string | Buffer, number | null][] = [
  ['bad percent-encoding in the identity (tenant path)', upgrade('/ocpp/demo/%E0%A4%A'), 400],
  ['bad percent-encoding in the identity', upgrade('/ocpp/%E0%A4%A'), 400],
  ['bad percent-encoding before a trailing slash', upgrade('/ocpp/acme/%E0%A4%A/'), 400],
  ['a lone percent sign', upgrade('/ocpp/acme/%'), 400],
  ['percent-encoded non-hex', upgrade('/ocpp/acme/%ZZ'), 400],
  ['percent-encoded surrogate (invalid UTF-8)', upgrade('/ocpp/acme/%ED%A0%80'), 400],
  ['percent-encoded NUL in the identity', upgrade('/ocpp/acme/CP%00X'), 400],
  ['percent-encoded control character', upgrade('/ocpp/acme/CP%0AX'), 400],
  ['raw NUL in the path', upgrade('/ocpp/acme/CP\u0000X'), 400],
  ['over-long path', upgrade(`/ocpp/acme/${'A'.repeat(4000)}`), 414],
  ['path beyond the header limit', upgrade(`/ocpp/acme/${'A'.repeat(70_000)}`), 431],
  ['absolute-form target', upgrade('http://evil.example/ocpp/acme/CP-1'), 400],
  ['asterisk target', upgrade('*'), 400],
  ['missing key', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Key': null } }), 400],
  ['malformed key', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Key': 'not-base64!' } }), 400],
  ['duplicate keys', upgrade('/ocpp/acme/CP-X', { extra: ['Sec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA=='] }), 400],
  ['wrong version', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Version': '12' } }), 426],
  ['missing version', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Version': null } }), 426],
  ['duplicate versions', upgrade('/ocpp/acme/CP-X', { extra: ['Sec-WebSocket-Version: 13'] }), 426],
  ['upgrade to something else', upgrade('/ocpp/acme/CP-X', { headers: { Upgrade: 'h2c' } }), 400],
  ['duplicate upgrade headers', upgrade('/ocpp/acme/CP-X', { extra: ['Upgrade: websocket'] }), 400],
  ['POST upgrade', upgrade('/ocpp/acme/CP-X', { method: 'POST' }), 405],
  ['unknown subprotocol', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': 'ocpp9.9' } }), null],
  ['empty subprotocol', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': '' } }), 400],
  ['a lone comma as subprotocol', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': ',' } }), 400],
  [
    'subprotocol offered twice',
    upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': 'ocpp1.6, ocpp1.6' } }),
    400,
  ],
  ['duplicate subprotocol headers', upgrade('/ocpp/acme/CP-X', { extra: ['Sec-WebSocket-Protocol: ocpp1.6'] }), 400],
  [
    'subprotocol with a separator',
    upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': 'ocpp1.6;q=1' } }),
    400,
  ],
  ['no subprotocol', upgrade('/ocpp/acme/CP-X', { headers: { 'Sec-WebSocket-Protocol': null } }), null],
  ['garbage Basic credentials', upgrade('/ocpp/acme/CP-X', { headers: { Authorization: 'Basic !!!' } }), null],
  ['absurd header size', upgrade('/ocpp/acme/CP-X', { headers: { 'X-Filler': 'x'.repeat(100_000) } }), 431],
  [
    'absurd header count',
    upgrade('/ocpp/acme/CP-X', { extra: Array.from({ length: 5000 }, (_, i) => `X-H${i}: ${i}`) }),
    431,
  ],
  ['missing Host', upgrade('/ocpp/acme/CP-X', { headers: { Host: null } }), null],
  ['not HTTP at all', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x00, 0x0a, 0x0d, 0x0a, 0x0d, 0x0a]), 400],
];

describe('malformed upgrade requests', () => {
  it.each(CORPUS)('%s gets a 4xx and the socket is closed', async (_name, request, status) => {
    const answer = await rawRequest(h.relay.port, request);
    expect(answer.closed).toBe(true);
    if (status !== null) expect(answer.status).toBe(status);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
  });

  it('the whole corpus at once, then the held charger is still served and a new one connects', async () => {
    const answers = await Promise.all(CORPUS.map(([, request]) => rawRequest(h.relay.port, request)));
    for (const a of answers) {
      expect(a.closed).toBe(true);
      expect(a.status).toBeGreaterThanOrEqual(400);
      expect(a.status).toBeLessThan(500);
    }
    const beat = (await held.call('Heartbeat', {})) as { currentTime: string };
    expect(typeof beat.currentTime).toBe('string');
    expect(h.relay.connections()).toBeGreaterThanOrEqual(1);

    const fresh = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const client = await connect(h.url, fresh.identity, 'ocpp2.0.1');
    const res = (await client.call('Heartbeat', {})) as { currentTime: string };
    expect(typeof res.currentTime).toBe('string');
    await client.close();
  });
});
