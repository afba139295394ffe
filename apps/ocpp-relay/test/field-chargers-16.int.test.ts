import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import WebSocket from 'ws';
import { getSessionDetail } from '@magma/core/sessions';
import { tenantScope } from '@magma/core/tenancy';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, anIdentity, connect, now, startHarness, type Harness } from './support.ts';

// What third-party 1.6 chargers send that the spec allows, beyond the happy path of
// messages-16.int.test.ts: units and locations of sampled values, signed meter data, optional
// fields left out.

let h: Harness;
let client: RPCClient;
let charger: Awaited<ReturnType<typeof aCharger>>;

beforeAll(async () => {
  h = await startHarness();
  charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'TAG-OK' } });
  await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  client = await connect(h.url, charger.identity, 'ocpp1.6');
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

type SampledValue = Record<string, string>;

async function aStartedTransaction(meterStart: number, connectorId = 1) {
  const r = (await client.call('StartTransaction', {
    connectorId,
    idTag: 'TAG-OK',
    meterStart,
    timestamp: new Date(Date.now() - 60_000).toISOString(),
  })) as { transactionId: number };
  return r.transactionId;
}

const meterValues = (transactionId: number, sampledValue: SampledValue[], connectorId = 1) =>
  client.call('MeterValues', { connectorId, transactionId, meterValue: [{ timestamp: now(), sampledValue }] });

const transactionOf = (seq: number) => h.db.transaction.findFirstOrThrow({ where: { chargerId: charger.id, seq } });

describe('signed meter values (format SignedData)', () => {
  // A hex-encoded signature starts with digits more often than not: it must not be read as a reading.
  const signed = '3045022100ab41f0c3e6d5';
  const ocmf = 'OCMF|{"FV":"1.0","RD":[{"RV":13.0,"RU":"kWh"}]}|{"SD":"3045"}';

  it('are not read as numbers: the session, its samples and its cost follow the raw register only', async () => {
    const seq = await aStartedTransaction(12_000);
    await meterValues(seq, [
      { value: '12500', context: 'Sample.Periodic' },
      { value: signed, format: 'SignedData', context: 'Sample.Periodic' },
    ]);
    const tx = await transactionOf(seq);
    expect(tx).toMatchObject({ energyWh: 500, lastMeterWh: 12_500 });

    await client.call('StopTransaction', {
      transactionId: seq,
      meterStop: 13_000,
      timestamp: now(),
      reason: 'EVDisconnected',
      transactionData: [
        { timestamp: now(), sampledValue: [{ value: '1300000000', format: 'SignedData', context: 'Transaction.End' }] },
      ],
    });
    const samples = await h.db.meterSample.findMany({ where: { transactionId: tx.id } });
    expect(samples.map((s) => s.value)).toEqual([12_500]);
    // 1 kWh at the seeded tariff (₹18 off-peak, ₹22 peak), whatever the time of day.
    const done = await transactionOf(seq);
    expect(done).toMatchObject({ status: 'COMPLETED', energyWh: 1000 });
    expect(done.costMinor).toBeGreaterThanOrEqual(1800);
    expect(done.costMinor).toBeLessThanOrEqual(2200);
  });

  it('are kept as sent, so the signed proof of a session can be handed over', async () => {
    const seq = await aStartedTransaction(20_000);
    await meterValues(seq, [{ value: ocmf, format: 'SignedData', context: 'Transaction.Begin' }]);
    const stop = {
      transactionId: seq,
      meterStop: 21_000,
      timestamp: now(),
      reason: 'Local',
      transactionData: [
        { timestamp: now(), sampledValue: [{ value: ocmf, format: 'SignedData', context: 'Transaction.End' }] },
      ],
    };
    await client.call('StopTransaction', stop);
    const kept = await h.db.chargerMessage.findMany({
      where: { chargerId: charger.id, action: { in: ['MeterValues', 'StopTransaction'] } },
      orderBy: { id: 'asc' },
    });
    const ofThis = kept.filter((m) => (m.payload as { transactionId?: number }).transactionId === seq);
    expect(ofThis.map((m) => m.action)).toEqual(['MeterValues', 'StopTransaction']);
    expect(ofThis[1]!.payload).toEqual(stop);
    expect(JSON.stringify(ofThis[0]!.payload)).toContain(ocmf.replaceAll('"', '\\"'));
  });

  it('a raw value that is not a decimal number is not stored as one', async () => {
    const seq = await aStartedTransaction(30_000);
    await meterValues(seq, [{ value: '30400' }, { value: '31000Wh' }, { value: '' }]);
    const tx = await transactionOf(seq);
    expect(tx).toMatchObject({ energyWh: 400, lastMeterWh: 30_400 });
    const samples = await h.db.meterSample.findMany({ where: { transactionId: tx.id } });
    expect(samples.map((s) => s.value)).toEqual([30_400]);
  });
});

