import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantEventsChannel, type LiveEvent } from '@magma/core/bus';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// How 1.6 transactions survive what field chargers do to them: stops that never come, clocks that
// were never set, answers lost on the way back, whole sessions delivered after an outage.

let h: Harness;
const events: LiveEvent[] = [];

beforeAll(async () => {
  h = await startHarness();
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'TAG-OK' } });
  await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  await h.bus.subscribe(tenantEventsChannel(h.tenant.id), (m) => events.push(m as LiveEvent));
});
afterAll(async () => {
  await h?.stop();
});

async function aConnectedCharger() {
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  const client = await connect(h.url, charger.identity, 'ocpp1.6');
  const seqOf = (r: unknown) => (r as { transactionId: number }).transactionId;
  return {
    charger,
    client,
    start: async (connectorId: number, meterStart: number, at: Date) =>
      seqOf(
        await client.call('StartTransaction', {
          connectorId,
          idTag: 'TAG-OK',
          meterStart,
          timestamp: at.toISOString(),
        }),
      ),
    meter: (connectorId: number, transactionId: number, wh: number, at: Date) =>
      client.call('MeterValues', {
        connectorId,
        transactionId,
        meterValue: [{ timestamp: at.toISOString(), sampledValue: [{ value: String(wh) }] }],
      }),
    stop: (transactionId: number, meterStop: number, at: Date, reason = 'Local') =>
      client.call('StopTransaction', { transactionId, meterStop, timestamp: at.toISOString(), reason }),
    tx: (seq: number) => h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, seq } }),
  };
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

describe('a session whose StopTransaction never came', () => {
  it('is closed when a new transaction starts on its connector, ended at its last reading and priced', async () => {
    const cp = await aConnectedCharger();
    const startA = minutesAgo(20);
    const a = await cp.start(1, 10_000, startA);
    const lastReading = minutesAgo(17);
    await cp.meter(1, a, 12_000, lastReading);
    const other = await cp.start(2, 5_000, minutesAgo(19));
    // The charger reboots, loses its queue, and starts the next driver's session on connector 1.
    await cp.client.call('BootNotification', { chargePointVendor: 'Magma', chargePointModel: 'AC-22' });
    expect((await cp.tx(a)).status).toBe('ACTIVE');
    const b = await cp.start(1, 50_000, minutesAgo(10));

    const closed = await cp.tx(a);
    const next = await cp.tx(b);
    expect(closed).toMatchObject({
      status: 'COMPLETED',
      stopReason: 'Other',
      supersededById: next.id,
      stoppedAt: lastReading,
      energyWh: 2000,
      meterStopWh: null,
    });
    // 2 kWh at ₹18 (₹22 at peak), three minutes: no idle fee.
    expect(closed.costMinor).toBeGreaterThanOrEqual(3600);
    expect(closed.costMinor).toBeLessThanOrEqual(4400);
    expect(next.status).toBe('ACTIVE');
    expect((await cp.tx(other)).status).toBe('ACTIVE');
    // Announced like any ended session: the driver flow settles on this event.
    await waitFor(async () =>
      events.find((e) => e.type === 'transaction.ended' && e.transactionId === closed.id && e.energyWh === 2000),
    );
  });

  it('takes its StopTransaction when it comes after all, and is priced on the final figures', async () => {
    const cp = await aConnectedCharger();
    const a = await cp.start(1, 10_000, minutesAgo(20));
    await cp.meter(1, a, 11_000, minutesAgo(18));
    const b = await cp.start(1, 40_000, minutesAgo(10));
    await cp.meter(1, b, 40_300, minutesAgo(9));
    const before = await cp.tx(a);
    expect(before).toMatchObject({ status: 'COMPLETED', energyWh: 1000 });

    const stoppedAt = minutesAgo(15);
    expect(await cp.stop(a, 12_500, stoppedAt, 'PowerLoss')).toEqual({});
    const done = await cp.tx(a);
    expect(done).toMatchObject({
      status: 'COMPLETED',
      stopReason: 'PowerLoss',
      supersededById: before.supersededById,
      stoppedAt,
      meterStopWh: 12_500,
      energyWh: 2500,
    });
    expect(done.costMinor).toBeGreaterThanOrEqual(4500);
    expect(done.costMinor).toBeLessThanOrEqual(5500);
    // The connector still shows the session running on it.
    expect(await h.db.connector.findFirstOrThrow({ where: { chargerId: cp.charger.id, evseId: 1 } })).toMatchObject({
      liveEnergyWh: 300,
    });
    expect((await cp.tx(b)).status).toBe('ACTIVE');

    // Once stopped by the charger, a repeated stop changes nothing.
    await cp.stop(a, 99_999, minutesAgo(1), 'Other');
    expect(await cp.tx(a)).toMatchObject({ stopReason: 'PowerLoss', meterStopWh: 12_500, costMinor: done.costMinor });
  });

  it('a retried or late-delivered older start never closes the newer session', async () => {
    const cp = await aConnectedCharger();
    const startA = minutesAgo(20);
    const a = await cp.start(1, 10_000, startA);
    const b = await cp.start(1, 20_000, minutesAgo(10));
    // The charger never saw our answer to A and sends it again.
    expect(await cp.start(1, 10_000, startA)).toBe(a);
    // A session from its offline queue, older than the running one.
    const old = await cp.start(1, 5_000, minutesAgo(30));
    expect((await cp.tx(b)).status).toBe('ACTIVE');
    expect((await cp.tx(a)).status).toBe('COMPLETED');
    expect((await cp.tx(old)).status).toBe('ACTIVE');
    await cp.stop(old, 5_100, minutesAgo(29));
    expect((await cp.tx(old)).status).toBe('COMPLETED');
  });
});

