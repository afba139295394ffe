import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, expectOfflineAtOnce, startHarness, waitFor, type Harness } from './support.ts';

// A relay that dies without closing (SIGKILL, its machine gone) cannot mark its chargers offline.
// The other relays notice its RelayInstance row going stale, release its chargers, and commands
// to them fail at once as OFFLINE instead of waiting out their timeout.

const relayDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A real relay process (src/main.ts) on an ephemeral port; resolves once it listens. */
function spawnRelay(env: Record<string, string>): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: relayDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (!line.includes('"relay listening"')) continue;
        resolve({ child, port: (JSON.parse(line) as { port: number }).port });
      }
    });
    child.once('exit', (code) => reject(new Error(`relay exited (${code}) before listening: ${err}`)));
  });
}

let h: Harness;
beforeAll(async () => {
  // This relay stays up and sweeps often. Its stale limit stays above the spawned relay's beat
  // (RELAY_BEAT_MS, 5 s), so a live relay is never taken for dead.
  h = await startHarness({ relayBeatMs: 200, relayStaleMs: 6_000 });
});
afterAll(async () => {
  await h?.stop();
});

describe('a relay that dies without closing', () => {
  let dead: ChildProcess | undefined;
  afterAll(() => {
    dead?.kill('SIGKILL');
  });

  it('has its chargers released by another relay, and commands to them fail at once', async () => {
    const instanceId = `relay-doomed-${randomUUID().slice(0, 8)}`;
    const { child, port } = await spawnRelay({
      DATABASE_URL: h.database.url,
      OCPP_PORT: '0',
      OCPP_HOST: '127.0.0.1',
      RELAY_INSTANCE_ID: instanceId,
      DEFAULT_TENANT_SLUG: h.tenant.slug,
      DEMO_SIMULATOR: '0',
      BUS_KIND: 'pg',
      DB_POOL_MAX: '3',
    });
    dead = child;
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = await connect(`ws://127.0.0.1:${port}/ocpp`, c.identity, 'ocpp1.6');
    await waitFor(
      () => h.db.charger.findFirst({ where: { id: c.id, online: true, relayInstanceId: instanceId } }),
      10_000,
    );
    expect(await h.db.relayInstance.findUnique({ where: { id: instanceId } })).not.toBeNull();

    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    client.on('error', () => {});

    // Still marked online right after the crash: nobody has said otherwise yet.
    expect(await h.db.charger.findFirst({ where: { id: c.id, online: true } })).not.toBeNull();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: false, relayInstanceId: null } }), 15_000);
    expect(await h.db.relayInstance.findUnique({ where: { id: instanceId } })).toBeNull();

    await expectOfflineAtOnce(h, c.id);
    await client.close({ force: true });
  }, 30_000);
});

describe('a charger whose relay row has gone stale', () => {
  let q: Harness;
  beforeAll(async () => {
    // No sweep during this test: the sender's own check is what is under test.
    q = await startHarness({ relayBeatMs: 600_000 });
  });
  afterAll(async () => {
    await q?.stop();
  });

  it('a command to a charger whose relay row has gone stale fails at once, before any sweep', async () => {
    const c = await aCharger(q.db, { tenantId: q.tenant.id });
    const stale = `relay-stale-${randomUUID().slice(0, 8)}`;
    await q.db.relayInstance.create({ data: { id: stale, lastSeenAt: new Date(Date.now() - 60_000) } });
    await q.db.charger.update({ where: { id: c.id }, data: { online: true, relayInstanceId: stale } });
    expect(await expectOfflineAtOnce(q, c.id)).toMatchObject({
      status: 'OFFLINE',
      error: 'Charger is offline: the relay holding its connection stopped answering',
    });
  });
});

describe('a live relay taken for dead', () => {
  it('marks the chargers it still holds online again, keeping each socket’s connection time', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = await connect(h.url, c.identity, 'ocpp1.6');
    const online = await waitFor(() =>
      h.db.charger.findFirst({ where: { id: c.id, online: true, relayInstanceId: h.relay.instanceId } }),
    );
    // What another relay's sweep does when this one pauses past the stale limit.
    await h.db.relayInstance.delete({ where: { id: h.relay.instanceId } });
    await h.db.charger.update({ where: { id: c.id }, data: { online: false, relayInstanceId: null } });

    const back = await waitFor(() =>
      h.db.charger.findFirst({ where: { id: c.id, online: true, relayInstanceId: h.relay.instanceId } }),
    );
    expect(back.connectedAt).toEqual(online.connectedAt);
    expect(await h.db.relayInstance.findUnique({ where: { id: h.relay.instanceId } })).not.toBeNull();

    // And a disconnect afterwards still marks it offline (the offline mark matches that time).
    await client.close();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: false } }));
  });
});
