import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, connect, startHarness, type Harness } from './support.ts';

// OCPP 2.0.1 transactions as third-party stations run them (E01–E07, E09, F01): events that come
// twice, late or out of order, a cable plugged in before anyone is authorised, and the charging
// state the station reports only in its TransactionEvents.

let h: Harness;
let client: RPCClient;
let charger: Awaited<ReturnType<typeof aCharger>>;

const T0 = Date.now() - 10 * 60_000;
const at = (minute: number) => new Date(T0 + minute * 60_000).toISOString();

const register = (wh: number, timestamp: string, context = 'Sample.Periodic') => ({
  timestamp,
  sampledValue: [{ value: wh, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'Wh' } }],
});

type TxEvent = {
  eventType: 'Started' | 'Updated' | 'Ended';
  transactionId: string;
  seqNo: number;
  minute: number;
  triggerReason?: string;
  chargingState?: string;
  stoppedReason?: string;
  evseId?: number;
  extra?: Record<string, unknown>;
};

const txEvent = ({
  eventType,
  transactionId,
  seqNo,
  minute,
  triggerReason,
  chargingState,
  stoppedReason,
  evseId = 1,
  extra,
}: TxEvent) => ({
  eventType,
  timestamp: at(minute),
  triggerReason:
    triggerReason ??
    (eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic'),
  seqNo,
  transactionInfo: {
    transactionId,
    ...(chargingState ? { chargingState } : {}),
    ...(stoppedReason ? { stoppedReason } : {}),
  },
  evse: { id: evseId, connectorId: 1 },
  ...extra,
});

const txRow = (ocppTransactionId: string) =>
  h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, ocppTransactionId } });
const connectorStatus = async (evseId: number) =>
  (await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId } })).status;