describe('sampled values at several locations', () => {
  it('reads the session at the connector (Outlet, the default location), not the grid inlet meter', async () => {
    // A charger with a meter at its grid inlet too (its own lifetime register) reports both.
    const seq = await aStartedTransaction(12_000, 2);
    const at = (s: number) => new Date(Date.now() - 30_000 + s * 1000).toISOString();
    await client.call('MeterValues', {
      connectorId: 2,
      transactionId: seq,
      meterValue: [1, 2].map((k) => ({
        timestamp: at(k),
        sampledValue: [
          { value: String(12_000 + k * 250), context: 'Sample.Periodic' },
          { value: String(7.4 + k / 10), measurand: 'Power.Active.Import', unit: 'kW' },
          { value: String(880 + k / 4), measurand: 'Energy.Active.Import.Register', unit: 'kWh', location: 'Inlet' },
          { value: '7500', measurand: 'Power.Active.Import', unit: 'W', location: 'Inlet' },
          { value: '55', measurand: 'SoC', unit: 'Percent', location: 'EV' },
        ],
      })),
    });
    const tx = await transactionOf(seq);
    expect(tx).toMatchObject({ energyWh: 500, lastMeterWh: 12_500, livePowerW: 7600, liveSoc: 55 });
    const live = await h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: 2 } });
    expect(live).toMatchObject({ liveEnergyWh: 500, livePowerW: 7600, liveSoc: 55 });

    await client.call('StopTransaction', {
      transactionId: seq,
      meterStop: 13_000,
      timestamp: now(),
      reason: 'EVDisconnected',
      transactionData: [
        {
          timestamp: now(),
          sampledValue: [
            { value: '13000', context: 'Transaction.End' },
            { value: '881.1', unit: 'kWh', location: 'Inlet', context: 'Transaction.End' },
          ],
        },
      ],
    });
    // Every sample is stored as sent; the session, its price and its curve read the outlet.
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id, location: 'Inlet' } })).toBe(5);
    const done = await transactionOf(seq);
    expect(done).toMatchObject({ status: 'COMPLETED', energyWh: 1000 });
    expect(done.costMinor).toBeGreaterThanOrEqual(1800);
    expect(done.costMinor).toBeLessThanOrEqual(2200);
    const detail = await getSessionDetail({ db: h.db, scope: tenantScope(h.tenant.id), input: { sessionId: tx.id } });
    expect(detail.curve.map((p) => [p.energyWh, p.powerW])).toEqual([
      [12_250, 7500],
      [12_500, 7600],
      [13_000, null],
    ]);
  });
});

describe('clock-aligned meter values of an idle connector', () => {
  it("show the meter's register until a session starts, then the session's energy", async () => {
    const connectorId = 3;
    await client.call('StatusNotification', {
      connectorId,
      errorCode: 'NoError',
      status: 'Preparing',
      timestamp: now(),
    });
    await client.call('MeterValues', {
      connectorId,
      meterValue: [{ timestamp: now(), sampledValue: [{ value: '1234.567', unit: 'kWh', context: 'Sample.Clock' }] }],
    });
    const live = () => h.db.connector.findFirstOrThrow({ where: { chargerId: charger.id, evseId: connectorId } });
    expect((await live()).liveEnergyWh).toBe(1_234_567);

    const seq = await aStartedTransaction(1_234_567, connectorId);
    expect(await live()).toMatchObject({ liveEnergyWh: 0, livePowerW: null, liveSoc: null });
    await meterValues(seq, [{ value: '1234867' }], connectorId);
    expect((await live()).liveEnergyWh).toBe(300);
    // A start the charger retries (it never saw the answer) leaves the running session's figures alone.
    const tx = await transactionOf(seq);
    await client.call('StartTransaction', {
      connectorId,
      idTag: 'TAG-OK',
      meterStart: 1_234_567,
      timestamp: tx.startedAt.toISOString(),
    });
    expect((await live()).liveEnergyWh).toBe(300);
  });
});

describe('energy reported per phase, or per interval, with no whole-charger register', () => {
  // A session delivered from the queue three days late, 17:00 to 19:00 in the tenant's time zone
  // (Asia/Kolkata): 1 kWh before the 18:00 peak at ₹18/kWh, then 4 kWh at ₹22/kWh, ₹106.00 before
  // tax. Priced as if the 5 kWh came evenly, it would cost ₹100.00.
  const day = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  const ist = (hhmm: string) => new Date(`${day}T${hhmm}:00+05:30`).toISOString();
  const phases = (wh: number) =>
    ['L1', 'L2', 'L3'].map((phase) => ({ value: String(wh / 3), phase, context: 'Sample.Periodic' }));
  const interval = (wh: number) => [
    { value: String(wh / 1000), unit: 'kWh', measurand: 'Energy.Active.Import.Interval', context: 'Sample.Periodic' },
  ];

  it.each([
    ['per-phase import registers (L1, L2, L3)', 30_000, phases(31_000), phases(35_000), 35_000],
    ['the energy of each interval only (start and stop readings 0)', 0, interval(1000), interval(4000), 0],
  ])(
    'a charger reporting %s has its session energy live, and priced where it was delivered',
    async (_name, meterStart, at18, at19, meterStop) => {
      const cp = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16', connectors: 1 });
      const cs = await connect(h.url, cp.identity, 'ocpp1.6');
      const { transactionId } = (await cs.call('StartTransaction', {
        connectorId: 1,
        idTag: 'TAG-OK',
        meterStart,
        timestamp: ist('17:00'),
      })) as { transactionId: number };
      const live = async () => ({
        session: (await h.db.transaction.findFirstOrThrow({ where: { chargerId: cp.id, seq: transactionId } }))
          .energyWh,
        connector: (await h.db.connector.findFirstOrThrow({ where: { chargerId: cp.id, evseId: 1 } })).liveEnergyWh,
      });
      const first = { connectorId: 1, transactionId, meterValue: [{ timestamp: ist('18:00'), sampledValue: at18 }] };
      await cs.call('MeterValues', first);
      expect(await live()).toEqual({ session: 1000, connector: 1000 });
      // Sent again (our answer was lost): counted once.
      await cs.call('MeterValues', first);
      expect(await live()).toEqual({ session: 1000, connector: 1000 });
      await cs.call('MeterValues', {
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: ist('19:00'), sampledValue: at19 }],
      });
      expect(await live()).toEqual({ session: 5000, connector: 5000 });

      await cs.call('StopTransaction', { transactionId, meterStop, timestamp: ist('19:00'), reason: 'EVDisconnected' });
      const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: cp.id, seq: transactionId } });
      expect(tx).toMatchObject({ status: 'COMPLETED', energyWh: 5000, costMinor: 10_600 });
      await cs.close();
    },
  );
});

