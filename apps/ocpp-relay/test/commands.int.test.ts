import { commandFor, sendChargerCommand } from '@magma/core/commands';
import { pushCardListsToFleet, sendChargerAction } from '@magma/core/fleet';
import { tenantScope } from '@magma/core/tenancy';
import { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consoleLogger } from '../src/logger.ts';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, lastCommand, expectOfflineAtOnce, now, startHarness, waitFor, type Harness } from './support.ts';

const future = () => new Date(Date.now() + 3600_000).toISOString();

const COMMANDS_16: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['UnlockConnector', { connectorId: 1 }, { status: 'Unlocked' }],
  ['ChangeAvailability', { connectorId: 2, type: 'Inoperative' }, { status: 'Accepted' }],
  ['ChangeConfiguration', { key: 'HeartbeatInterval', value: '60' }, { status: 'Accepted' }],
  [
    'GetConfiguration',
    { key: ['HeartbeatInterval', 'Nope'] },
    { configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '60' }], unknownKey: ['Nope'] },
  ],
  ['TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }],
  ['UpdateFirmware', { location: 'https://fw.example/fw.bin', retrieveDate: now() }, {}],
  ['GetDiagnostics', { location: 'ftp://diag.example/' }, { fileName: expect.stringContaining('diag-') }],
  ['ClearCache', {}, { status: 'Accepted' }],
  [
    'SendLocalList',
    { listVersion: 3, updateType: 'Full', localAuthorizationList: [{ idTag: 'A', idTagInfo: { status: 'Accepted' } }] },
    { status: 'Accepted' },
  ],
  ['GetLocalListVersion', {}, { listVersion: 3 }],
  [
    'SetChargingProfile',
    {
      connectorId: 1,
      csChargingProfiles: {
        chargingProfileId: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: { chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] },
      },
    },
    { status: 'Accepted' },
  ],
  ['ClearChargingProfile', { id: 1 }, { status: 'Accepted' }],
  ['GetCompositeSchedule', { connectorId: 1, duration: 3600 }, { status: 'Accepted', connectorId: 1 }],
  ['ReserveNow', { connectorId: 1, expiryDate: future(), idTag: 'X', reservationId: 5 }, { status: 'Accepted' }],
  ['CancelReservation', { reservationId: 5 }, { status: 'Accepted' }],
  ['DataTransfer', { vendorId: 'com.magma', messageId: 'ping' }, { status: 'Accepted', data: 'pong' }],
];

