import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

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
