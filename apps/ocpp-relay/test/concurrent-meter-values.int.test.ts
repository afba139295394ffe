import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
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
