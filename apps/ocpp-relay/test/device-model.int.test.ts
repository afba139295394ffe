import {
  clearVariableMonitoring,
  expireDeviceReports,
  getDeviceModel,
  requestBaseReport,
  requestCustomReport,
  requestMonitoringReport,
  resetEvse,
  setMonitoringBase,
  setMonitoringLevel,
  setNetworkProfile,
  setVariableMonitoring,
} from '@magma/core/device-model';
import { tenantScope } from '@magma/core/tenancy';
import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deviceModelOf } from '../src/simulator/device-model.ts';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, lastCommand, connect, now, startHarness, waitFor, type Harness } from './support.ts';

// The 2.0.1 device model (B) and monitoring (N) through the real relay on real PostgreSQL (issue
// #20): a base report the simulated charger sends in parts, assembled and diffed; parts out of
// order, twice, and missing (INCOMPLETE after the timeout) from a raw ocpp-rpc client; GetReport
// split to the charger's ItemsPerMessage; monitors set, reported, fired and cleared; SetNetworkProfile
// and Reset of one EVSE with the charger's answers.

let h: Harness;
const scope = () => tenantScope(h.tenant.id);
const deps = () => ({ db: h.db, bus: h.bus, scope: scope() });

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

const report = (chargerId: string, requestId: number) =>
  h.db.deviceReport.findFirstOrThrow({ where: { chargerId, requestId } });
const settled = (chargerId: string, requestId: number) =>
  waitFor(async () => {
    const r = await report(chargerId, requestId);
    return r.status === 'COMPLETE' || r.status === 'INCOMPLETE' ? r : null;
  }, 8000);

