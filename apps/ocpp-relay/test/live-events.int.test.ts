import { tenantEventsChannel, type LiveEvent } from '@magma/core/bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, connect, now, startHarness, waitFor, type Harness } from './support.ts';

let h: Harness;
const events: LiveEvent[] = [];

beforeAll(async () => {
  h = await startHarness({ offlineFaultGraceMs: 300 });
  await h.bus.subscribe(tenantEventsChannel(h.tenant.id), (m) => events.push(m as LiveEvent));
});
afterAll(async () => {
  await h?.stop();
});

const next = (match: (e: LiveEvent) => boolean, timeoutMs = 1000) => {
  const started = Date.now();
  return waitFor(async () => events.find(match), timeoutMs).then((e) => ({ event: e, ms: Date.now() - started }));
};

describe('live events to the dashboard', () => {
  it('publishes online, connector status (within a second), meter, transaction and fault events', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp2.0.1', meterIntervalMs: 0 });
    await sim.connect();
    await next((e) => e.type === 'charger.online' && e.chargerId === c.id);

    const sent = Date.now();
    await sim.sendStatus(1, 'Faulted');
    const status = await next((e) => e.type === 'connector.status' && e.chargerId === c.id && e.status === 'FAULTED');
    expect(Date.now() - sent).toBeLessThan(1000);
    expect(status.event).toMatchObject({ evseId: 1, connectorId: 1 });
    await next((e) => e.type === 'fault.opened' && e.chargerId === c.id && e.kind === 'CONNECTOR_ERROR');
    await sim.sendStatus(1, 'Available');
    await next((e) => e.type === 'fault.closed' && e.chargerId === c.id);

    const txId = await sim.startTransaction({ evseId: 1, idTag: 'LIVE' });
    await next((e) => e.type === 'transaction.started' && e.chargerId === c.id);
    await sim.sendMeterValues(1);
    const meter = await next((e) => e.type === 'meter.update' && e.chargerId === c.id && (e.powerW ?? 0) > 0);
    expect(meter.event).toMatchObject({ evseId: 1, powerW: 7400 });
    await sim.stopTransaction({ evseId: 1 });
    const ended = await next((e) => e.type === 'transaction.ended' && e.chargerId === c.id);
    expect(ended.event).toMatchObject({
      transactionId: (await h.db.transaction.findFirstOrThrow({ where: { ocppTransactionId: txId } })).id,
    });

    await sim.close();
    await next((e) => e.type === 'charger.offline' && e.chargerId === c.id);
  });

  it('opens an OFFLINE fault after the grace period and closes it on reconnect', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const first = await connect(h.url, c.identity, 'ocpp1.6');
    await first.call('Heartbeat', {});
    await first.close();
    const fault = await waitFor(
      () => h.db.fault.findFirst({ where: { chargerId: c.id, kind: 'OFFLINE', endedAt: null } }),
      3000,
    );
    await next((e) => e.type === 'fault.opened' && e.chargerId === c.id && e.kind === 'OFFLINE');
    const again = await connect(h.url, c.identity, 'ocpp1.6');
    await waitFor(() => h.db.fault.findFirst({ where: { id: fault.id, endedAt: { not: null } } }));
    await again.close();
  });

  it('a quick reconnect within the grace period opens no OFFLINE fault', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const first = await connect(h.url, c.identity, 'ocpp1.6');
    await first.close();
    const second = await connect(h.url, c.identity, 'ocpp1.6');
    await second.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: now(),
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(await h.db.fault.count({ where: { chargerId: c.id, kind: 'OFFLINE' } })).toBe(0);
    await second.close();
  });
});

describe('health', () => {
  it('stays live (200, db down) but not ready (503) when PostgreSQL is gone', async () => {
    const other = await startHarness();
    const ready = await fetch(`http://127.0.0.1:${other.relay.port}/ready`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', db: 'ok', accepting: true }]);
    await other.database.drop();
    const res = await fetch(`http://127.0.0.1:${other.relay.port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', db: 'down' });
    const unready = await fetch(`http://127.0.0.1:${other.relay.port}/ready`);
    expect([unready.status, await unready.json()]).toEqual([503, { status: 'unready', db: 'down', accepting: true }]);
    await other.relay.close();
    await other.bus.close();
  });
});