beforeAll(async () => {
  h = await startHarness();
  charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  await h.db.idToken.createMany({
    data: [
      { tenantId: h.tenant.id, token: 'CARD-OK' },
      { tenantId: h.tenant.id, token: 'EMAID-OK' },
    ],
  });
  await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  client = await connect(h.url, charger.identity, 'ocpp2.0.1');
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

describe('OCPP 2.0.1 transactions', () => {
  it('a retried event (same seqNo, same content) is stored once', async () => {
    const id = 'tx-retry';
    const started = txEvent({
      eventType: 'Started',
      transactionId: id,
      seqNo: 0,
      minute: 0,
      extra: {
        idToken: { idToken: 'CARD-OK', type: 'ISO14443' },
        meterValue: [register(1000, at(0), 'Transaction.Begin')],
      },
    });
    const updated = txEvent({
      eventType: 'Updated',
      transactionId: id,
      seqNo: 1,
      minute: 1,
      extra: { meterValue: [register(1500, at(1))] },
    });
    const ended = txEvent({
      eventType: 'Ended',
      transactionId: id,
      seqNo: 2,
      minute: 2,
      stoppedReason: 'Local',
      extra: { meterValue: [register(2000, at(2), 'Transaction.End')] },
    });
    // Each answer is lost once: the station sends the same message again.
    for (const event of [started, started, updated, updated, ended, ended])
      await client.call('TransactionEvent', event);

    const tx = await txRow(id);
    expect(tx).toMatchObject({
      status: 'COMPLETED',
      meterStartWh: 1000,
      meterStopWh: 2000,
      energyWh: 1000,
      lastSeqNo: 2,
    });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(3);
  });

  it('a station that numbers every event 0 still has each new reading kept', async () => {
    const id = 'tx-seq-zero';
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Started',
        transactionId: id,
        seqNo: 0,
        minute: 0,
        extra: { meterValue: [register(0, at(0))] },
      }),
    );
    for (const minute of [1, 2, 3])
      await client.call(
        'TransactionEvent',
        txEvent({
          eventType: 'Updated',
          transactionId: id,
          seqNo: 0,
          minute,
          extra: { meterValue: [register(minute * 100, at(minute))] },
        }),
      );
    const tx = await txRow(id);
    expect(tx).toMatchObject({ energyWh: 300, lastMeterWh: 300 });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(4);
  });

  it('a late, older reading does not move the last reading back', async () => {
    const id = 'tx-late';
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Started',
        transactionId: id,
        seqNo: 0,
        minute: 0,
        extra: { meterValue: [register(5000, at(0), 'Transaction.Begin')] },
      }),
    );
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 2,
        minute: 2,
        extra: { meterValue: [register(7000, at(2))] },
      }),
    );
    // seqNo 1 was queued while the station was offline and arrives after seqNo 2.
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 1,
        minute: 1,
        extra: { offline: true, meterValue: [register(6000, at(1))] },
      }),
    );
    expect(await txRow(id)).toMatchObject({ lastMeterWh: 7000, energyWh: 2000, lastSeqNo: 2, offline: true });
    await client.call(
      'TransactionEvent',
      txEvent({ eventType: 'Ended', transactionId: id, seqNo: 3, minute: 3, stoppedReason: 'EVDisconnected' }),
    );
    expect(await txRow(id)).toMatchObject({
      status: 'COMPLETED',
      meterStopWh: 7000,
      energyWh: 2000,
      stopReason: 'EVDisconnected',
    });
  });

  it('a Started that arrives after an Updated sets the start time and start reading', async () => {
    const id = 'tx-started-late';
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 1,
        minute: 2,
        extra: { meterValue: [register(8000, at(2))] },
      }),
    );
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Started',
        transactionId: id,
        seqNo: 0,
        minute: 0,
        extra: {
          idToken: { idToken: 'CARD-OK', type: 'ISO14443' },
          meterValue: [register(5000, at(0), 'Transaction.Begin')],
        },
      }),
    );
    const tx = await txRow(id);
    expect(tx).toMatchObject({ meterStartWh: 5000, lastMeterWh: 8000, energyWh: 3000, idTag: 'CARD-OK', lastSeqNo: 1 });
    expect(tx.startedAt.toISOString()).toBe(at(0));
  });

  it('an Ended for a transaction never seen started takes its start reading from the Transaction.Begin sample', async () => {
    const id = 'tx-orphan';
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Ended',
        transactionId: id,
        seqNo: 4,
        minute: 5,
        stoppedReason: 'EVDisconnected',
        extra: {
          idToken: { idToken: 'EMAID-OK', type: 'eMAID' },
          meterValue: [register(20_000, at(1), 'Transaction.Begin'), register(23_500, at(5), 'Transaction.End')],
        },
      }),
    );
    const tx = await txRow(id);
    expect(tx).toMatchObject({
      status: 'COMPLETED',
      orphanStop: true,
      meterStartWh: 20_000,
      meterStopWh: 23_500,
      energyWh: 3500,
      idTag: 'EMAID-OK',
      stopReason: 'EVDisconnected',
    });
    expect(tx.startedAt.toISOString()).toBe(at(1));
  });

  it('cable plugged in first: the connector follows the charging state the events report', async () => {
    const id = 'tx-cable-first';
    await client.call('StatusNotification', {
      timestamp: at(0),
      connectorStatus: 'Occupied',
      evseId: 2,
      connectorId: 1,
    });
    const started = await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Started',
        transactionId: id,
        seqNo: 0,
        minute: 0,
        evseId: 2,
        triggerReason: 'CablePluggedIn',
        chargingState: 'EVConnected',
        extra: { meterValue: [register(100, at(0), 'Transaction.Begin')] },
      }),
    );
    expect(started).toEqual({});
    expect(await connectorStatus(2)).toBe('OCCUPIED');

    const authorized = (await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 1,
        minute: 1,
        evseId: 2,
        triggerReason: 'Authorized',
        extra: { idToken: { idToken: 'card-ok', type: 'ISO14443' } },
      }),
    )) as { idTokenInfo?: { status: string } };
    expect(authorized.idTokenInfo?.status).toBe('Accepted');

    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 2,
        minute: 2,
        evseId: 2,
        triggerReason: 'ChargingStateChanged',
        chargingState: 'Charging',
      }),
    );
    expect(await connectorStatus(2)).toBe('CHARGING');

    // A periodic update that repeats the state and carries readings.
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Updated',
        transactionId: id,
        seqNo: 3,
        minute: 3,
        evseId: 2,
        chargingState: 'SuspendedEV',
        extra: { meterValue: [register(900, at(3))] },
      }),
    );
    expect(await connectorStatus(2)).toBe('SUSPENDED_EV');
    // The station's own StatusNotification says only Occupied, which a suspended session is.
    await client.call('StatusNotification', {
      timestamp: at(3),
      connectorStatus: 'Occupied',
      evseId: 2,
      connectorId: 1,
    });
    expect(await connectorStatus(2)).toBe('SUSPENDED_EV');

    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Ended',
        transactionId: id,
        seqNo: 4,
        minute: 4,
        evseId: 2,
        chargingState: 'EVConnected',
        stoppedReason: 'Local',
      }),
    );
    expect(await connectorStatus(2)).toBe('OCCUPIED');
    await client.call('StatusNotification', {
      timestamp: at(5),
      connectorStatus: 'Available',
      evseId: 2,
      connectorId: 1,
    });
    expect(await connectorStatus(2)).toBe('AVAILABLE');

    const tx = await txRow(id);
    expect(tx).toMatchObject({ status: 'COMPLETED', idTag: 'card-ok', evseId: 2, meterStartWh: 100, energyWh: 800 });
    expect(tx.idTokenId).not.toBeNull();
  });

  it('answers the total cost of an ended, priced transaction', async () => {
    const id = 'tx-cost';
    await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Started',
        transactionId: id,
        seqNo: 0,
        minute: 0,
        extra: {
          idToken: { idToken: 'CARD-OK', type: 'ISO14443' },
          meterValue: [register(0, at(0), 'Transaction.Begin')],
        },
      }),
    );
    const ended = (await client.call(
      'TransactionEvent',
      txEvent({
        eventType: 'Ended',
        transactionId: id,
        seqNo: 1,
        minute: 1,
        stoppedReason: 'Local',
        extra: { meterValue: [register(2000, at(1), 'Transaction.End')] },
      }),
    )) as { totalCost?: number };
    const tx = await txRow(id);
    expect(tx.pricedAt).not.toBeNull();
    expect(ended.totalCost).toBe(((tx.costMinor ?? 0) + (tx.taxMinor ?? 0)) / 100);
    expect(ended.totalCost).toBeGreaterThan(0);
  });
});