const COMMANDS_201: [string, Record<string, unknown>, Record<string, unknown>][] = [
  ['UnlockConnector', { evseId: 1, connectorId: 1 }, { status: 'Unlocked' }],
  ['ChangeAvailability', { operationalStatus: 'Inoperative', evse: { id: 2 } }, { status: 'Accepted' }],
  [
    'SetVariables',
    {
      setVariableData: [
        { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' }, attributeValue: '60' },
      ],
    },
    {
      setVariableResult: [
        { attributeStatus: 'Accepted', component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
      ],
    },
  ],
  [
    'GetVariables',
    { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
    { getVariableResult: [expect.objectContaining({ attributeStatus: 'Accepted', attributeValue: '60' })] },
  ],
  ['TriggerMessage', { requestedMessage: 'Heartbeat' }, { status: 'Accepted' }],
  [
    'UpdateFirmware',
    { requestId: 1, firmware: { location: 'https://fw.example/fw.bin', retrieveDateTime: now() } },
    { status: 'Accepted' },
  ],
  [
    'GetLog',
    { logType: 'DiagnosticsLog', requestId: 2, log: { remoteLocation: 'https://logs.example/' } },
    { status: 'Accepted' },
  ],
  ['ClearCache', {}, { status: 'Accepted' }],
  [
    'SendLocalList',
    {
      versionNumber: 3,
      updateType: 'Full',
      localAuthorizationList: [{ idToken: { idToken: 'A', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } }],
    },
    { status: 'Accepted' },
  ],
  ['GetLocalListVersion', {}, { versionNumber: 3 }],
  [
    'SetChargingProfile',
    {
      evseId: 1,
      chargingProfile: {
        id: 1,
        stackLevel: 0,
        chargingProfilePurpose: 'TxDefaultProfile',
        chargingProfileKind: 'Absolute',
        chargingSchedule: [{ id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 7000 }] }],
      },
    },
    { status: 'Accepted' },
  ],
  ['ClearChargingProfile', { chargingProfileId: 1 }, { status: 'Accepted' }],
  ['GetCompositeSchedule', { duration: 3600, evseId: 1 }, { status: 'Accepted' }],
  [
    'ReserveNow',
    { id: 5, expiryDateTime: future(), idToken: { idToken: 'X', type: 'ISO14443' } },
    { status: 'Accepted' },
  ],
  ['CancelReservation', { reservationId: 5 }, { status: 'Accepted' }],
  ['DataTransfer', { vendorId: 'com.magma', messageId: 'ping' }, { status: 'Accepted', data: 'pong' }],
];

describe.each([
  ['pg', 'ocpp1.6', 'OCPP16', COMMANDS_16],
  ['pg', 'ocpp2.0.1', 'OCPP201', COMMANDS_201],
  ['redis', 'ocpp1.6', 'OCPP16', COMMANDS_16.slice(0, 2)],
  ['redis', 'ocpp2.0.1', 'OCPP201', COMMANDS_201.slice(0, 2)],
] as const)('commands over the %s bus to an %s charger', (busKind, version, protocol, commands) => {
  let h: Harness;
  let sim: SimulatedCharger;
  let chargerId: string;

  beforeAll(async () => {
    h = await startHarness({ busKind, ...(process.env.RELAY_TEST_LOG ? { log: consoleLogger } : {}) });
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: version, meterIntervalMs: 0 });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  });
  afterAll(async () => {
    await sim?.close();
    await h?.stop();
  });

  const send = (action: string, payload: Record<string, unknown>, timeoutMs?: number) =>
    sendChargerCommand({
      db: h.db,
      bus: h.bus,
      tenantId: h.tenant.id,
      chargerId,
      action,
      payload,
      source: 'test',
      timeoutMs,
    });

  it.each(commands)('%s round trip is recorded with the charger reply', async (action, payload, reply) => {
    const row = await send(action, payload);
    expect(row).toMatchObject({ action, status: 'RESPONDED', source: 'test' });
    expect(row.response).toEqual(expect.objectContaining(reply));
    expect(row.sentAt).not.toBeNull();
    expect(row.respondedAt).not.toBeNull();
    expect(lastCommand(sim)?.action).toBe(action);
  });

  it('remote start then remote stop run a real session', async () => {
    const start = commandFor({ protocol, kind: 'remoteStart', idTag: 'REMOTE-1', evseId: 1 });
    const started = new Promise<{ transactionId: string }>((resolve) => sim.once('transactionStarted', resolve));
    expect((await send(start.action, start.payload)).status).toBe('RESPONDED');
    const { transactionId } = await started;
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId, ocppTransactionId: transactionId } });
    expect(tx).toMatchObject({ status: 'ACTIVE', idTag: 'REMOTE-1' });
    const stop = commandFor({ protocol, kind: 'remoteStop', transactionId: tx.ocppTransactionId });
    const row = await send(stop.action, stop.payload);
    expect(row.response).toEqual({ status: 'Accepted' });
    await waitFor(() => h.db.transaction.findFirst({ where: { id: tx.id, status: 'COMPLETED' } }));
  });

  it("pushes the operator's cards as the charger's local list, with each card's status", async () => {
    const t = h.tenant.id;
    await h.db.idToken.createMany({
      data: [
        { tenantId: t, token: 'CARD-OK', parentToken: 'GROUP-1' },
        { tenantId: t, token: 'card-blocked', status: 'BLOCKED', type: 'ISO15693' },
        { tenantId: t, token: 'CARD-LAPSED', expiresAt: new Date('2020-01-01T00:00:00Z') },
        { tenantId: t, token: 'X'.repeat(30) },
        { tenantId: t, token: 'APP-TOKEN-1', type: 'APP' },
      ],
    });
    const row = await sendChargerAction({
      db: h.db,
      bus: h.bus,
      scope: tenantScope(t),
      input: { chargerId, action: { kind: 'sendCardList' } },
    });
    expect(row).toMatchObject({ action: 'SendLocalList', status: 'RESPONDED', response: { status: 'Accepted' } });
    const sent = lastCommand(sim)!;
    expect(sent.action).toBe('SendLocalList');
    const params = sent.params as Record<string, unknown>;
    expect(params.updateType).toBe('Full');
    if (protocol === 'OCPP16') {
      // A 1.6 idTag holds at most 20 characters: the 30-character card is left out, and said so.
      expect(params.localAuthorizationList).toHaveLength(3);
      expect(params.localAuthorizationList).toEqual(
        expect.arrayContaining([
          { idTag: 'CARD-OK', idTagInfo: { status: 'Accepted', parentIdTag: 'GROUP-1' } },
          { idTag: 'card-blocked', idTagInfo: { status: 'Blocked' } },
          { idTag: 'CARD-LAPSED', idTagInfo: { status: 'Expired', expiryDate: '2020-01-01T00:00:00.000Z' } },
        ]),
      );
      expect(row.note).toContain('Left out 1 card');
    } else {
      expect(params.localAuthorizationList).toHaveLength(4);
      expect(params.localAuthorizationList).toEqual(
        expect.arrayContaining([
          {
            idToken: { idToken: 'CARD-OK', type: 'ISO14443' },
            idTokenInfo: { status: 'Accepted', groupIdToken: { idToken: 'GROUP-1', type: 'Central' } },
          },
          { idToken: { idToken: 'card-blocked', type: 'ISO15693' }, idTokenInfo: { status: 'Blocked' } },
          {
            idToken: { idToken: 'CARD-LAPSED', type: 'ISO14443' },
            idTokenInfo: { status: 'Expired', cacheExpiryDateTime: '2020-01-01T00:00:00.000Z' },
          },
          { idToken: { idToken: 'X'.repeat(30), type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        ]),
      );
      expect(row.note).toBeUndefined();
    }
    const version = protocol === 'OCPP16' ? params.listVersion : params.versionNumber;
    const asked = commandFor({ protocol, kind: 'getLocalListVersion' });
    expect(Object.values((await send(asked.action, asked.payload)).response as object)).toEqual([version]);
  });

  it("caps the charger's power and lifts the cap again (one operator profile on connector 0)", async () => {
    const act = (action: { kind: 'limitPower'; kw: number } | { kind: 'clearPowerLimit' }) =>
      sendChargerAction({ db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id), input: { chargerId, action } });
    expect(await act({ kind: 'limitPower', kw: 11 })).toMatchObject({
      action: 'SetChargingProfile',
      status: 'RESPONDED',
      response: { status: 'Accepted' },
    });
    const set = lastCommand(sim)!.params as Record<string, unknown>;
    expect(set).toMatchObject(protocol === 'OCPP16' ? { connectorId: 0 } : { evseId: 0 });
    expect(await act({ kind: 'clearPowerLimit' })).toMatchObject({
      action: 'ClearChargingProfile',
      status: 'RESPONDED',
      response: { status: 'Accepted' },
    });
  });

  it('pushes the card list to every online charger of the tenant at once', async () => {
    const before = sim.received.length;
    expect(await pushCardListsToFleet({ db: h.db, bus: h.bus, scope: tenantScope(h.tenant.id) })).toEqual({
      sent: 1,
      accepted: 1,
      refused: [],
    });
    expect(sim.received.slice(before).map((r) => r.action)).toEqual(['SendLocalList']);
  });

  it('Reset is answered and the charger reboots', async () => {
    const { action, payload } = commandFor({ protocol, kind: 'reset', hard: false });
    const rebooted = new Promise((resolve) => sim.once('rebooted', resolve));
    const row = await send(action, payload);
    expect(row.response).toEqual({ status: 'Accepted' });
    await rebooted;
    await waitFor(() => h.db.charger.findFirst({ where: { id: chargerId, online: true } }));
  });

  it('a payload that breaks the official schema is refused before it reaches the charger', async () => {
    const before = sim.received.length;
    const row = await send('UnlockConnector', { connectorId: 'one' });
    expect(row.status).toBe('ERROR');
    expect(row.error).toMatch(/TypeConstraintViolation|Violation/);
    // Only the refused command counts: the reboot before may still bring the read of California
    // Pricing's keys that follows every Accepted 1.6 boot.
    expect(sim.received.slice(before).filter((r) => r.action === 'UnlockConnector')).toEqual([]);
  });

  it('an action of the other protocol is refused as bad input', async () => {
    await expect(send(protocol === 'OCPP16' ? 'GetVariables' : 'GetConfiguration', {})).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
  });
});

