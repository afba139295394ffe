import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// Two sockets of one identity evicting each other: the newest wins, but a second replacement within
// the window is refused while the holder is alive, and the operator gets a fault.

const WINDOW_MS = 1500;
let h: Harness;
const clients: RPCClient[] = [];

beforeAll(async () => {
  h = await startHarness({ flapWindowMs: WINDOW_MS });
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close({ force: true })));
  await h?.stop();
});

const boot = { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } };

async function open(identity: string) {
  const client = await connect(h.url, identity, 'ocpp2.0.1');
  clients.push(client);
  const closed = new Promise<number>((resolve) => client.once('close', ({ code }: { code: number }) => resolve(code)));
  return { client, closed };
}

describe('a flapping identity', () => {
  it('is damped: the second replacement within the window is refused while the holder answers', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const a = await open(charger.identity);
    await a.client.call('BootNotification', boot);
    const b = await open(charger.identity);
    expect(await a.closed).toBe(1000); // the first replacement: newest wins
    await b.client.call('BootNotification', boot);
    const c = await open(charger.identity);
    expect(await c.closed).toBe(1013);
    await expect(b.client.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
    const faults = await waitFor(async () => {
      const rows = await h.db.fault.findMany({ where: { chargerId: charger.id, code: 'IdentityFlapping' } });
      return rows.length ? rows : null;
    });
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ kind: 'EVENT', endedAt: null });

    // After the window, the newest wins again.
    await new Promise((r) => setTimeout(r, WINDOW_MS + 100));
    const d = await open(charger.identity);
    expect(await b.closed).toBe(1000);
    await expect(d.client.call('BootNotification', boot)).resolves.toMatchObject({ status: 'Accepted' });
  });

  it('a silent holder (a half-open socket) is replaced at once', async () => {
    const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const a = await open(charger.identity);
    await a.client.call('BootNotification', boot);
    const b = await open(charger.identity);
    await a.closed;
    // b says nothing: the next socket replaces it.
    const c = await open(charger.identity);
    expect(await b.closed).toBe(1000);
    await expect(c.client.call('BootNotification', boot)).resolves.toMatchObject({ status: 'Accepted' });
  });
});
