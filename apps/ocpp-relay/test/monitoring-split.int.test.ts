import { clearVariableMonitoring, setVariableMonitoring } from '@magma/core/device-model';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

// SetVariableMonitoring and ClearVariableMonitoring are split to what the station says one message
// may hold (MonitoringCtrlr.ItemsPerMessage / BytesPerMessage, instances SetVariableMonitoring and
// ClearVariableMonitoring), and the results come back as one list, each monitor stored with its id.

let h: Harness;
const clients: RPCClient[] = [];

type Monitor = { component: { name: string }; variable: { name: string }; type: string; severity: number };

async function aStation(limits: Record<string, string>) {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  const client = await connect(h.url, charger.identity, 'ocpp2.0.1');
  clients.push(client);
  const received: { action: string; params: Record<string, unknown> }[] = [];
  let nextId = 100;
  client.handle('SetVariableMonitoring', (call) => {
    const params = call.params as { setMonitoringData: Monitor[] };
    received.push({ action: 'SetVariableMonitoring', params });
    return Promise.resolve({
      setMonitoringResult: params.setMonitoringData.map(({ component, variable, type, severity }) => ({
        id: nextId++,
        status: 'Accepted',
        type,
        severity,
        component,
        variable,
      })),
    });
  });
  client.handle('ClearVariableMonitoring', (call) => {
    const params = call.params as { id: number[] };
    received.push({ action: 'ClearVariableMonitoring', params });
    return Promise.resolve({ clearMonitoringResult: params.id.map((id) => ({ id, status: 'Accepted' })) });
  });
  await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
  if (Object.keys(limits).length)
    await client.call('NotifyReport', {
      requestId: 1,
      generatedAt: now(),
      seqNo: 0,
      reportData: Object.entries(limits).map(([key, value]) => {
        const [name, instance] = key.split(':');
        return {
          component: { name: 'MonitoringCtrlr' },
          variable: { name, instance },
          variableAttribute: [{ type: 'Actual', value, mutability: 'ReadOnly' }],
        };
      }),
    });
  return { charger, received };
}

const deps = () => ({ db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id) });
const monitor = (n: number) => ({
  key: `EVSE@1/Power${n}`,
  type: 'UpperThreshold' as const,
  value: 1000 + n,
  severity: 4,
});

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await Promise.allSettled(clients.map((c) => c.close()));
  await h?.stop();
});

describe('variable monitoring in parts (2.0.1)', () => {
  it('SetVariableMonitoring keeps ItemsPerMessage[SetVariableMonitoring]; ClearVariableMonitoring its own limit', async () => {
    const { charger, received } = await aStation({
      'ItemsPerMessage:SetVariableMonitoring': '2',
      'ItemsPerMessage:ClearVariableMonitoring': '3',
    });
    const set = await setVariableMonitoring(deps(), {
      chargerId: charger.id,
      monitors: [1, 2, 3, 4, 5].map(monitor),
    });
    expect(received.map((r) => (r.params.setMonitoringData as unknown[]).length)).toEqual([2, 2, 1]);
    expect(set.results.map((r) => [r.key, r.status, r.id])).toEqual(
      [1, 2, 3, 4, 5].map((n, i) => [`EVSE@1/Power${n}`, 'Accepted', 100 + i]),
    );
    expect(
      (await h.db.deviceMonitor.findMany({ where: { chargerId: charger.id }, orderBy: { monitorId: 'asc' } })).map(
        (m) => [m.monitorId, m.variable, m.value],
      ),
    ).toEqual([1, 2, 3, 4, 5].map((n, i) => [100 + i, `Power${n}`, String(1000 + n)]));

    received.length = 0;
    const clear = await clearVariableMonitoring(deps(), { chargerId: charger.id, ids: [100, 101, 102, 103, 104] });
    expect(received.map((r) => r.params.id)).toEqual([
      [100, 101, 102],
      [103, 104],
    ]);
    expect(clear.results).toHaveLength(5);
    expect(await h.db.deviceMonitor.count({ where: { chargerId: charger.id } })).toBe(0);
  });

  it('without a reported limit everything goes in one message', async () => {
    const { charger, received } = await aStation({});
    await setVariableMonitoring(deps(), { chargerId: charger.id, monitors: [1, 2, 3].map(monitor) });
    expect(received.map((r) => (r.params.setMonitoringData as unknown[]).length)).toEqual([3]);
  });
});