describe('OCPP 2.0.1 stuck transactions', () => {
  it('a new transaction on the same EVSE closes the one whose Ended never came, and a late Ended is still kept', async () => {
    const lost = `LOST-${Date.now()}`;
    const next = `NEXT-${Date.now()}`;
    await client.call('TransactionEvent', {
      ...txEvent({ eventType: 'Started', transactionId: lost, seqNo: 0, minute: 1, evseId: 3 }),
      meterValue: [register(1000, at(1), 'Transaction.Begin')],
    });
    await client.call('TransactionEvent', {
      ...txEvent({ eventType: 'Updated', transactionId: lost, seqNo: 1, minute: 2, evseId: 3 }),
      meterValue: [register(1600, at(2))],
    });
    // The station rebooted and lost the session: its next one starts on the same EVSE.
    await client.call(
      'TransactionEvent',
      txEvent({ eventType: 'Started', transactionId: next, seqNo: 0, minute: 4, evseId: 3 }),
    );
    const [old, fresh] = await Promise.all([txRow(lost), txRow(next)]);
    expect(old).toMatchObject({ status: 'COMPLETED', stopReason: 'Other', supersededById: fresh.id, energyWh: 600 });
    expect(old.stoppedAt?.toISOString()).toBe(at(2));
    expect(fresh.status).toBe('ACTIVE');
    // Another EVSE's session is not touched.
    await client.call(
      'TransactionEvent',
      txEvent({ eventType: 'Started', transactionId: `${next}-E4`, seqNo: 0, minute: 5, evseId: 4 }),
    );
    expect((await txRow(next)).status).toBe('ACTIVE');
    // The lost session's Ended, delivered late, is accepted and kept, and the newer session runs on.
    await client.call('TransactionEvent', {
      ...txEvent({
        eventType: 'Ended',
        transactionId: lost,
        seqNo: 2,
        minute: 3,
        evseId: 3,
        stoppedReason: 'PowerLoss',
      }),
      meterValue: [register(1700, at(3), 'Transaction.End')],
    });
    // It takes the station's figures and is priced again on them.
    const ended = await txRow(lost);
    expect(ended).toMatchObject({
      status: 'COMPLETED',
      stopReason: 'PowerLoss',
      meterStopWh: 1700,
      energyWh: 700,
      supersededById: fresh.id,
    });
    expect(ended.stoppedAt?.toISOString()).toBe(at(3));
    expect(ended.costMinor).toBeGreaterThan(old.costMinor ?? 0);
    expect((await txRow(next)).status).toBe('ACTIVE');
    // Once ended by the station, a repeated Ended changes nothing.
    await client.call('TransactionEvent', {
      ...txEvent({ eventType: 'Ended', transactionId: lost, seqNo: 3, minute: 4, evseId: 3, stoppedReason: 'Other' }),
      meterValue: [register(9999, at(4), 'Transaction.End')],
    });
    expect(await txRow(lost)).toMatchObject({ stopReason: 'PowerLoss', energyWh: 700, costMinor: ended.costMinor });
  });
});