describe('device model of a simulated 2.0.1 charger', () => {
  let sim: SimulatedCharger;
  let chargerId: string;

  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    chargerId = c.id;
    sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp2.0.1', meterIntervalMs: 0 });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('FullInventory arrives in parts and becomes the stored inventory', async () => {
    const dm = deviceModelOf(sim);
    const r = await requestBaseReport(deps(), { chargerId, reportBase: 'FullInventory' });
    expect(r.reply).toMatchObject({ action: 'GetBaseReport', status: 'RESPONDED', response: { status: 'Accepted' } });
    const row = await settled(chargerId, r.reports[0]!.requestId);
    const parts = Math.ceil(dm.variables.size / 8);
    expect(parts).toBeGreaterThan(3);
    expect(row).toMatchObject({
      status: 'COMPLETE',
      partCount: parts,
      lastSeqNo: parts - 1,
      itemCount: dm.variables.size,
    });
    expect(row.diff).toMatchObject({ added: dm.variables.size, removed: 0, changed: 0, previousFullReportId: null });

    const model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId, filter: 'evse@1/' } });
    expect(model.variables.map((v) => v.key)).toEqual([
      'EVSE@1/AvailabilityState',
      'EVSE@1/Available',
      'EVSE@1/Power',
      'EVSE@1/SupplyPhases',
    ]);
    const power = model.variables.find((v) => v.key === 'EVSE@1/Power')!;
    expect(power).toMatchObject({ component: 'EVSE', evseId: 1, connectorId: null, variable: 'Power' });
    expect(power.attributes).toEqual([
      { type: 'Actual', value: '0', mutability: 'ReadOnly', persistent: false, constant: false },
      { type: 'MaxSet', value: '22000', mutability: 'ReadOnly', persistent: false, constant: false },
    ]);
    expect(power.characteristics).toEqual({
      unit: 'W',
      dataType: 'decimal',
      minLimit: 0,
      maxLimit: 22000,
      valuesList: null,
      supportsMonitoring: true,
    });
    const all = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId, limit: 1000 } });
    expect(all.total).toBe(dm.variables.size);
    // Instances and connectors are part of the key.
    expect(all.variables.map((v) => v.key)).toEqual(
      expect.arrayContaining(['DeviceDataCtrlr/ItemsPerMessage[GetReport]', 'Connector@2.1/ConnectorType']),
    );
  });

  it('a second FullInventory is diffed against the first: added, removed, changed', async () => {
    const dm = deviceModelOf(sim);
    sim.config.set('OCPPCommCtrlr.HeartbeatInterval', '600');
    dm.variables.delete('AuthCtrlr/LocalAuthorizeOffline');
    dm.variables.set('AuthCtrlr/OfflineTxForUnknownIdEnabled', {
      component: { name: 'AuthCtrlr' },
      variable: { name: 'OfflineTxForUnknownIdEnabled' },
      attributes: [{ type: 'Actual', value: 'false', mutability: 'ReadWrite' }],
      characteristics: { dataType: 'boolean', supportsMonitoring: false },
    });
    const first = (await h.db.deviceReport.findFirstOrThrow({ where: { chargerId, status: 'COMPLETE' } })).id;
    const r = await requestBaseReport(deps(), { chargerId, reportBase: 'FullInventory' });
    const row = await settled(chargerId, r.reports[0]!.requestId);
    expect(row.diff).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      previousFullReportId: first,
      entries: [
        { key: 'AuthCtrlr/LocalAuthorizeOffline', change: 'removed', before: 'true' },
        { key: 'AuthCtrlr/OfflineTxForUnknownIdEnabled', change: 'added', after: 'false' },
        { key: 'OCPPCommCtrlr/HeartbeatInterval', change: 'changed', before: '300', after: '600' },
      ],
    });
    const model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId, filter: 'AuthCtrlr' } });
    expect(model.variables.map((v) => v.key)).toEqual([
      'AuthCtrlr/AuthorizeRemoteStart',
      'AuthCtrlr/Enabled',
      'AuthCtrlr/OfflineTxForUnknownIdEnabled',
    ]);
  });

  it('ConfigurationInventory updates without removing; SummaryInventory names the state variables', async () => {
    const before = (await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } })).total;
    for (const base of ['ConfigurationInventory', 'SummaryInventory'] as const) {
      const r = await requestBaseReport(deps(), { chargerId, reportBase: base });
      const row = await settled(chargerId, r.reports[0]!.requestId);
      expect(row).toMatchObject({ status: 'COMPLETE', reportBase: base, diff: { removed: 0 } });
      expect(row.itemCount).toBe(deviceModelOf(sim).base(base).length);
    }
    expect((await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } })).total).toBe(before);
  });

  it("GetReport is split to the charger's ItemsPerMessage[GetReport] (4), one report per part", async () => {
    const before = sim.received.length;
    const keys = [
      'EVSE@1/Power',
      'EVSE@2/Power',
      'Connector@1.1/ConnectorType',
      'Connector@2.1/ConnectorType',
      'OCPPCommCtrlr/HeartbeatInterval',
      'SecurityCtrlr',
    ];
    const r = await requestCustomReport(deps(), { chargerId, componentVariables: keys });
    expect(r.reply.status).toBe('RESPONDED');
    expect(r.reports.map((x) => x.answer)).toEqual(['Accepted', 'Accepted']);
    const calls = sim.received.slice(before).filter((c) => c.action === 'GetReport');
    const sent = calls.map((c) => c.params as { requestId: number; componentVariable: unknown[] });
    expect(sent.map((s) => s.componentVariable.length)).toEqual([4, 2]);
    expect(sent.map((s) => s.requestId)).toEqual(r.reports.map((x) => x.requestId));
    expect(sent[1]!.requestId).toBe(sent[0]!.requestId + 1);
    // A whole component (SecurityCtrlr) names each of its variables.
    expect(sent[1]!.componentVariable).toContainEqual({ component: { name: 'SecurityCtrlr' } });
    const rows = await Promise.all(r.reports.map((x) => settled(chargerId, x.requestId)));
    expect(rows.map((x) => [x.status, x.itemCount])).toEqual([
      ['COMPLETE', 4],
      ['COMPLETE', 4],
    ]);
  });

  it('GetReport with criteria only; nothing matching is EmptyResultSet', async () => {
    const r = await requestCustomReport(deps(), { chargerId, componentCriteria: ['Problem'] });
    expect(r.reports[0]).toMatchObject({ answer: 'EmptyResultSet', status: 'EMPTY' });
    const r2 = await requestCustomReport(deps(), { chargerId, componentCriteria: ['Available'] });
    expect(r2.reports[0]!.answer).toBe('Accepted');
    expect((await settled(chargerId, r2.reports[0]!.requestId)).status).toBe('COMPLETE');
  });

  it('monitors: set, fire an alert with the monitor, clear it, report, clear the monitor', async () => {
    const set = await setVariableMonitoring(deps(), {
      chargerId,
      monitors: [
        { key: 'EVSE@1/Power', type: 'UpperThreshold', value: 11000, severity: 3 },
        { key: 'EVSE@1/Nope', type: 'Delta', value: 1, severity: 5 },
      ],
    });
    expect(set.results).toEqual([
      { key: 'EVSE@1/Power', status: 'Accepted', id: 100 },
      { key: 'EVSE@1/Nope', status: 'UnknownVariable', id: null },
    ]);
    let model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } });
    expect(model.monitors).toEqual([
      expect.objectContaining({
        monitorId: 100,
        key: 'EVSE@1/Power',
        type: 'UpperThreshold',
        value: '11000',
        severity: 3,
        source: 'SET',
      }),
    ]);

    await deviceModelOf(sim).setActual('EVSE@1/Power', 15000);
    const fault = await waitFor(() =>
      h.db.fault.findFirst({ where: { chargerId, kind: 'EVENT', code: 'Alert EVSE@1/Power', endedAt: null } }),
    );
    expect(fault).toMatchObject({ evseId: 1, severity: 3 });
    expect(fault.description).toContain(
      'Monitor 100 (UpperThreshold 11000, severity 3 Critical) on EVSE@1/Power: 15000',
    );
    model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } });
    expect(model.events[0]).toMatchObject({
      trigger: 'Alerting',
      key: 'EVSE@1/Power',
      actualValue: '15000',
      variableMonitoringId: 100,
      monitor: { type: 'UpperThreshold', value: '11000', severity: 3 },
      notificationType: 'CustomMonitor',
      faultId: fault.id,
    });
    // Still above: no second event, no second fault.
    await deviceModelOf(sim).setActual('EVSE@1/Power', 16000);
    await deviceModelOf(sim).setActual('EVSE@1/Power', 5000);
    await waitFor(() => h.db.fault.findFirst({ where: { id: fault.id, endedAt: { not: null } } }));
    expect(await h.db.fault.count({ where: { chargerId, code: 'Alert EVSE@1/Power' } })).toBe(1);
    expect(await h.db.deviceEvent.count({ where: { chargerId } })).toBe(2);

    const rep = await requestMonitoringReport(deps(), { chargerId });
    const row = await settled(chargerId, rep.reports[0]!.requestId);
    expect(row).toMatchObject({ kind: 'MONITORING', status: 'COMPLETE', itemCount: 2 });
    model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } });
    expect(model.monitors.map((m) => [m.monitorId, m.key, m.source])).toEqual([
      [1, 'ChargingStation/Problem', 'REPORTED'],
      [100, 'EVSE@1/Power', 'REPORTED'],
    ]);

    const filtered = await requestMonitoringReport(deps(), { chargerId, monitoringCriteria: ['PeriodicMonitoring'] });
    expect(filtered.reports[0]).toMatchObject({ answer: 'EmptyResultSet', status: 'EMPTY' });

    const cleared = await clearVariableMonitoring(deps(), { chargerId, ids: [100, 555] });
    expect(cleared.results).toEqual([
      { id: 100, status: 'Accepted' },
      { id: 555, status: 'NotFound' },
    ]);
    model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } });
    expect(model.monitors.map((m) => m.monitorId)).toEqual([1]);
  });

  it('SetMonitoringLevel and SetMonitoringBase are answered and shown', async () => {
    expect((await setMonitoringLevel(deps(), { chargerId, severity: 4 })).answer).toBe('Accepted');
    expect(deviceModelOf(sim).monitoringLevel).toBe(4);
    expect((await setMonitoringBase(deps(), { chargerId, monitoringBase: 'FactoryDefault' })).answer).toBe('Accepted');
    const model = await getDeviceModel({ db: h.db, scope: scope(), input: { chargerId } });
    expect(model.monitoringLevel?.value).toBe(4);
    expect(model.monitoringBase?.value).toBe('FactoryDefault');
    await expect(setMonitoringLevel(deps(), { chargerId, severity: 10 })).rejects.toThrow();
  });

  it('SetNetworkProfile is validated per the specification and the slots the charger reported', async () => {
    const connectionData = {
      ocppVersion: 'OCPP20' as const,
      ocppTransport: 'JSON' as const,
      ocppCsmsUrl: 'wss://csms.example.in/ocpp',
      messageTimeout: 30,
      securityProfile: 2,
      ocppInterface: 'Wired0' as const,
      vpn: { server: 'vpn.example.in', user: 'cp', password: 's3cret', key: 'k3y', type: 'IKEv2' as const },
    };
    const r = await setNetworkProfile(deps(), { chargerId, configurationSlot: 2, connectionData });
    expect(r.answer).toBe('Accepted');
    expect(deviceModelOf(sim).networkProfiles.get(2)).toEqual(connectionData);
    // The audit log keeps no VPN secret.
    const audit = await h.db.auditLog.findFirstOrThrow({ where: { tenantId: h.tenant.id }, orderBy: { id: 'desc' } });
    expect(JSON.stringify(audit.after)).not.toMatch(/s3cret|k3y/);

    await expect(setNetworkProfile(deps(), { chargerId, configurationSlot: 7, connectionData })).rejects.toThrow(
      /configuration slots 1, 2, 3/,
    );
    await expect(
      setNetworkProfile(deps(), {
        chargerId,
        configurationSlot: 2,
        connectionData: { ...connectionData, ocppCsmsUrl: 'ws://csms.example.in/ocpp' },
      }),
    ).rejects.toThrow(/Security profile 2 uses wss/);
    await expect(
      setNetworkProfile(deps(), {
        chargerId,
        configurationSlot: 2,
        connectionData: { ...connectionData, ocppTransport: 'SOAP' as 'JSON' },
      }),
    ).rejects.toThrow(/JSON/);
    const sent = sim.received.filter((c) => c.action === 'SetNetworkProfile');
    expect(sent).toHaveLength(1);
  });

  it('Reset of one EVSE is sent with its evseId and answered', async () => {
    const r = await resetEvse(deps(), { chargerId, evseId: 2, type: 'Immediate' });
    expect(r.answer).toBe('Accepted');
    expect(lastCommand(sim)).toMatchObject({ action: 'Reset', params: { type: 'Immediate', evseId: 2 } });
    expect((await resetEvse(deps(), { chargerId, evseId: 9 })).answer).toBe('Rejected');
  });
});

