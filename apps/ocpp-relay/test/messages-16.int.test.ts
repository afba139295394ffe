import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, connect, now, startHarness, waitFor, type Harness } from './support.ts';

let h: Harness;
let client: RPCClient;
let charger: Awaited<ReturnType<typeof aCharger>>;

beforeAll(async () => {
  h = await startHarness();
  charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  await h.db.idToken.createMany({
    data: [
      { tenantId: h.tenant.id, token: 'TAG-OK' },
      { tenantId: h.tenant.id, token: 'TAG-BLOCKED', status: 'BLOCKED' },
      { tenantId: h.tenant.id, token: 'TAG-OLD', expiresAt: new Date('2020-01-01') },
    ],
  });
  const other = await h.db.tenant.create({ data: { slug: 'other-tenant', name: 'Other' } });
  await h.db.idToken.create({ data: { tenantId: other.id, token: 'TAG-OF-OTHER-TENANT' } });
  await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  client = await connect(h.url, charger.identity, 'ocpp1.6');
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

describe('OCPP 1.6 charger → CSMS', () => {
  it('marks the charger online on this relay', async () => {
    const row = await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: true } }));
    expect(row.relayInstanceId).toBe(h.relay.instanceId);
  });

  it('BootNotification records the charger and answers with the tenant heartbeat interval', async () => {
    const res = (await client.call('BootNotification', {
      chargePointVendor: 'Magma',
      chargePointModel: 'AC-22',
      chargePointSerialNumber: 'SN-1',
      firmwareVersion: '1.2.3',
    })) as { status: string; interval: number; currentTime: string };
    expect(res).toMatchObject({ status: 'Accepted', interval: 120 });
    const row = await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
    expect(row).toMatchObject({ vendorName: 'Magma', model: 'AC-22', serialNumber: 'SN-1', firmwareVersion: '1.2.3' });
    expect(row.lastBootAt).not.toBeNull();
  });

  it('Heartbeat answers the time and moves lastSeenAt', async () => {
    const before = new Date();
    const res = (await client.call('Heartbeat', {})) as { currentTime: string };
    expect(Math.abs(new Date(res.currentTime).getTime() - Date.now())).toBeLessThan(5000);
    await waitFor(async () => {
      const row = await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
      return row.lastSeenAt && row.lastSeenAt >= before;
    });
  });

  it.each([
    ['TAG-OK', 'Accepted'],
    ['tag-ok', 'Accepted'], // CiString20Type: id tags compare case-insensitively
    ['TAG-BLOCKED', 'Blocked'],
    ['Tag-Blocked', 'Blocked'],
    ['TAG-OLD', 'Expired'],
    ['TAG-UNKNOWN', 'Invalid'],
    ['TAG-OF-OTHER-TENANT', 'Invalid'],
  ])('Authorize %s → %s', async (idTag, status) => {
    const res = (await client.call('Authorize', { idTag })) as { idTagInfo: { status: string } };
    expect(res.idTagInfo.status).toBe(status);
    const logged = await h.db.chargerMessage.findFirst({
      where: { chargerId: charger.id, action: 'Authorize', payload: { path: ['token'], equals: idTag } },
    });
    expect(logged).not.toBeNull();
  });

  it('a StartTransaction with an id tag in another case is filed under the registered card', async () => {
    const res = (await client.call('StartTransaction', {
      connectorId: 3,
      idTag: 'tag-ok',
      meterStart: 0,
      timestamp: now(),
    })) as { transactionId: number; idTagInfo: { status: string } };
    expect(res.idTagInfo.status).toBe('Accepted');
    const tx = await h.db.transaction.findFirstOrThrow({
      where: { seq: res.transactionId },
      include: { idToken: true },
    });
    expect(tx.idToken?.token).toBe('TAG-OK');
    expect(tx.idTag).toBe('tag-ok');
    await client.call('StopTransaction', { transactionId: res.transactionId, meterStop: 10, timestamp: now() });
  });

  it('refuses a second card that differs from a registered one only in case', async () => {
    await expect(h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'Tag-Ok' } })).rejects.toThrow();
  });

  it('keeps the security extension messages of a 1.6 charger (security events, signed firmware, log upload)', async () => {
    const other = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
    // Not strict, so that the invalid one below reaches the relay.
    const sec = await connect(h.url, other.identity, 'ocpp1.6', { strict: false });
    try {
      const messages: [string, Record<string, unknown>][] = [
        ['SecurityEventNotification', { type: 'StartupOfTheDevice', timestamp: now(), techInfo: 'cold boot' }],
        ['SignedFirmwareStatusNotification', { status: 'SignatureVerified', requestId: 7 }],
        ['LogStatusNotification', { status: 'Uploaded', requestId: 8 }],
      ];
      for (const [action, payload] of messages) expect(await sec.call(action, payload)).toEqual({});
      const kept = await h.db.chargerMessage.findMany({ where: { chargerId: other.id }, orderBy: { id: 'asc' } });
      expect(kept.map((m) => [m.action, m.payload])).toEqual(messages);
      expect(await h.db.charger.findUniqueOrThrow({ where: { id: other.id } })).toMatchObject({
        firmwareStatus: 'SignatureVerified',
        diagnosticsStatus: 'Uploaded',
      });
      // Validated like every other message: a missing timestamp is refused and not kept.
      await expect(sec.call('SecurityEventNotification', { type: 'TamperDetectionActivated' })).rejects.toMatchObject({
        rpcErrorCode: 'OccurenceConstraintViolation',
      });
      expect(await h.db.chargerMessage.count({ where: { chargerId: other.id } })).toBe(3);
      // No certificate authority: a CSR is kept for the operator and refused with Rejected.
      expect(await sec.call('SignCertificate', { csr: 'MIIBCSR' })).toEqual({ status: 'Rejected' });
      const csr = await h.db.chargerMessage.findFirst({ where: { chargerId: other.id, action: 'SignCertificate' } });
      expect(csr?.payload).toEqual({ csr: 'MIIBCSR' });
    } finally {
      await sec.close();
    }
  });

  it('StatusNotification Faulted opens a fault and recovering closes it', async () => {
    await client.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      timestamp: now(),
    });
    const connector = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 2 } });
    expect(connector).toMatchObject({ status: 'FAULTED', errorCode: 'GroundFailure' });
    const fault = await h.db.fault.findFirstOrThrow({
      where: { chargerId: charger.id, evseId: 2, kind: 'CONNECTOR_ERROR' },
    });
    expect(fault).toMatchObject({ code: 'GroundFailure', endedAt: null });

    await client.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'GroundFailure',
      status: 'Faulted',
      timestamp: now(),
    });
    expect(await h.db.fault.count({ where: { chargerId: charger.id, evseId: 2, endedAt: null } })).toBe(1);

    await client.call('StatusNotification', {
      connectorId: 2,
      errorCode: 'NoError',
      status: 'Available',
      timestamp: now(),
    });
    const closed = await h.db.fault.findUniqueOrThrow({ where: { id: fault.id } });
    expect(closed.endedAt).not.toBeNull();
    expect(await h.db.statusEvent.count({ where: { chargerId: charger.id, evseId: 2 } })).toBe(3);
  });

  it('StatusNotification for connector 0 sets the station status; an unknown connector is created', async () => {
    await client.call('StatusNotification', { connectorId: 0, errorCode: 'NoError', status: 'Unavailable' });
    await client.call('StatusNotification', { connectorId: 3, errorCode: 'NoError', status: 'Available' });
    expect((await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } })).status).toBe('UNAVAILABLE');
    expect(
      await h.db.connector.findFirst({ where: { chargerId: charger.id, evseId: 3, status: 'AVAILABLE' } }),
    ).not.toBeNull();
  });

  it('runs a transaction: start, meter values, stop with transactionData', async () => {
    const started = new Date(Date.now() - 60_000).toISOString();
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-OK',
      meterStart: 10_000,
      timestamp: started,
    })) as {
      transactionId: number;
      idTagInfo: { status: string };
    };
    expect(start.idTagInfo.status).toBe('Accepted');
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, seq: start.transactionId } });
    expect(tx).toMatchObject({
      status: 'ACTIVE',
      evseId: 1,
      meterStartWh: 10_000,
      idTag: 'TAG-OK',
      ocppTransactionId: String(start.transactionId),
    });
    expect(tx.idTokenId).not.toBeNull();

    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [
        {
          timestamp: now(),
          sampledValue: [
            { value: '12500', measurand: 'Energy.Active.Import.Register', unit: 'Wh' },
            { value: '7.4', measurand: 'Power.Active.Import', unit: 'kW' },
            { value: '48', measurand: 'SoC', unit: 'Percent' },
          ],
        },
      ],
    });
    const live = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 1 } });
    expect(live).toMatchObject({ livePowerW: 7400, liveSoc: 48, liveEnergyWh: 2500 });
    expect((await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).energyWh).toBe(2500);

    const stop = (await client.call('StopTransaction', {
      transactionId: start.transactionId,
      idTag: 'TAG-OK',
      meterStop: 13_000,
      timestamp: now(),
      reason: 'Local',
      transactionData: [{ timestamp: now(), sampledValue: [{ value: '13000', context: 'Transaction.End' }] }],
    })) as { idTagInfo?: { status: string } };
    expect(stop.idTagInfo?.status).toBe('Accepted');
    const done = await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } });
    expect(done).toMatchObject({ status: 'COMPLETED', meterStopWh: 13_000, energyWh: 3000, stopReason: 'Local' });
    // Priced by the tariffs use case as the transaction ended: 3 kWh at ₹18 or ₹22 per kWh, or
    // in between when the minute-long session straddles the 18:00 or 22:00 IST peak boundary (the
    // energy is split across it in proportion to time).
    expect(done.pricedAt).not.toBeNull();
    expect(done.costMinor).toBeGreaterThanOrEqual(5400);
    expect(done.costMinor).toBeLessThanOrEqual(6600);
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(4);
  });

  it('keeps a lifetime energy register past 2^31 Wh exact (a busy DC charger reaches it)', async () => {
    const base = 3_000_000_000;
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-OK',
      meterStart: base,
      timestamp: now(),
    })) as { transactionId: number };
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [{ timestamp: now(), sampledValue: [{ value: String(base + 2500) }] }],
    });
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, seq: start.transactionId } });
    expect(tx).toMatchObject({ meterStartWh: base, lastMeterWh: base + 2500, energyWh: 2500 });
    const live = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 1 } });
    expect(live.liveEnergyWh).toBe(2500);
    await client.call('StopTransaction', {
      transactionId: start.transactionId,
      meterStop: base + 3001,
      timestamp: now(),
      reason: 'Local',
    });
    expect(await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).toMatchObject({
      status: 'COMPLETED',
      meterStopWh: base + 3001,
      energyWh: 3001,
    });
  });

  it('stores a leap-second timestamp (RFC 3339 allows 23:59:60) as the last millisecond of its minute', async () => {
    // The last leap second so far: a charger in service then, for its time to be a plausible one.
    const veteran = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
    await h.db.charger.update({ where: { id: veteran.id }, data: { createdAt: new Date('2016-06-01T00:00:00Z') } });
    const c = await connect(h.url, veteran.identity, 'ocpp1.6');
    try {
      await c.call('StatusNotification', {
        connectorId: 1,
        errorCode: 'NoError',
        status: 'Available',
        timestamp: '2016-12-31T23:59:60Z',
      });
    } finally {
      await c.close();
    }
    const event = await h.db.statusEvent.findFirstOrThrow({
      where: { chargerId: veteran.id },
      orderBy: { id: 'desc' },
    });
    expect(event.timestamp.toISOString()).toBe('2016-12-31T23:59:59.999Z');
  });

  it('accepts readings no meter can mean, stores them as sent, and keeps the session figures sane', async () => {
    // Firmware seen in the field: meterStart 0, then the lifetime register (3 GWh) in MeterValues.
    const start = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'TAG-OK',
      meterStart: 0,
      timestamp: now(),
    })) as { transactionId: number };
    await client.call('MeterValues', {
      connectorId: 1,
      transactionId: start.transactionId,
      meterValue: [
        {
          timestamp: now(),
          sampledValue: [
            { value: '3000000000' },
            { value: '5000000', measurand: 'Power.Active.Import', unit: 'kW' },
            { value: '250', measurand: 'SoC', unit: 'Percent' },
          ],
        },
      ],
    });
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, seq: start.transactionId } });
    expect(tx).toMatchObject({
      meterStartWh: 0,
      lastMeterWh: 3_000_000_000,
      energyWh: 0,
      livePowerW: null,
      liveSoc: null,
    });
    const samples = await h.db.meterSample.findMany({ where: { transactionId: tx.id }, orderBy: { measurand: 'asc' } });
    expect(samples.map((x) => [x.measurand, x.value])).toEqual([
      ['Energy.Active.Import.Register', 3_000_000_000],
      ['Power.Active.Import', 5_000_000],
      ['SoC', 250],
    ]);
    expect(
      await client.call('StopTransaction', {
        transactionId: start.transactionId,
        meterStop: 3_000_000_500,
        timestamp: now(),
        reason: 'Local',
      }),
    ).toMatchObject({});
    expect(await h.db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).toMatchObject({
      status: 'COMPLETED',
      meterStopWh: 3_000_000_500,
      energyWh: 0,
    });
  });

  it.each([
    ['DataTransfer', { vendorId: 'com.example', messageId: 'hello', data: 'x' }, { status: 'UnknownVendorId' }],
    ['DiagnosticsStatusNotification', { status: 'Uploaded' }, {}],
    ['FirmwareStatusNotification', { status: 'Installed' }, {}],
  ])('%s is recorded before it is answered', async (action, payload, reply) => {
    expect(await client.call(action, payload)).toEqual(reply);
    const row = await h.db.chargerMessage.findFirst({
      where: { chargerId: charger.id, action },
      orderBy: { id: 'desc' },
    });
    expect(row?.payload).toEqual(payload);
  });

  it('status fields of diagnostics and firmware land on the charger', async () => {
    const row = await h.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
    expect(row).toMatchObject({ diagnosticsStatus: 'Uploaded', firmwareStatus: 'Installed' });
  });

  it('marks the charger offline when it disconnects', async () => {
    await client.close();
    await waitFor(() => h.db.charger.findFirst({ where: { id: charger.id, online: false, relayInstanceId: null } }));
  });
});
