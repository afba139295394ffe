import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASIC_AUTH_IDENTITY_LIMIT, NOT_ADMITTED } from '@magma/core/chargers';
import { sendChargerCommand } from '@magma/core/commands';
import { aCharger, anIdentity, connect, startHarness, waitFor, type Harness } from './support.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** Attempts an upgrade and reports the HTTP status and body the relay refused it with. */
function refusal(
  url: string,
  protocols: string[],
  headers: Record<string, string> = {},
  wsOpts: WebSocket.ClientOptions = {},
) {
  return new Promise<{ status: number; body: string } | 'open'>((resolve) => {
    const ws = new WebSocket(url, protocols, { headers, ...wsOpts });
    ws.on('open', () => {
      ws.close();
      resolve('open');
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', () => {});
  });
}

const basic = (identity: string, password: string) => ({
  authorization: `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`,
});

describe('admission', () => {
  it('refuses a charger that offers neither ocpp1.6 nor ocpp2.0.1, saying why', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const r = await refusal(`${h.url}/${c.identity}`, ['ocpp1.5', 'ocpp2.1']);
    expect(r).toMatchObject({ status: 400 });
    expect(r !== 'open' && r.body).toMatch(/ocpp1\.6, ocpp2\.0\.1/);
  });

  it('refuses an unknown identity under the default REJECT policy', async () => {
    const r = await refusal(`${h.url}/${anIdentity('NOPE')}`, ['ocpp1.6']);
    expect(r).toEqual({ status: 401, body: NOT_ADMITTED });
    expect(await h.db.charger.count({ where: { identity: { startsWith: 'NOPE' } } })).toBe(0);
  });

  it('refuses an unknown endpoint path', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const r = await refusal(`ws://127.0.0.1:${h.relay.port}/other/${c.identity}`, ['ocpp1.6']);
    expect(r).toMatchObject({ status: 404 });
  });

  describe('security profile 1 (HTTP Basic)', () => {
    it.each([
      ['no password', undefined, 401],
      ['a wrong password', 'wrong-password-123456', 401],
      ['the right password', 'right-password-123456', 'open'],
    ] as const)('with %s', async (_n, password, expected) => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, password: 'right-password-123456' });
      const r = await refusal(`${h.url}/${c.identity}`, ['ocpp1.6'], password ? basic(c.identity, password) : {});
      if (expected === 'open') expect(r).toBe('open');
      else expect(r).toMatchObject({ status: expected });
    });

    it('limits wrong passwords per identity and per address: the 11th try is refused even with the right one', async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, password: 'right-password-123456' });
      const other = await aCharger(h.db, { tenantId: h.tenant.id, password: 'right-password-123456' });
      const from = (localAddress: string, identity: string, password: string) =>
        refusal(`${h.url}/${identity}`, ['ocpp1.6'], basic(identity, password), { localAddress });
      for (let i = 0; i < BASIC_AUTH_IDENTITY_LIMIT.limit; i++)
        expect(await from('127.0.0.2', c.identity, `wrong-password-${i}-xxxxx`)).toEqual({
          status: 401,
          body: NOT_ADMITTED,
        });
      expect(await from('127.0.0.2', c.identity, 'right-password-123456')).toEqual({ status: 401, body: NOT_ADMITTED });
      expect(await from('127.0.0.3', c.identity, 'right-password-123456')).toEqual({ status: 401, body: NOT_ADMITTED });
      const bucket = await h.db.rateLimitBucket.findUniqueOrThrow({ where: { key: 'ocpp-basic:addr:127.0.0.2' } });
      expect(bucket.count).toBeGreaterThanOrEqual(BASIC_AUTH_IDENTITY_LIMIT.limit);
      expect(await from('127.0.0.2', other.identity, 'right-password-123456')).toBe('open');
    });

    it('admits a charger without a stored password with no credentials', async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id });
      expect(await refusal(`${h.url}/${c.identity}`, ['ocpp2.0.1'])).toBe('open');
    });

    it('refuses a profile 2 charger over plain ws', async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, password: 'right-password-123456', securityProfile: 2 });
      const r = await refusal(`${h.url}/${c.identity}`, ['ocpp1.6'], basic(c.identity, 'right-password-123456'));
      expect(r).toMatchObject({ status: 401 });
    });
  });

  describe('tenant-scoped endpoint and unknown-charger policy', () => {
    it('PENDING registers the charger as pending and BootNotification answers Pending', async () => {
      const t = await h.db.tenant.create({
        data: { slug: 'pend-co', name: 'Pending Co', unknownChargerPolicy: 'PENDING', heartbeatIntervalSec: 60 },
      });
      const identity = anIdentity('NEW');
      const client = await connect(`${h.url}/pend-co`, identity, 'ocpp2.0.1');
      const boot = await client.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { model: 'X', vendorName: 'Y' },
      });
      expect(boot).toMatchObject({ status: 'Pending', interval: 60 });
      const row = await h.db.charger.findFirstOrThrow({ where: { identity } });
      expect(row).toMatchObject({ tenantId: t.id, registration: 'PENDING', protocol: 'OCPP201' });
      await client.close();
    });

    it('ACCEPT registers and accepts', async () => {
      await h.db.tenant.create({ data: { slug: 'open-co', name: 'Open Co', unknownChargerPolicy: 'ACCEPT' } });
      const identity = anIdentity('NEW');
      const client = await connect(`${h.url}/open-co`, identity, 'ocpp1.6');
      const boot = await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      expect(boot).toMatchObject({ status: 'Accepted' });
      expect((await h.db.charger.findFirstOrThrow({ where: { identity } })).registration).toBe('ACCEPTED');
      await client.close();
    });

    it('the plain endpoint registers unknown chargers in the default tenant', async () => {
      await h.db.tenant.update({ where: { id: h.tenant.id }, data: { unknownChargerPolicy: 'ACCEPT' } });
      const identity = anIdentity('DEF');
      const client = await connect(h.url, identity, 'ocpp1.6');
      expect((await h.db.charger.findFirstOrThrow({ where: { identity } })).tenantId).toBe(h.tenant.id);
      await client.close();
      await h.db.tenant.update({ where: { id: h.tenant.id }, data: { unknownChargerPolicy: 'REJECT' } });
    });

    it("refuses a known charger on another (REJECT) tenant's endpoint, and an unknown tenant", async () => {
      await h.db.tenant.create({ data: { slug: 'shut-co', name: 'Shut Co' } });
      const c = await aCharger(h.db, { tenantId: h.tenant.id });
      expect(await refusal(`${h.url}/shut-co/${c.identity}`, ['ocpp1.6'])).toEqual({ status: 401, body: NOT_ADMITTED });
      expect(await refusal(`${h.url}/no-such-tenant/${anIdentity()}`, ['ocpp1.6'])).toEqual({
        status: 401,
        body: NOT_ADMITTED,
      });
      expect(await refusal(`${h.url}/acme/${c.identity}`, ['ocpp1.6'])).toBe('open');
    });

    it('a second tenant registers an identity the ACCEPT tenant self-registered; the plain endpoint reaches it', async () => {
      const open = await h.db.tenant.findUniqueOrThrow({ where: { slug: 'open-co' } });
      const identity = anIdentity('SQUAT');
      expect(await refusal(`${h.url}/open-co/${identity}`, ['ocpp1.6'])).toBe('open');
      const theirs = await aCharger(h.db, { tenantId: h.tenant.id, identity, password: 'acme-password-123456' });
      const rows = await h.db.charger.findMany({ where: { identity }, orderBy: { createdAt: 'asc' } });
      expect(rows.map((r) => [r.tenantId, r.origin])).toEqual([
        [open.id, 'SELF_REGISTERED'],
        [h.tenant.id, 'OPERATOR'],
      ]);
      const client = await connect(h.url, identity, 'ocpp1.6', { password: 'acme-password-123456' });
      await waitFor(() => h.db.charger.findFirst({ where: { id: theirs.id, online: true } }));
      await client.close();
    });

    it('the plain endpoint refuses an identity two tenants registered, with the same answer as any refusal', async () => {
      const other = await h.db.tenant.create({ data: { slug: 'twin-co', name: 'Twin Co' } });
      const identity = anIdentity('TWIN');
      await aCharger(h.db, { tenantId: h.tenant.id, identity });
      await aCharger(h.db, { tenantId: other.id, identity });
      expect(await refusal(`${h.url}/${identity}`, ['ocpp1.6'])).toEqual({ status: 401, body: NOT_ADMITTED });
      expect(await refusal(`${h.url}/acme/${identity}`, ['ocpp1.6'])).toBe('open');
      expect(await refusal(`${h.url}/twin-co/${identity}`, ['ocpp1.6'])).toBe('open');
    });

    it("two tenants' chargers with one identity are online together; boot and commands reach the right one", async () => {
      const other = await h.db.tenant.create({
        data: { slug: 'pair-co', name: 'Pair Co', heartbeatIntervalSec: 77 },
      });
      const identity = anIdentity('PAIR');
      const ours = await aCharger(h.db, { tenantId: h.tenant.id, identity });
      const theirs = await aCharger(h.db, { tenantId: other.id, identity });
      const a = await connect(`${h.url}/acme`, identity, 'ocpp1.6');
      const b = await connect(`${h.url}/pair-co`, identity, 'ocpp1.6');
      const closed = { a: false, b: false };
      a.once('close', () => (closed.a = true));
      b.once('close', () => (closed.b = true));
      const boot = { chargePointVendor: 'V', chargePointModel: 'M' };
      expect(await a.call('BootNotification', boot)).toMatchObject({ status: 'Accepted', interval: 120 });
      expect(await b.call('BootNotification', boot)).toMatchObject({ status: 'Accepted', interval: 77 });
      await waitFor(() =>
        h.db.charger.count({ where: { id: { in: [ours.id, theirs.id] }, online: true } }).then((n) => n === 2),
      );

      const heard = { a: 0, b: 0 };
      a.handle('ClearCache', async () => (heard.a++, { status: 'Accepted' }));
      b.handle('ClearCache', async () => (heard.b++, { status: 'Rejected' }));
      const reply = await sendChargerCommand({
        db: h.db,
        bus: h.bus,
        tenantId: other.id,
        chargerId: theirs.id,
        action: 'ClearCache',
        payload: {},
        timeoutMs: 5000,
      });
      expect(reply.response).toEqual({ status: 'Rejected' });
      expect(heard).toEqual({ a: 0, b: 1 });
      expect(closed).toEqual({ a: false, b: false });
      await a.close();
      await b.close();
    });

    it("answers an unknown identity, another tenant's identity and a wrong password identically", async () => {
      const other = await h.db.tenant.create({ data: { slug: 'alike-co', name: 'Alike Co' } });
      const ours = await aCharger(h.db, { tenantId: h.tenant.id, password: 'right-password-123456' });
      const theirs = await aCharger(h.db, { tenantId: other.id, password: 'right-password-123456' });
      const unknown = anIdentity('ALIKE');
      const answers = await Promise.all(
        [
          [`${h.url}/acme/${unknown}`, unknown],
          [`${h.url}/acme/${theirs.identity}`, theirs.identity],
          [`${h.url}/acme/${ours.identity}`, ours.identity],
        ].map(([url, identity]) => refusal(url!, ['ocpp1.6'], basic(identity!, 'wrong-password-123456'))),
      );
      expect(answers).toEqual([
        { status: 401, body: NOT_ADMITTED },
        { status: 401, body: NOT_ADMITTED },
        { status: 401, body: NOT_ADMITTED },
      ]);
    });
  });

  it('a second connection with the same identity replaces the first cleanly', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const first = await connect(h.url, c.identity, 'ocpp1.6');
    const closed = new Promise<{ code: number }>((resolve) => first.once('close', resolve));
    const second = await connect(h.url, c.identity, 'ocpp1.6');
    expect((await closed).code).toBe(1000);
    expect(await second.call('Heartbeat', {})).toHaveProperty('currentTime');
    await new Promise((r) => setTimeout(r, 200));
    const row = await h.db.charger.findUniqueOrThrow({ where: { id: c.id } });
    expect(row).toMatchObject({ online: true, relayInstanceId: h.relay.instanceId });
    expect(h.relay.connections()).toBeGreaterThanOrEqual(1);
    await second.close();
  });

  it('prefers the registered protocol when a charger offers both', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const client = new RPCClient({
      endpoint: h.url,
      identity: c.identity,
      protocols: ['ocpp1.6', 'ocpp2.0.1'],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    await client.connect();
    expect(client.protocol).toBe('ocpp2.0.1');
    await client.close();
  });

  it('GET /health reports the DB and the number of connections', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = await connect(h.url, c.identity, 'ocpp1.6');
    const res = await fetch(`http://127.0.0.1:${h.relay.port}/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; db: string; connections: number };
    expect(body).toMatchObject({ status: 'ok', db: 'ok' });
    expect(body.connections).toBeGreaterThanOrEqual(1);
    await client.close();
  });
});

describe('security profile 2 (Basic over TLS)', () => {
  let tls: Harness;
  let certDir: string;
  beforeAll(async () => {
    certDir = mkdtempSync(path.join(tmpdir(), 'magma-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        path.join(certDir, 'key.pem'),
        '-out',
        path.join(certDir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tls = await startHarness({
      tls: { cert: readFileSync(path.join(certDir, 'cert.pem')), key: readFileSync(path.join(certDir, 'key.pem')) },
    });
  });
  afterAll(async () => {
    await tls?.stop();
  });

  it('admits a profile 2 charger with its password over wss', async () => {
    const c = await aCharger(tls.db, { tenantId: tls.tenant.id, password: 'tls-password-1234567', securityProfile: 2 });
    const url = `wss://127.0.0.1:${tls.relay.port}/ocpp/${c.identity}`;
    expect(
      await refusal(url, ['ocpp1.6'], basic(c.identity, 'tls-password-1234567'), { rejectUnauthorized: false }),
    ).toBe('open');
    expect(
      await refusal(url, ['ocpp1.6'], basic(c.identity, 'not-the-password-123'), { rejectUnauthorized: false }),
    ).toMatchObject({ status: 401 });
    await waitFor(() => tls.db.charger.findFirst({ where: { id: c.id, lastSeenAt: { not: null } } }));
  });
});