describe('command failures', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('an offline charger fails fast with CHARGER_OFFLINE and the attempt is recorded', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    expect(await expectOfflineAtOnce(h, c.id)).toMatchObject({ status: 'OFFLINE', action: 'ClearCache' });
  });

  it('a charger of another tenant is not found', async () => {
    const other = await h.db.tenant.create({ data: { slug: 'other-co', name: 'Other' } });
    const c = await aCharger(h.db, { tenantId: other.id });
    await expect(
      sendChargerCommand({
        db: h.db,
        bus: h.bus,
        tenantId: h.tenant.id,
        chargerId: c.id,
        action: 'ClearCache',
        payload: {},
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("records the charger's CALLERROR and a timeout", async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    const client = new RPCClient({
      endpoint: h.url,
      identity: c.identity,
      protocols: ['ocpp1.6'],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    client.handle('ClearCache', async () => {
      throw new Error('cache is on fire');
    });
    client.handle('GetLocalListVersion', () => new Promise(() => {}));
    await client.connect();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
    const base = { db: h.db, bus: h.bus, tenantId: h.tenant.id, chargerId: c.id };
    const failed = await sendChargerCommand({ ...base, action: 'ClearCache', payload: {} });
    expect(failed).toMatchObject({ status: 'ERROR' });
    expect(failed.error).toMatch(/^GenericError/);
    const slow = await sendChargerCommand({ ...base, action: 'GetLocalListVersion', payload: {}, timeoutMs: 300 });
    expect(slow).toMatchObject({ status: 'TIMEOUT' });
    await client.close({ force: true });
  });
});