describe('StopTransaction', () => {
  it('without a reason is stopped for reason Local, as the spec defines an omitted reason', async () => {
    const seq = await aStartedTransaction(1000);
    expect(await client.call('StopTransaction', { transactionId: seq, meterStop: 1500, timestamp: now() })).toEqual({});
    expect(await transactionOf(seq)).toMatchObject({ status: 'COMPLETED', stopReason: 'Local', energyWh: 500 });
  });

  it.each([
    'EmergencyStop',
    'EVDisconnected',
    'HardReset',
    'Local',
    'Other',
    'PowerLoss',
    'Reboot',
    'Remote',
    'SoftReset',
    'UnlockCommand',
    'DeAuthorized',
  ])('keeps the reason %s', async (reason) => {
    const seq = await aStartedTransaction(1000);
    await client.call('StopTransaction', { transactionId: seq, meterStop: 1200, timestamp: now(), reason });
    expect(await transactionOf(seq)).toMatchObject({ status: 'COMPLETED', stopReason: reason, energyWh: 200 });
  });

  it('a stop reading below the start (a meter the charger could not read) keeps the energy its meter values gave', async () => {
    const seq = await aStartedTransaction(50_000);
    await meterValues(seq, [{ value: '50.8', unit: 'kWh' }]);
    await client.call('StopTransaction', { transactionId: seq, meterStop: 0, timestamp: now(), reason: 'Local' });
    const done = await transactionOf(seq);
    expect(done).toMatchObject({ status: 'COMPLETED', meterStopWh: 0, energyWh: 800 });
    // 0.8 kWh at ₹18–22 per kWh.
    expect(done.costMinor).toBeGreaterThanOrEqual(1440);
    expect(done.costMinor).toBeLessThanOrEqual(1760);
  });
});

/** Opens a WebSocket as a charger would and says what came of it. */
function attempt(url: string, protocols: string[], headers: Record<string, string> = {}) {
  return new Promise<string>((resolve) => {
    const ws = new WebSocket(url, protocols, { headers });
    ws.on('open', () => {
      resolve(`open ${ws.protocol}`);
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve(`refused ${res.statusCode}`));
    ws.on('error', () => {});
  });
}

describe('connecting', () => {
  it.each([
    ['a trailing slash', (base: string, id: string) => `${base}/${id}/`],
    ['a trailing slash on the tenant endpoint', (base: string, id: string) => `${base}/acme/${id}/`],
    ['a base URL ending in a slash', (base: string, id: string) => `${base}//${id}`],
    ['a query string after a trailing slash', (base: string, id: string) => `${base}/${id}/?fw=1.2`],
  ])('admits a charger whose URL has %s', async (_name, url) => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id });
    expect(await attempt(url(h.url, c.identity), ['ocpp1.6'])).toBe('open ocpp1.6');
  });

  it('admits an identity with URL-encoded characters, a list of subprotocols and a password with colons', async () => {
    const identity = `${anIdentity('CP')} Hall#2`;
    const password = 'pa:ss:word:0123456789';
    const c = await aCharger(h.db, { tenantId: h.tenant.id, identity, password });
    const authorization = `Basic ${Buffer.from(`${identity}:${password}`).toString('base64')}`;
    expect(await attempt(`${h.url}/${encodeURIComponent(identity)}`, ['ocpp1.5', 'ocpp1.6'], { authorization })).toBe(
      'open ocpp1.6',
    );
    expect(
      await attempt(`${h.url}/${encodeURIComponent(identity)}`, ['ocpp1.6'], {
        authorization: `Basic ${Buffer.from(`${identity}:pa:ss`).toString('base64')}`,
      }),
    ).toBe('refused 401');
    expect(c.identity).toBe(identity);
  });
});