describe('an older session delivered late (offline queue) while a newer one runs on its connector', () => {
  it('is recorded in full, and the connector keeps showing the newer session', async () => {
    const cp = await aConnectedCharger();
    const connector = () => h.db.connector.findFirstOrThrow({ where: { chargerId: cp.charger.id, evseId: 1 } });
    const b = await cp.start(1, 20_000, minutesAgo(10));
    await cp.client.call('MeterValues', {
      connectorId: 1,
      transactionId: b,
      meterValue: [
        {
          timestamp: minutesAgo(2).toISOString(),
          sampledValue: [{ value: '20500' }, { value: '7200', measurand: 'Power.Active.Import', unit: 'W' }],
        },
      ],
    });
    const live = { liveEnergyWh: 500, livePowerW: 7200 };
    expect(await connector()).toMatchObject(live);

    // The charger's queue still held a session it ran on the same connector half an hour ago.
    const old = await cp.start(1, 5_000, minutesAgo(30));
    expect(await connector()).toMatchObject(live);
    await cp.client.call('MeterValues', {
      connectorId: 1,
      transactionId: old,
      meterValue: [
        {
          timestamp: minutesAgo(29).toISOString(),
          sampledValue: [{ value: '5400' }, { value: '3000', measurand: 'Power.Active.Import', unit: 'W' }],
        },
      ],
    });
    expect(await connector()).toMatchObject(live);
    await cp.stop(old, 5_600, minutesAgo(28));
    expect(await connector()).toMatchObject(live);

    expect(await cp.tx(old)).toMatchObject({ status: 'COMPLETED', energyWh: 600 });
    expect(await cp.tx(b)).toMatchObject({ status: 'ACTIVE', energyWh: 500 });
    // The newer session still moves its connector.
    await cp.meter(1, b, 20_700, minutesAgo(1));
    expect(await connector()).toMatchObject({ liveEnergyWh: 700 });
  });
});

describe('a MeterValues the charger sends again (our answer was lost)', () => {
  it('keeps each reading once, and still keeps new readings at the same time of another kind', async () => {
    const cp = await aConnectedCharger();
    const seq = await cp.start(1, 1000, minutesAgo(5));
    const message = {
      connectorId: 1,
      transactionId: seq,
      meterValue: [1, 2].map((k) => ({
        timestamp: minutesAgo(4 - k).toISOString(),
        sampledValue: [
          { value: String(1000 + k * 100), context: 'Sample.Periodic' },
          { value: '7400', measurand: 'Power.Active.Import', unit: 'W', context: 'Sample.Periodic' },
        ],
      })),
    };
    await cp.client.call('MeterValues', message);
    await cp.client.call('MeterValues', message);
    const tx = await cp.tx(seq);
    expect(tx).toMatchObject({ energyWh: 200, lastMeterWh: 1200 });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(4);

    // The same instant read again as a triggered sample is a reading of its own.
    const triggered = message.meterValue[1]!;
    await cp.client.call('MeterValues', {
      connectorId: 1,
      transactionId: seq,
      meterValue: [{ timestamp: triggered.timestamp, sampledValue: [{ value: '1200', context: 'Trigger' }] }],
    });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(5);
  });
});