describe('OCPP 2.0.1 offline queue', () => {
  it('an older transaction delivered late is recorded in full, and the EVSE keeps showing the newer one', async () => {
    const station = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', connectors: 1 });
    const cs = await connect(h.url, station.identity, 'ocpp2.0.1');
    const connector = () => h.db.connector.findFirstOrThrow({ where: { chargerId: station.id, evseId: 1 } });
    const send = (e: TxEvent, meterValue: unknown[], offline = false) =>
      cs.call('TransactionEvent', { ...txEvent(e), ...(offline ? { offline: true } : {}), meterValue });
    const power = (w: number, timestamp: string) => ({
      timestamp,
      sampledValue: [{ value: w, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W' } }],
    });
    const running = `RUN-${Date.now()}`;
    const queued = `QUEUED-${Date.now()}`;
    await send({ eventType: 'Started', transactionId: running, seqNo: 10, minute: 5, chargingState: 'Charging' }, [
      register(20_000, at(5), 'Transaction.Begin'),
    ]);
    await send({ eventType: 'Updated', transactionId: running, seqNo: 11, minute: 8 }, [
      register(20_500, at(8)),
      power(7200, at(8)),
    ]);
    const live = { status: 'CHARGING', liveEnergyWh: 500, livePowerW: 7200 };
    expect(await connector()).toMatchObject(live);

    // Back online, the station delivers a transaction it ran on the same EVSE before this one.
    await send(
      { eventType: 'Started', transactionId: queued, seqNo: 1, minute: 1, chargingState: 'Charging' },
      [register(5_000, at(1), 'Transaction.Begin')],
      true,
    );
    expect(await connector()).toMatchObject(live);
    await send(
      { eventType: 'Updated', transactionId: queued, seqNo: 2, minute: 2 },
      [register(5_400, at(2)), power(3000, at(2))],
      true,
    );
    expect(await connector()).toMatchObject(live);
    await send(
      {
        eventType: 'Ended',
        transactionId: queued,
        seqNo: 3,
        minute: 3,
        chargingState: 'EVConnected',
        stoppedReason: 'EVDisconnected',
      },
      [register(5_600, at(3), 'Transaction.End')],
      true,
    );
    expect(await connector()).toMatchObject(live);
    const q = await h.db.transaction.findFirstOrThrow({ where: { chargerId: station.id, ocppTransactionId: queued } });
    expect(q).toMatchObject({ status: 'COMPLETED', energyWh: 600, offline: true });
    const r = await h.db.transaction.findFirstOrThrow({ where: { chargerId: station.id, ocppTransactionId: running } });
    expect(r).toMatchObject({ status: 'ACTIVE', energyWh: 500 });
    await cs.close();
  });
});

describe('OCPP 2.0.1 energy reported per phase, or per interval, with no whole-station register', () => {
  const phases = (wh: number, context = 'Sample.Periodic') =>
    ['L1-N', 'L2-N', 'L3-N'].map((phase) => ({
      value: wh / 3,
      phase,
      context,
      measurand: 'Energy.Active.Import.Register',
      unitOfMeasure: { unit: 'Wh' },
    }));
  const interval = (wh: number, context = 'Sample.Periodic') => [
    { value: wh, context, measurand: 'Energy.Active.Import.Interval', unitOfMeasure: { unit: 'Wh' } },
  ];
  it.each([
    ['per-phase import registers', phases(30_000, 'Transaction.Begin'), phases(31_000), phases(32_000), phases(33_000)],
    ['the energy of each interval only', [], interval(1000), interval(1000), interval(1000, 'Transaction.End')],
  ])('a station reporting %s has its session energy live and at the end', async (_name, begin, u1, u2, end) => {
    const station = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', connectors: 1 });
    const cs = await connect(h.url, station.identity, 'ocpp2.0.1');
    const id = `PH-${Date.now()}`;
    const send = (eventType: 'Started' | 'Updated' | 'Ended', seqNo: number, minute: number, sampledValue: unknown[]) =>
      cs.call('TransactionEvent', {
        ...txEvent({
          eventType,
          transactionId: id,
          seqNo,
          minute,
          stoppedReason: eventType === 'Ended' ? 'Local' : undefined,
        }),
        ...(sampledValue.length ? { meterValue: [{ timestamp: at(minute), sampledValue }] } : {}),
      });
    const live = async () => ({
      session: (await h.db.transaction.findFirstOrThrow({ where: { chargerId: station.id, ocppTransactionId: id } }))
        .energyWh,
      connector: (await h.db.connector.findFirstOrThrow({ where: { chargerId: station.id, evseId: 1 } })).liveEnergyWh,
    });
    await send('Started', 0, 0, begin);
    await send('Updated', 1, 1, u1);
    expect(await live()).toEqual({ session: 1000, connector: 1000 });
    // Sent again (our answer was lost): counted once.
    await send('Updated', 1, 1, u1);
    expect(await live()).toEqual({ session: 1000, connector: 1000 });
    await send('Updated', 2, 2, u2);
    expect(await live()).toEqual({ session: 2000, connector: 2000 });
    await send('Ended', 3, 3, end);
    await send('Ended', 3, 3, end);
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: station.id, ocppTransactionId: id } });
    expect(tx).toMatchObject({ status: 'COMPLETED', energyWh: 3000 });
    // 3 kWh at ₹18 or, in the evening peak, ₹22.
    expect([5400, 6600]).toContain(tx.costMinor);
    await cs.close();
  });
});

describe('OCPP 2.0.1 Authorize', () => {
  it('accepts NoAuthorization, as the TransactionEvent answer does', async () => {
    const res = (await client.call('Authorize', { idToken: { idToken: '', type: 'NoAuthorization' } })) as {
      idTokenInfo: { status: string };
    };
    expect(res.idTokenInfo.status).toBe('Accepted');
  });
});

describe('OCPP 2.0.1 connection', () => {
  it('admits an identity that travels URL-encoded (space, #, non-ASCII) under its decoded name', async () => {
    const odd = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', identity: 'CP #201 é' });
    const c = await connect(h.url, odd.identity, 'ocpp2.0.1');
    try {
      const boot = (await c.call('BootNotification', {
        reason: 'PowerUp',
        chargingStation: { model: 'X', vendorName: 'V' },
      })) as { status: string };
      expect(boot.status).toBe('Accepted');
      expect(await h.db.charger.findUniqueOrThrow({ where: { id: odd.id } })).toMatchObject({ model: 'X' });
    } finally {
      await c.close();
    }
  });
});