describe('NotifyReport parts from a raw 2.0.1 client', () => {
  let client: RPCClient;
  let chargerId: string;
  const item = (name: string, value: string) => ({
    component: { name: 'TestCtrlr' },
    variable: { name },
    variableAttribute: [{ value }],
    variableCharacteristics: { dataType: 'string', supportsMonitoring: false },
  });
  const part = (requestId: number, seqNo: number, tbc: boolean, names: string[]) =>
    client.call('NotifyReport', {
      requestId,
      generatedAt: now(),
      seqNo,
      ...(tbc ? { tbc } : {}),
      reportData: names.map((n) => item(n, `${n}-v`)),
    });

  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    chargerId = c.id;
    client = await connect(h.url, c.identity, 'ocpp2.0.1');
    await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: { model: 'RAW', vendorName: 'Test' },
    });
  });
  afterAll(async () => {
    await client?.close();
  });

  it('out of order, with a duplicate part, is assembled once complete', async () => {
    await part(41, 2, false, ['E', 'F']);
    await part(41, 0, true, ['A', 'B']);
    await part(41, 0, true, ['A', 'B']);
    expect(await report(chargerId, 41)).toMatchObject({ status: 'RECEIVING', partCount: 2, lastSeqNo: 2 });
    expect(await h.db.deviceVariable.count({ where: { chargerId } })).toBe(0);
    await part(41, 1, true, ['C', 'D']);
    const row = await report(chargerId, 41);
    expect(row).toMatchObject({ status: 'COMPLETE', partCount: 3, itemCount: 6, reportBase: 'Unrequested' });
    const vars = await h.db.deviceVariable.findMany({ where: { chargerId }, orderBy: { key: 'asc' } });
    expect(vars.map((v) => v.key)).toEqual(['A', 'B', 'C', 'D', 'E', 'F'].map((n) => `TestCtrlr/${n}`));
    // A part repeated after the report settled changes nothing.
    await part(41, 1, true, ['X']);
    expect(await h.db.deviceVariable.count({ where: { chargerId } })).toBe(6);
    expect(await h.db.deviceReportPart.count({ where: { reportId: row.id } })).toBe(0);
  });

  it('a part that never comes: INCOMPLETE after the timeout, what arrived applied', async () => {
    await part(42, 0, true, ['G']);
    await part(42, 2, false, ['I']);
    expect(await expireDeviceReports({ db: h.db, chargerId })).toBe(0);
    const settledCount = await expireDeviceReports({ db: h.db, chargerId, now: new Date(Date.now() + 61_000) });
    expect(settledCount).toBe(1);
    const row = await report(chargerId, 42);
    expect(row).toMatchObject({ status: 'INCOMPLETE', itemCount: 2, partCount: 2 });
    expect(row.detail).toBe('Missing part(s) 1 after 60 s');
    const keys = (await h.db.deviceVariable.findMany({ where: { chargerId } })).map((v) => v.key);
    expect(keys).toEqual(expect.arrayContaining(['TestCtrlr/G', 'TestCtrlr/I']));
    expect(keys).not.toContain('TestCtrlr/H');
  });

  it('parts sent at once (concurrently) are assembled exactly once', async () => {
    await Promise.all([3, 1, 0, 2].map((n) => part(43, n, n < 3, [`P${n}`])));
    const row = await report(chargerId, 43);
    expect(row).toMatchObject({ status: 'COMPLETE', partCount: 4, itemCount: 4 });
  });
});
