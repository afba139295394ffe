import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
    expect(r).toMatchObject({ status: 404 });
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
      const row = await h.db.charger.findUniqueOrThrow({ where: { identity } });
      expect(row).toMatchObject({ tenantId: t.id, registration: 'PENDING', protocol: 'OCPP201' });
      await client.close();
    });

    it('ACCEPT registers and accepts', async () => {
      await h.db.tenant.create({ data: { slug: 'open-co', name: 'Open Co', unknownChargerPolicy: 'ACCEPT' } });
      const identity = anIdentity('NEW');
      const client = await connect(`${h.url}/open-co`, identity, 'ocpp1.6');
      const boot = await client.call('BootNotification', { chargePointVendor: 'V', chargePointModel: 'M' });
      expect(boot).toMatchObject({ status: 'Accepted' });
      expect((await h.db.charger.findUniqueOrThrow({ where: { identity } })).registration).toBe('ACCEPTED');
      await client.close();
    });

    it('the plain endpoint registers unknown chargers in the default tenant', async () => {
      await h.db.tenant.update({ where: { id: h.tenant.id }, data: { unknownChargerPolicy: 'ACCEPT' } });
      const identity = anIdentity('DEF');
      const client = await connect(h.url, identity, 'ocpp1.6');
      expect((await h.db.charger.findUniqueOrThrow({ where: { identity } })).tenantId).toBe(h.tenant.id);
      await client.close();
      await h.db.tenant.update({ where: { id: h.tenant.id }, data: { unknownChargerPolicy: 'REJECT' } });
    });

    it("refuses a known charger on another tenant's endpoint, and an unknown tenant", async () => {
      const c = await aCharger(h.db, { tenantId: h.tenant.id });
      expect(await refusal(`${h.url}/open-co/${c.identity}`, ['ocpp1.6'])).toMatchObject({ status: 404 });
      expect(await refusal(`${h.url}/no-such-tenant/${anIdentity()}`, ['ocpp1.6'])).toMatchObject({ status: 404 });
      expect(await refusal(`${h.url}/acme/${c.identity}`, ['ocpp1.6'])).toBe('open');
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
