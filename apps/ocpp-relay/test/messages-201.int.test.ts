import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { aCharger, connect, now, startHarness, waitFor, type Harness } from './support.ts';

let h: Harness;
let client: RPCClient;
let charger: Awaited<ReturnType<typeof aCharger>>;

const energy = (wh: number, context = 'Sample.Periodic') => ({
  timestamp: now(),
  sampledValue: [
    { value: wh / 1000, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } },
    { value: 11, context, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } },
    { value: 61, context, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
  ],
});

const txEvent = (
  eventType: 'Started' | 'Updated' | 'Ended',
  transactionId: string,
  seqNo: number,
  extra: Record<string, unknown> = {},
) => ({
  eventType,
  timestamp: now(),
  triggerReason:
    eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
  seqNo,
  transactionInfo: { transactionId, ...(eventType === 'Ended' ? { stoppedReason: 'Local' } : {}) },
  evse: { id: 1, connectorId: 1 },
  ...extra,
});

beforeAll(async () => {
  h = await startHarness();
  charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  await h.db.idToken.createMany({
    data: [
      { tenantId: h.tenant.id, token: 'TOK-OK' },
      { tenantId: h.tenant.id, token: 'TOK-BLOCKED', status: 'BLOCKED' },
    ],
  });
  client = await connect(h.url, charger.identity, 'ocpp2.0.1');
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

describe('OCPP 2.0.1 charger → CSMS', () => {
  it('BootNotification records the station and answers with the tenant interval', async () => {
    const res = await client.call('BootNotification', {
      reason: 'PowerUp',
      chargingStation: {
        model: 'DC-60',
        vendorName: 'Magma',
        serialNumber: 'SN-201',
        firmwareVersion: '2.0.0',
        modem: { iccid: '8991', imsi: '404' },
      },
    });
    expect(res).toMatchObject({ status: 'Accepted', interval: 120 });
    const row = await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
    expect(row).toMatchObject({
      model: 'DC-60',
      vendorName: 'Magma',
      serialNumber: 'SN-201',
      firmwareVersion: '2.0.0',
      iccid: '8991',
      imsi: '404',
      protocol: 'OCPP201',
    });
  });

  it('Heartbeat answers the time', async () => {
    const res = (await client.call('Heartbeat', {})) as { currentTime: string };
    expect(Number.isNaN(Date.parse(res.currentTime))).toBe(false);
  });

  it.each([
    ['TOK-OK', 'Accepted'],
    ['TOK-BLOCKED', 'Blocked'],
    ['TOK-NOPE', 'Unknown'],
  ])('Authorize %s → %s', async (idToken, status) => {
    const res = (await client.call('Authorize', { idToken: { idToken, type: 'ISO14443' } })) as {
      idTokenInfo: { status: string };
    };
    expect(res.idTokenInfo.status).toBe(status);
  });

  it('StatusNotification Faulted opens a fault, Available closes it', async () => {
    await client.call('StatusNotification', {
      timestamp: now(),
      connectorStatus: 'Faulted',
      evseId: 2,
      connectorId: 1,
    });
    const fault = await h.db.fault.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 2, endedAt: null } });
    expect(fault.kind).toBe('CONNECTOR_ERROR');
    await client.call('StatusNotification', {
      timestamp: now(),
      connectorStatus: 'Available',
      evseId: 2,
      connectorId: 1,
    });
    expect((await h.db.fault.findUniqueOrThrow({ where: { id: fault.id } })).endedAt).not.toBeNull();
    expect((await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 2 } })).status).toBe(
      'AVAILABLE',
    );
  });

  it('TransactionEvent Started / Updated / Ended with seqNo and meter values', async () => {
    const started = (await client.call(
      'TransactionEvent',
      txEvent('Started', 'tx-201-a', 0, {
        idToken: { idToken: 'TOK-OK', type: 'ISO14443' },
        meterValue: [energy(5000, 'Transaction.Begin')],
      }),
    )) as { idTokenInfo?: { status: string } };
    expect(started.idTokenInfo?.status).toBe('Accepted');
    await client.call('TransactionEvent', txEvent('Updated', 'tx-201-a', 1, { meterValue: [energy(6500)] }));
    let tx = await h.db.transaction.findFirstOrThrow({
      where: { chargerId: charger.id, ocppTransactionId: 'tx-201-a' },
    });
    expect(tx).toMatchObject({
      status: 'ACTIVE',
      meterStartWh: 5000,
      energyWh: 1500,
      lastSeqNo: 1,
      livePowerW: 11000,
      liveSoc: 61,
      evseId: 1,
    });
    const live = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 1 } });
    expect(live).toMatchObject({ livePowerW: 11000, liveEnergyWh: 1500 });

    await client.call(
      'TransactionEvent',
      txEvent('Ended', 'tx-201-a', 2, { meterValue: [energy(7000, 'Transaction.End')] }),
    );
    tx = await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } });
    expect(tx).toMatchObject({
      status: 'COMPLETED',
      energyWh: 2000,
      meterStopWh: 7000,
      stopReason: 'Local',
      lastSeqNo: 2,
      orphanStop: false,
    });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(9);
  });

  it('answers idTokenInfo whenever the event carries an idToken (free vend: NoAuthorization is accepted)', async () => {
    const noAuth = { idToken: '', type: 'NoAuthorization' };
    const started = (await client.call(
      'TransactionEvent',
      txEvent('Started', 'tx-201-free', 0, { idToken: noAuth, meterValue: [energy(100, 'Transaction.Begin')] }),
    )) as { idTokenInfo?: { status: string } };
    expect(started.idTokenInfo).toEqual({ status: 'Accepted' });
    const tx = await h.db.transaction.findFirstOrThrow({
      where: { chargerId: charger.id, ocppTransactionId: 'tx-201-free' },
    });
    expect(tx).toMatchObject({ status: 'ACTIVE', idTag: null, idTokenId: null });
    const updated = (await client.call(
      'TransactionEvent',
      txEvent('Updated', 'tx-201-free', 1, { idToken: noAuth, meterValue: [energy(300)] }),
    )) as { idTokenInfo?: { status: string } };
    expect(updated.idTokenInfo).toEqual({ status: 'Accepted' });
    const unknown = (await client.call(
      'TransactionEvent',
      txEvent('Ended', 'tx-201-free', 2, { idToken: { idToken: 'NOBODY', type: 'ISO14443' } }),
    )) as { idTokenInfo?: { status: string } };
    expect(unknown.idTokenInfo?.status).toBe('Unknown');
    expect(await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).toMatchObject({
      status: 'COMPLETED',
      energyWh: 200,
    });
  });

  it('keeps offline-queued events: offline flag, late lower seqNo does not reopen', async () => {
    await client.call('TransactionEvent', txEvent('Started', 'tx-201-b', 0, { offline: true }));
    await client.call('TransactionEvent', txEvent('Ended', 'tx-201-b', 5, { offline: true }));
    await client.call(
      'TransactionEvent',
      txEvent('Updated', 'tx-201-b', 3, { offline: true, meterValue: [energy(100)] }),
    );
    const tx = await h.db.transaction.findFirstOrThrow({
      where: { chargerId: charger.id, ocppTransactionId: 'tx-201-b' },
    });
    expect(tx).toMatchObject({ status: 'COMPLETED', offline: true, lastSeqNo: 5 });
  });

  it('MeterValues outside a transaction updates the connector live readings', async () => {
    await client.call('MeterValues', { evseId: 2, meterValue: [energy(42_000)] });
    const c = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 2 } });
    expect(c).toMatchObject({ livePowerW: 11000, liveEnergyWh: 42_000 });
    expect(await h.db.meterSample.count({ where: { chargerId: charger.id, transactionId: null, evseId: 2 } })).toBe(3);
  });

  it.each([
    [
      'NotifyEvent',
      {
        generatedAt: now(),
        seqNo: 0,
        tbc: false,
        eventData: [
          {
            eventId: 1,
            timestamp: now(),
            trigger: 'Alerting',
            actualValue: 'true',
            eventNotificationType: 'HardWiredNotification',
            component: { name: 'EVSE' },
            variable: { name: 'Problem' },
          },
        ],
      },
      {},
    ],
    [
      'NotifyReport',
      {
        requestId: 1,
        generatedAt: now(),
        seqNo: 0,
        tbc: false,
        reportData: [
          {
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            variableAttribute: [{ value: '120' }],
          },
        ],
      },
      {},
    ],
    ['SecurityEventNotification', { type: 'FirmwareUpdated', timestamp: now() }, {}],
    ['FirmwareStatusNotification', { status: 'Installed' }, {}],
    ['LogStatusNotification', { status: 'Uploaded', requestId: 3 }, {}],
    ['DataTransfer', { vendorId: 'com.example', messageId: 'm', data: { a: 1 } }, { status: 'UnknownVendorId' }],
    ['ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 }, {}],
    ['NotifyChargingLimit', { chargingLimit: { chargingLimitSource: 'SO', isGridCritical: true }, evseId: 1 }, {}],
    ['NotifyCustomerInformation', { data: 'token TOK-OK: 3 sessions', seqNo: 0, generatedAt: now(), requestId: 5 }, {}],
    [
      'NotifyDisplayMessages',
      {
        requestId: 6,
        messageInfo: [{ id: 1, priority: 'NormalCycle', message: { format: 'UTF8', content: 'Welcome' } }],
      },
      {},
    ],
    [
      'NotifyEVChargingNeeds',
      {
        evseId: 1,
        chargingNeeds: {
          requestedEnergyTransfer: 'AC_three_phase',
          acChargingParameters: { energyAmount: 20000, evMinCurrent: 6, evMaxCurrent: 32, evMaxVoltage: 400 },
        },
      },
      { status: 'Accepted' },
    ],
    [
      'NotifyEVChargingSchedule',
      {
        timeBase: now(),
        evseId: 1,
        chargingSchedule: { id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 16 }] },
      },
      { status: 'Accepted' },
    ],
    [
      'NotifyMonitoringReport',
      {
        requestId: 7,
        seqNo: 0,
        generatedAt: now(),
        monitor: [
          {
            component: { name: 'EVSE', evse: { id: 1 } },
            variable: { name: 'Power' },
            variableMonitoring: [{ id: 1, transaction: false, value: 11000, type: 'UpperThreshold', severity: 4 }],
          },
        ],
      },
      {},
    ],
    [
      'PublishFirmwareStatusNotification',
      { status: 'Published', location: ['http://lc.local/fw.bin'], requestId: 8 },
      {},
    ],
    [
      'ReportChargingProfiles',
      {
        requestId: 9,
        chargingLimitSource: 'CSO',
        evseId: 1,
        chargingProfile: [
          {
            id: 1,
            stackLevel: 0,
            chargingProfilePurpose: 'TxDefaultProfile',
            chargingProfileKind: 'Absolute',
            chargingSchedule: [
              { id: 1, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 11000 }] },
            ],
          },
        ],
      },
      {},
    ],
    ['ReservationStatusUpdate', { reservationId: 12, reservationUpdateStatus: 'Expired' }, {}],
  ])('%s is recorded before it is answered', async (action, payload, reply) => {
    expect(await client.call(action, payload)).toEqual(reply);
    const row = await h.db.chargerMessage.findFirst({
      where: { chargerId: charger.id, action },
      orderBy: { id: 'desc' },
    });
    expect(row?.payload).toEqual(payload);
  });

  it('a schema-invalid report is refused with the 2.0.1 error code and not kept', async () => {
    const other = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    const lax = await connect(h.url, other.identity, 'ocpp2.0.1', { strict: false });
    try {
      await expect(
        lax.call('ReservationStatusUpdate', { reservationId: 13, reservationUpdateStatus: 'Gone' }),
      ).rejects.toMatchObject({ rpcErrorCode: 'PropertyConstraintViolation' });
      expect(
        await lax.call('ReservationStatusUpdate', { reservationId: 13, reservationUpdateStatus: 'Removed' }),
      ).toEqual({});
      const kept = await h.db.chargerMessage.findMany({ where: { chargerId: other.id } });
      expect(kept.map((m) => m.payload)).toEqual([{ reservationId: 13, reservationUpdateStatus: 'Removed' }]);
    } finally {
      await lax.close();
    }
  });

  // This relay has no certificate authority (no operator CA passed in), no contract certificate
  // provider and no reachable OCSP responder: each request is kept and refused the way its message
  // defines, with the reason in statusInfo (certificates.int.test.ts and plug-and-charge.int.test.ts
  // cover the configured paths).
  it.each([
    [
      'SignCertificate',
      { csr: 'MIIBCSR', certificateType: 'ChargingStationCertificate' },
      { status: 'Rejected', statusInfo: { reasonCode: 'UnsupportedRequest' } },
      { csr: 'MIIBCSR', certificateType: 'ChargingStationCertificate' },
    ],
    [
      'Get15118EVCertificate',
      { iso15118SchemaVersion: 'urn:iso:15118:2:2013:MsgDef', action: 'Install', exiRequest: 'AAEC' },
      { status: 'Failed', exiResponse: '', statusInfo: { reasonCode: 'ProviderFailed' } },
      // The Plug & Charge log keeps the request's head (not the EXI blob) and the outcome.
      { action: 'Install', status: 'Failed', provider: null },
    ],
    [
      'GetCertificateStatus',
      {
        ocspRequestData: {
          hashAlgorithm: 'SHA256',
          issuerNameHash: 'aa',
          issuerKeyHash: 'bb',
          serialNumber: '01',
          responderURL: 'http://ocsp.example',
        },
      },
      { status: 'Failed', statusInfo: { reasonCode: 'NoOCSPResponse' } },
      {
        request: { hashAlgorithm: 'SHA256', issuerNameHash: 'aa', issuerKeyHash: 'bb', serialNumber: '01' },
        status: 'Failed',
      },
    ],
  ])('%s is kept and refused with its reason when nothing can answer it', async (action, payload, reply, kept) => {
    const answer = await client.call(action, payload);
    expect(answer).toMatchObject(reply);
    const row = await h.db.chargerMessage.findFirst({
      where: { chargerId: charger.id, action },
      orderBy: { id: 'desc' },
    });
    expect(row?.payload).toMatchObject(kept);
  });

  it('firmware and log status land on the charger', async () => {
    const row = await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
    expect(row).toMatchObject({ firmwareStatus: 'Installed', diagnosticsStatus: 'Uploaded' });
  });

  it('marks the charger offline on disconnect', async () => {
    await client.close();
    await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: false } }));
  });
});
