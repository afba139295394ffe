import { seedDefaultTariff } from '@magma/core/tariffs';
import { estimateTransactionCost } from '@magma/core/tariffs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { simDisplay } from '../src/simulator/display-messages.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// CostUpdated (2.0.1 I02): a running transaction's meter values bring the station its running
// cost from the tariff engine, at most once a minute per transaction, and only to a station whose
// reported device model has TariffCostCtrlr Enabled[Cost] true.

describe('CostUpdated during a 2.0.1 transaction', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function aStation({ showsCost }: { showsCost: boolean | null }) {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201' });
    if (showsCost !== null) {
      // What the station reported in its NotifyReport (the device model the relay stores).
      const report = await h.db.deviceReport.create({
        data: { tenantId: h.tenant.id, chargerId: c.id, kind: 'INVENTORY', requestId: 1, reportBase: 'FullInventory' },
      });
      await h.db.deviceVariable.create({
        data: {
          tenantId: h.tenant.id,
          chargerId: c.id,
          key: 'TariffCostCtrlr/Enabled[Cost]',
          component: 'TariffCostCtrlr',
          variable: 'Enabled',
          variableInstance: 'Cost',
          attributes: [
            { type: 'Actual', value: String(showsCost), mutability: 'ReadWrite', persistent: true, constant: false },
          ],
          reportId: report.id,
        },
      });
    }
    const sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp2.0.1', meterIntervalMs: 0 });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
    return { chargerId: c.id, sim };
  }

  it('sends the running cost (tax included) after meter values, once per interval per transaction', async () => {
    const { chargerId, sim } = await aStation({ showsCost: true });
    const transactionId = await sim.startTransaction({ evseId: 1, idTag: 'CARD-COST' });
    await new Promise((r) => setTimeout(r, 300));
    await sim.sendMeterValues(1);
    const [cost] = await waitFor(async () => simDisplay(sim).costs.length > 0 && simDisplay(sim).costs);
    expect(cost!.transactionId).toBe(transactionId);
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId, ocppTransactionId: transactionId } });
    const estimate = (await estimateTransactionCost({ db: h.db, tenantId: h.tenant.id, transactionId: tx.id }))!;
    // The estimate moves with time; the one sent is the one of that moment, within a paisa or two.
    expect(Math.abs(cost!.totalCost * 100 - estimate.totalMinor)).toBeLessThanOrEqual(2);
    const row = await waitFor(() =>
      h.db.chargerCommand.findFirst({ where: { chargerId, action: 'CostUpdated', status: 'RESPONDED' } }),
    );
    expect(row).toMatchObject({ source: 'cost', response: {} });
    // More meter values within the minute: no second CostUpdated.
    await sim.sendMeterValues(1);
    await sim.sendMeterValues(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(simDisplay(sim).costs).toHaveLength(1);
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'CostUpdated' } })).toBe(1);
    await sim.stopTransaction({ evseId: 1 });
    await sim.close();
  });

  it.each([
    ['reports TariffCostCtrlr Enabled[Cost] false', false],
    ['reported no TariffCostCtrlr', null],
  ] as const)('sends nothing to a station that %s', async (_, showsCost) => {
    const { chargerId, sim } = await aStation({ showsCost });
    await sim.startTransaction({ evseId: 1, idTag: 'CARD-NOCOST' });
    await sim.sendMeterValues(1);
    await new Promise((r) => setTimeout(r, 800));
    expect(simDisplay(sim).costs).toHaveLength(0);
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'CostUpdated' } })).toBe(0);
    await sim.stopTransaction({ evseId: 1 });
    await sim.close();
  });
});
