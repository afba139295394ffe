import { sendChargerAction } from '@magma/core/fleet';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

// GetVariables / SetVariables / GetReport are split to what the charger says one message may hold
// (DeviceDataCtrlr.ItemsPerMessage / BytesPerMessage), and answered as one reply; several variables
// go in one SetVariables; keys name instances and EVSEs.

let h: Harness;
const clients: RPCClient[] = [];

type Data = { component: { name: string }; variable: { name: string } };

async function aStation(limits: Record<string, string> = {}) {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  const client = await connect(h.url, charger.identity, 'ocpp2.0.1');
  clients.push(client);
  const received: { action: string; params: Record<string, unknown> }[] = [];
  client.handle('GetVariables', (call) => {
    const params = call.params as { getVariableData: Data[] };
    received.push({ action: 'GetVariables', params });
    return Promise.resolve({
      getVariableResult: params.getVariableData.map((d) => ({
        ...d,
        attributeStatus: 'Accepted',
        attributeValue: '1',
      })),
    });
  });
  client.handle('SetVariables', (call) => {
    const params = call.params as { setVariableData: Data[] };
    received.push({ action: 'SetVariables', params });
    return Promise.resolve({
      setVariableResult: params.setVariableData.map(({ component, variable }) => ({
        component,
        variable,
        attributeStatus: 'Accepted',
      })),
    });
  });
  client.handle('GetReport', (call) => {
    received.push({ action: 'GetReport', params: call.params as Record<string, unknown> });
    return Promise.resolve({ status: 'Accepted' });
  });
  await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
  const entries = Object.entries(limits);
  if (entries.length)
    await client.call('NotifyReport', {
      requestId: 1,
      generatedAt: now(),
      seqNo: 0,
      reportData: entries.map(([key, value]) => {
        const [name, instance] = key.split(':');
        return {
          component: { name: 'DeviceDataCtrlr' },
          variable: { name, instance },
          variableAttribute: [{ type: 'Actual', value, mutability: 'ReadOnly' }],
        };
      }),
    });
  return { charger, client, received };
}

const act = (chargerId: string, action: Record<string, unknown>) =>
  sendChargerAction({
    db: h.db,
    bus: h.bus,
    scope: tenantScope(h.tenant.id),
    input: { chargerId, action: action as never },
  });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await h?.stop();
});

describe('device model requests (2.0.1)', () => {
  it('GetVariables is split to ItemsPerMessageGetVariables and answered as one reply', async () => {
    const { charger, received } = await aStation({ 'ItemsPerMessage:GetVariables': '2' });
    const keys = ['A/V1', 'A/V2', 'Connector[left]@1.2/AvailabilityState', 'B/V4[x]', 'B/V5'];
    const row = await act(charger.id, { kind: 'getConfiguration', keys });
    expect(row.status).toBe('RESPONDED');
    expect(received.map((r) => (r.params.getVariableData as unknown[]).length)).toEqual([2, 2, 1]);
    expect(received[1]!.params.getVariableData).toContainEqual({
      component: { name: 'Connector', instance: 'left', evse: { id: 1, connectorId: 2 } },
      variable: { name: 'AvailabilityState' },
    });
    expect((row.response as { getVariableResult: unknown[] }).getVariableResult).toHaveLength(5);
  });

  it('a limit learnt from a GetVariables answer is kept too (BytesPerMessage)', async () => {
    const { charger, received } = await aStation();
    received.length = 0;
    // The charger's answer to our earlier read of its limits.
    await h.db.chargerCommand.create({
      data: {
        tenantId: h.tenant.id,
        chargerId: charger.id,
        action: 'GetVariables',
        payload: {},
        status: 'RESPONDED',
        respondedAt: new Date(),
        response: {
          getVariableResult: [
            {
              attributeStatus: 'Accepted',
              attributeValue: '260',
              component: { name: 'DeviceDataCtrlr' },
              variable: { name: 'BytesPerMessage', instance: 'GetVariables' },
            },
          ],
        },
      },
    });
    const keys = Array.from({ length: 6 }, (_, i) => `OCPPCommCtrlr/Variable${i}`);
    const row = await act(charger.id, { kind: 'getConfiguration', keys });
    expect(row.status).toBe('RESPONDED');
    expect(received.length).toBeGreaterThan(1);
    for (const r of received) expect(JSON.stringify(r.params).length).toBeLessThan(260);
    expect((row.response as { getVariableResult: unknown[] }).getVariableResult).toHaveLength(6);
  });

  it('SetVariables carries several variables in one request', async () => {
    const { charger, received } = await aStation();
    const row = await act(charger.id, {
      kind: 'setVariables',
      variables: [
        { key: 'OCPPCommCtrlr/HeartbeatInterval', value: '60' },
        { key: 'TxCtrlr/EVConnectionTimeOut', value: '90' },
        { key: 'EVSE@2/AvailabilityState', value: 'Available' },
      ],
    });
    expect(row.status).toBe('RESPONDED');
    expect(received.map((r) => r.action)).toEqual(['SetVariables']);
    expect(received[0]!.params.setVariableData).toHaveLength(3);
    expect((row.response as { setVariableResult: unknown[] }).setVariableResult).toHaveLength(3);
  });

  it('SetVariables is split to ItemsPerMessageSetVariables', async () => {
    const { charger, received } = await aStation({ 'ItemsPerMessage:SetVariables': '2' });
    const variables = ['A', 'B', 'C'].map((n) => ({ key: `X/${n}`, value: '1' }));
    const row = await act(charger.id, { kind: 'setVariables', variables });
    expect(received.map((r) => (r.params.setVariableData as unknown[]).length)).toEqual([2, 1]);
    expect((row.response as { setVariableResult: unknown[] }).setVariableResult).toHaveLength(3);
  });
});
