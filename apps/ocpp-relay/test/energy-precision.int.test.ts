import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RPCClient } from 'ocpp-rpc';
import { seedDefaultTariff } from '@magma/core/tariffs';
import { aCharger, connect, startHarness, waitFor, type Harness } from './support.ts';

// Issue #20 defect: energy was rounded to whole Wh on the way in, so a 2.0.1 station reporting
// 125.11 Wh was stored and priced as 125 (over 1,011 sessions the sum drifted by 10 Wh). From the
// station's kWh register with five decimals to the priced line, the precision is kept: the
// register to the mWh, the energy line in mWh.

let h: Harness;
let client: RPCClient;
let chargerId: string;

beforeAll(async () => {
  h = await startHarness();
  const charger = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
  chargerId = charger.id;
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'CARD-MWH' } });
  await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  client = await connect(h.url, charger.identity, 'ocpp2.0.1');
  await client.call('BootNotification', { reason: 'PowerUp', chargingStation: { model: 'M', vendorName: 'V' } });
});
afterAll(async () => {
  await client?.close();
  await h?.stop();
});

const kWh = (value: number, timestamp: string, context: string) => ({
  timestamp,
  sampledValue: [{ value, context, measurand: 'Energy.Active.Import.Register', unitOfMeasure: { unit: 'kWh' } }],
});

describe('energy precision from the station to the price', () => {
  it('a session of 125.11 Wh (kWh register, five decimals) is stored and priced as 125.11 Wh, not 125', async () => {
    const t0 = Date.now() - 5 * 60_000;
    const at = (m: number) => new Date(t0 + m * 60_000).toISOString();
    const base = { transactionInfo: { transactionId: 'tx-mwh' }, evse: { id: 1, connectorId: 1 } };
    await client.call('TransactionEvent', {
      ...base,
      eventType: 'Started',
      timestamp: at(0),
      triggerReason: 'Authorized',
      seqNo: 0,
      idToken: { idToken: 'CARD-MWH', type: 'ISO14443' },
      meterValue: [kWh(1.0, at(0), 'Transaction.Begin')],
    });
    await client.call('TransactionEvent', {
      ...base,
      eventType: 'Ended',
      timestamp: at(2),
      triggerReason: 'StopAuthorized',
      seqNo: 1,
      transactionInfo: { transactionId: 'tx-mwh', stoppedReason: 'Local' },
      meterValue: [kWh(1.12511, at(2), 'Transaction.End')],
    });
    const tx = await waitFor(
      () => h.db.transaction.findFirst({ where: { chargerId, ocppTransactionId: 'tx-mwh', pricedAt: { not: null } } }),
      10_000,
    );
    expect(tx.meterStartWh).toBeCloseTo(1000, 6);
    expect(tx.meterStopWh).toBeCloseTo(1125.11, 6);
    const lines = tx.costLines as { dimension: string; quantity: number; unit: string }[];
    expect(lines.find((l) => l.dimension === 'ENERGY')).toMatchObject({ quantity: 125_110, unit: 'mWh' });
  });
});
