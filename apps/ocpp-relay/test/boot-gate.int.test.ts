import { sendChargerCommand } from '@magma/core/commands';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

// 2.0.1 B02.FR.09 / B03.FR.07 (1.6 §4.2): a charger that is not Accepted may only boot; anything
// else is answered with CALLERROR SecurityError and stored nowhere, except, while Pending, what a
// TriggerMessage of ours asked for.

let h: Harness;
const clients: RPCClient[] = [];

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await h?.stop();
});

const boot201 = { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } };
const boot16 = { chargePointVendor: 'V', chargePointModel: 'M' };
const status201 = () => ({ timestamp: now(), connectorStatus: 'Available', evseId: 1, connectorId: 1 });
const status16 = { connectorId: 1, errorCode: 'NoError', status: 'Available' };

async function aConnected(protocol: 'OCPP16' | 'OCPP201', registration: 'PENDING' | 'REJECTED' | 'ACCEPTED') {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol, registration });
  const client = await connect(h.url, charger.identity, protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1');
  clients.push(client);
  return { charger, client };
}

describe('a charger that is not Accepted', () => {
  it.each([
    ['OCPP201', 'PENDING', 'Pending'],
    ['OCPP201', 'REJECTED', 'Rejected'],
    ['OCPP16', 'PENDING', 'Pending'],
    ['OCPP16', 'REJECTED', 'Rejected'],
  ] as const)('%s %s: boots, and everything else is a SecurityError', async (protocol, registration, answer) => {
    const { charger, client } = await aConnected(protocol, registration);
    const v16 = protocol === 'OCPP16';
    await expect(client.call('BootNotification', v16 ? boot16 : boot201)).resolves.toMatchObject({ status: answer });
    await expect(client.call('StatusNotification', v16 ? status16 : status201())).rejects.toMatchObject({
      rpcErrorCode: 'SecurityError',
    });
    await expect(client.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    expect(await h.db.connector.count({ where: { chargerId: charger.id, status: { not: 'UNKNOWN' } } })).toBe(0);
  });

  it('a Pending charger that never booted on this socket is refused too', async () => {
    const { client } = await aConnected('OCPP201', 'PENDING');
    await expect(client.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
  });

  it('an Accepted charger may reconnect without booting again', async () => {
    const { client } = await aConnected('OCPP201', 'ACCEPTED');
    await expect(client.call('Heartbeat', {})).resolves.toHaveProperty('currentTime');
  });

  it('once the operator accepts it, the next boot opens the gate', async () => {
    const { charger, client } = await aConnected('OCPP201', 'PENDING');
    await expect(client.call('BootNotification', boot201)).resolves.toMatchObject({ status: 'Pending' });
    await h.db.charger.update({ where: { id: charger.id }, data: { registration: 'ACCEPTED' } });
    await expect(client.call('BootNotification', boot201)).resolves.toMatchObject({ status: 'Accepted' });
    await expect(client.call('StatusNotification', status201())).resolves.toEqual({});
  });

  it.each(['OCPP201', 'OCPP16'] as const)(
    '%s Pending: the message a TriggerMessage asked for is answered, nothing else',
    async (protocol) => {
      const { charger, client } = await aConnected(protocol, 'PENDING');
      const v16 = protocol === 'OCPP16';
      await client.call('BootNotification', v16 ? boot16 : boot201);
      client.handle('TriggerMessage', () => Promise.resolve({ status: 'Accepted' }));
      const row = await sendChargerCommand({
        db: h.db,
        bus: h.bus,
        tenantId: h.tenant.id,
        chargerId: charger.id,
        action: 'TriggerMessage',
        payload: { requestedMessage: 'StatusNotification' },
      });
      expect(row).toMatchObject({ status: 'RESPONDED', response: { status: 'Accepted' } });
      await expect(client.call('StatusNotification', v16 ? status16 : status201())).resolves.toEqual({});
      await expect(client.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
    },
  );

  it('a trigger the charger refused lets nothing through', async () => {
    const { charger, client } = await aConnected('OCPP201', 'PENDING');
    await client.call('BootNotification', boot201);
    client.handle('TriggerMessage', () => Promise.resolve({ status: 'Rejected' }));
    await sendChargerCommand({
      db: h.db,
      bus: h.bus,
      tenantId: h.tenant.id,
      chargerId: charger.id,
      action: 'TriggerMessage',
      payload: { requestedMessage: 'Heartbeat' },
    });
    await expect(client.call('Heartbeat', {})).rejects.toMatchObject({ rpcErrorCode: 'SecurityError' });
  });
});
