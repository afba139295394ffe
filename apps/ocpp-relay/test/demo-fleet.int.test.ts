import { hashSecret, seedDemo } from '@magma/core';
import { importChargers } from '@magma/core/chargers';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoFleet, type DemoFleet } from '../src/simulator/index.ts';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

const DEMO_PASSWORD = 'demo-charger-pass';

let h: Harness;
let demoTenantId: string;
let seededIdentities: string[];
const fleets: DemoFleet[] = [];
const clients: RPCClient[] = [];

beforeAll(async () => {
  h = await startHarness();
  demoTenantId = (await seedDemo({ db: h.db })).tenantId;
  seededIdentities = (
    await h.db.charger.findMany({ where: { tenantId: demoTenantId }, select: { identity: true } })
  ).map((c) => c.identity);
});
afterAll(async () => {
  for (const f of fleets) await f.close();
  await Promise.allSettled(clients.map((c) => c.close()));
  await h?.stop();
});

const fleet = async (tenantSlug = 'demo') => {
  const f = await startDemoFleet({
    db: h.db,
    url: h.url,
    tenantSlug,
    sessions: 0,
    instanceId: h.relay.instanceId,
    checkEveryMs: 200,
  });
  fleets.push(f);
  return f;
};

/** A real charger (not the fleet's) on a demo identity; `closed` tells whether the relay dropped it. */
async function realCharger(identity: string) {
  const client = await connect(`${h.url}/demo`, identity, 'ocpp1.6', { password: DEMO_PASSWORD });
  clients.push(client);
  const state = { closed: false };
  client.once('close', () => (state.closed = true));
  await client.call('BootNotification', { chargePointVendor: 'Real', chargePointModel: 'Box' });
  return { client, state };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('demo fleet', () => {
  it('simulates only the chargers the demo seed created, and leaves a live real one alone', async () => {
    const imported = await importChargers({
      db: h.db,
      tenantId: demoTenantId,
      csv: 'identity,protocol,connectors\nIMPORTED-1,ocpp1.6,2\n',
    });
    expect(imported.created).toBe(1);
    const selfRegistered = await connect(`${h.url}/demo`, 'SELF-1', 'ocpp1.6');
    await selfRegistered.close();
    const [taken, ...rest] = [...seededIdentities].sort();
    const real = await realCharger(taken!);

    const f = await fleet();
    const simulated = f.chargers.map((c) => c.identity).sort();
    expect(simulated).toEqual(rest);
    expect(simulated).not.toContain('IMPORTED-1');
    expect(simulated).not.toContain('SELF-1');
    expect([...f.yielded]).toEqual([taken]);

    await sleep(1000);
    expect(real.state.closed).toBe(false);
    expect(await real.client.call('Heartbeat', {})).toHaveProperty('currentTime');
    expect(f.chargers.map((c) => c.identity)).not.toContain(taken);
  });

  it('a real charger that connects takes the identity over for good: the simulated one does not reconnect', async () => {
    const f = fleets[0]!;
    const target = f.chargers[0]!.identity;
    const real = await realCharger(target);
    await waitFor(async () => f.yielded.has(target));
    // Several reconnect backoffs (200 ms, growing) and fleet checks later, the real charger holds on.
    await sleep(1500);
    expect(real.state.closed).toBe(false);
    expect(f.chargers.map((c) => c.identity)).not.toContain(target);
    expect(await real.client.call('Heartbeat', {})).toHaveProperty('currentTime');
    const row = await h.db.charger.findFirstOrThrow({ where: { tenantId: demoTenantId, identity: target } });
    expect(row).toMatchObject({ online: true, relayInstanceId: h.relay.instanceId });
  });

  it('leaves a demo charger whose password was changed, after one refused attempt', async () => {
    const identity = [...seededIdentities].sort().at(-1)!;
    await fleets[0]!.close();
    await h.db.charger.updateMany({
      where: { tenantId: demoTenantId, identity },
      data: { passwordHash: await hashSecret('a-new-password-for-real-use') },
    });
    await h.db.charger.updateMany({ where: { tenantId: demoTenantId, identity }, data: { online: false } });
    const f = await fleet();
    expect(f.yielded.has(identity)).toBe(true);
    expect(f.chargers.map((c) => c.identity)).not.toContain(identity);
    await sleep(700);
    const failures = await h.db.rateLimitBucket.findUniqueOrThrow({ where: { key: `ocpp-basic:id:${identity}` } });
    expect(failures.count).toBe(1);
    await f.close();
  });

  it('a tenant the demo seed did not create gets no simulation, even with chargers marked as seeded', async () => {
    const forged = await aCharger(h.db, { tenantId: h.tenant.id });
    await h.db.charger.update({ where: { id: forged.id }, data: { origin: 'DEMO_SEED' } });
    await aCharger(h.db, { tenantId: h.tenant.id });
    const f = await fleet('acme');
    expect(f.chargers).toEqual([]);
    expect((await fleet('no-such-tenant')).chargers).toEqual([]);
    await sleep(500);
    expect(await h.db.charger.count({ where: { tenantId: h.tenant.id, online: true } })).toBe(0);
  });
});
