import { sendChargerAction } from '@magma/core/fleet';
import { reserveConnector } from '@magma/core/reservations';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, startHarness, type Harness } from './support.ts';

// Operator inputs are validated by the protocol's types, not by our guess of the hardware: the
// charger answers for what it has (an unknown connector, a reservation that ends soon).

let h: Harness;
const clients: RPCClient[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'RES-CARD' } });
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await h?.stop();
});

async function aStation(protocol: 'OCPP16' | 'OCPP201') {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
  const client = await connect(h.url, charger.identity, protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1');
  clients.push(client);
  const received: { action: string; params: Record<string, unknown> }[] = [];
  for (const [action, reply] of [
    ['UnlockConnector', { status: protocol === 'OCPP16' ? 'NotSupported' : 'UnknownConnector' }],
    ['ReserveNow', { status: 'Accepted' }],
  ] as const)
    client.handle(action, (call) => {
      received.push({ action, params: call.params as Record<string, unknown> });
      return Promise.resolve(reply);
    });
  return { charger, received };
}

const scope = () => tenantScope(h.tenant.id);

describe('UnlockConnector', () => {
  it('1.6: a connectorId above 64 is sent, and the charger answers for it', async () => {
    const { charger, received } = await aStation('OCPP16');
    const row = await sendChargerAction({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId: charger.id, action: { kind: 'unlock', evseId: 100 } },
    });
    expect(row).toMatchObject({ status: 'RESPONDED', response: { status: 'NotSupported' } });
    expect(received).toEqual([{ action: 'UnlockConnector', params: { connectorId: 100 } }]);
  });

  it('2.0.1: any EVSE and connector id is sent', async () => {
    const { charger, received } = await aStation('OCPP201');
    const row = await sendChargerAction({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId: charger.id, action: { kind: 'unlock', evseId: 70, connectorId: 3 } },
    });
    expect(row).toMatchObject({ status: 'RESPONDED', response: { status: 'UnknownConnector' } });
    expect(received).toEqual([{ action: 'UnlockConnector', params: { evseId: 70, connectorId: 3 } }]);
  });

  it.each([0, -1, 1.5, 2 ** 31])('refuses %s, which no protocol has', async (evseId) => {
    const { charger, received } = await aStation('OCPP16');
    await expect(
      sendChargerAction({
        db: h.db,
        bus: h.bus,
        scope: scope(),
        input: { chargerId: charger.id, action: { kind: 'unlock', evseId } },
      }),
    ).rejects.toThrow();
    expect(received).toEqual([]);
  });
});

describe('ReserveNow', () => {
  it('an expiry 20 seconds away is sent', async () => {
    const { charger, received } = await aStation('OCPP16');
    const expiresAt = new Date(Date.now() + 20_000);
    const { command } = await reserveConnector({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId: charger.id, evseId: 1, idTag: 'RES-CARD', expiresAt },
    });
    expect(command).toMatchObject({ action: 'ReserveNow', status: 'RESPONDED' });
    expect(received[0]?.params).toMatchObject({ connectorId: 1, expiryDate: expiresAt.toISOString() });
  });

  it('an expiry in the past is refused', async () => {
    const { charger } = await aStation('OCPP16');
    await expect(
      reserveConnector({
        db: h.db,
        bus: h.bus,
        scope: scope(),
        input: { chargerId: charger.id, evseId: 1, idTag: 'RES-CARD', expiresAt: new Date(Date.now() - 1000) },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