describe('sessions a charger ran while offline, delivered from its queue on reconnect', () => {
  // Start, readings and stop come in order, days late: the times are the charger's, not the
  // arrival's, and so is the time of day the tariff prices.
  // Three days ago in the tenant's time zone (Asia/Kolkata, UTC+05:30).
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const ist = (hhmm: string) => new Date(`${day}T${hhmm}:00+05:30`);

  it.each([
    ['in the evening peak at ₹22/kWh', '19:00', 2200],
    ['in the morning at ₹18/kWh', '10:00', 1800],
  ])('keep their original times and are priced on them: a session %s', async (_name, from, costMinor) => {
    const cp = await aConnectedCharger();
    const at = (minutes: number) => new Date(ist(from).getTime() + minutes * 60_000);
    const seq = await cp.start(1, 70_000, at(0));
    await cp.meter(1, seq, 70_400, at(2));
    await cp.meter(1, seq, 70_800, at(4));
    await cp.stop(seq, 71_000, at(5), 'EVDisconnected');

    const tx = await cp.tx(seq);
    expect(tx).toMatchObject({ status: 'COMPLETED', startedAt: at(0), stoppedAt: at(5), energyWh: 1000, costMinor });
    const samples = await h.db.meterSample.findMany({ where: { transactionId: tx.id }, orderBy: { timestamp: 'asc' } });
    expect(samples.map((s) => s.timestamp)).toEqual([at(2), at(4)]);
  });
});

describe('a charger whose clock was never set', () => {
  it('has its impossible times replaced by the receive time, noted in its message log', async () => {
    const cp = await aConnectedCharger();
    const before = new Date();
    const unset = new Date('1970-01-01T00:00:00Z');
    const seq = await cp.start(1, 3000, unset);
    // A retry of that start (our answer was lost) is still the same transaction.
    expect(await cp.start(1, 3000, unset)).toBe(seq);
    await cp.meter(1, seq, 3400, new Date('2099-06-01T12:00:00Z'));
    await cp.client.call('StatusNotification', {
      connectorId: 1,
      errorCode: 'NoError',
      status: 'Charging',
      timestamp: '2000-01-01T00:00:00Z',
    });
    await cp.stop(seq, 4000, new Date('2000-01-01T00:10:00Z'));
    const after = new Date();

    const tx = await cp.tx(seq);
    const received = (d: Date | null) => d !== null && d >= before && d <= after;
    expect(tx).toMatchObject({ status: 'COMPLETED', energyWh: 1000 });
    expect([tx.startedAt, tx.stoppedAt, tx.lastMeterAt].every(received)).toBe(true);
    // 1 kWh over seconds, not a session of decades with its idle fee.
    expect(tx.costMinor).toBeGreaterThanOrEqual(1800);
    expect(tx.costMinor).toBeLessThanOrEqual(2200);
    const [sample] = await h.db.meterSample.findMany({ where: { transactionId: tx.id } });
    expect(received(sample!.timestamp)).toBe(true);
    const connector = await h.db.connector.findFirstOrThrow({ where: { chargerId: cp.charger.id, evseId: 1 } });
    expect(received(connector.statusAt)).toBe(true);

    const notes = await h.db.chargerMessage.findMany({
      where: { chargerId: cp.charger.id, action: 'TimestampReplaced' },
      orderBy: { id: 'asc' },
    });
    expect(notes.map((n) => n.payload)).toEqual([
      { action: 'StartTransaction', replaced: [{ path: 'timestamp', sent: unset.toISOString() }] },
      { action: 'StartTransaction', replaced: [{ path: 'timestamp', sent: unset.toISOString() }] },
      { action: 'MeterValues', replaced: [{ path: 'meterValue[0].timestamp', sent: '2099-06-01T12:00:00.000Z' }] },
      { action: 'StatusNotification', replaced: [{ path: 'timestamp', sent: '2000-01-01T00:00:00Z' }] },
      { action: 'StopTransaction', replaced: [{ path: 'timestamp', sent: '2000-01-01T00:10:00.000Z' }] },
    ]);
  });

  it('keeps a clock running a little ahead of ours', async () => {
    const cp = await aConnectedCharger();
    const ahead = new Date(Date.now() + 2 * 60_000);
    const seq = await cp.start(1, 0, ahead);
    expect((await cp.tx(seq)).startedAt).toEqual(ahead);
    expect(await h.db.chargerMessage.count({ where: { chargerId: cp.charger.id, action: 'TimestampReplaced' } })).toBe(
      0,
    );
  });
});
