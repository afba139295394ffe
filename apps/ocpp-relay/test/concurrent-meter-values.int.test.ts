import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { meterReadings, MeterWriter, type MeterWrite } from '@magma/core/charging';
import { aCharger, connect, now, startHarness, type Harness } from './support.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
});

describe('MeterValues of many chargers at once', () => {
  it('keeps every charger’s readings on its own transaction when many arrive at the same moment', async () => {
    const fleet: { client: RPCClient; chargerId: string; txId: number; start: number }[] = [];
    for (let i = 0; i < 25; i++) {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, connectors: 1 });
      const client = await connect(h.url, c.identity, 'ocpp1.6');
      const start = 1000 * i;
      const { transactionId } = (await client.call('StartTransaction', {
        connectorId: 1,
        idTag: 'T',
        meterStart: start,
        timestamp: now(),
      })) as { transactionId: number };
      fleet.push({ client, chargerId: c.id, txId: transactionId, start });
    }
    await Promise.all(
      fleet.map(({ client, txId, start }, i) =>
        client.call('MeterValues', {
          connectorId: 1,
          transactionId: txId,
          meterValue: [
            {
              timestamp: now(),
              sampledValue: [
                { value: String(start + 10 * (i + 1)) },
                { value: String(100 * i), measurand: 'Power.Active.Import', unit: 'W' },
              ],
            },
          ],
        }),
      ),
    );
    for (const [i, { chargerId, txId, client }] of fleet.entries()) {
      const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId, seq: txId } });
      expect(tx.energyWh).toBe(10 * (i + 1));
      expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(2);
      const connector = await h.db.connector.findFirstOrThrow({ where: { chargerId } });
      expect(connector).toMatchObject({ liveEnergyWh: 10 * (i + 1), livePowerW: 100 * i });
      await client.close();
    }
  });
});

describe('meter writes sharing a statement', () => {
  async function runningSessions(n: number) {
    const out: { tenantId: string; chargerId: string; seq: number; client: RPCClient }[] = [];
    for (let i = 0; i < n; i++) {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, connectors: 1 });
      const client = await connect(h.url, c.identity, 'ocpp1.6');
      const { transactionId } = (await client.call('StartTransaction', {
        connectorId: 1,
        idTag: 'T',
        meterStart: 0,
        timestamp: now(),
      })) as { transactionId: number };
      out.push({ tenantId: h.tenant.id, chargerId: c.id, seq: transactionId, client });
    }
    return out;
  }
  const aWrite = (s: { tenantId: string; chargerId: string; seq: number }, energyWh: number): MeterWrite => {
    const samples = [
      { timestamp: new Date(), measurand: 'Energy.Active.Import.Register', unit: 'Wh', value: energyWh },
    ];
    return { ...s, evseId: 1, transactionSeq: s.seq, readings: meterReadings(samples), samples };
  };

  it('batches concurrent writes, answers each with its own transaction, and fails only a write the database refuses', async () => {
    const sessions = await runningSessions(12);
    const batches: number[] = [];
    const writer = new MeterWriter(h.db, { maxInFlight: 1, onBatch: (size) => batches.push(size) });
    // A sample without a value (the relay never sends one; here it stands for any row PostgreSQL
    // refuses): the samples' NOT NULL value fails that write's statement.
    const refusedWrite = (s: (typeof sessions)[number]) => {
      const w = aWrite(s, 600);
      return { ...w, samples: w.samples.map((x) => ({ ...x, value: Number.NaN })) };
    };
    const results = await Promise.allSettled(
      sessions.map((s, i) => writer.write(i === 5 ? refusedWrite(s) : aWrite(s, 100 * (i + 1)))),
    );
    expect(batches[0]).toBe(1);
    expect(Math.max(...batches)).toBe(11);
    expect(results[5]).toMatchObject({ status: 'rejected' });
    for (const [i, s] of sessions.entries()) {
      if (i === 5) continue;
      const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: s.chargerId, seq: s.seq } });
      expect(results[i]).toEqual({
        status: 'fulfilled',
        value: { transactionId: tx.id, activeId: tx.id, energyWh: 100 * (i + 1), evseId: 1 },
      });
      expect(tx.lastMeterWh).toBe(100 * (i + 1));
      expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(1);
    }
    const refused = sessions[5]!;
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: refused.chargerId, seq: refused.seq } });
    expect(await h.db.meterSample.count({ where: { transactionId: tx.id } })).toBe(0);
    await Promise.all(sessions.map((s) => s.client.close()));
  });

  it('puts two writes of one charger in separate statements, in the order they came', async () => {
    const [s] = await runningSessions(1);
    const batches: number[] = [];
    const writer = new MeterWriter(h.db, { maxInFlight: 1, onBatch: (size) => batches.push(size) });
    await Promise.all([writer.write(aWrite(s!, 700)), writer.write(aWrite(s!, 900))]);
    expect(batches).toEqual([1, 1]);
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId: s!.chargerId, seq: s!.seq } });
    expect(tx).toMatchObject({ lastMeterWh: 900, energyWh: 900 });
    await s!.client.close();
  });
});
