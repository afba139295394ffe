import { sendChargerAction } from '@magma/core/fleet';
import { estimateTransactionCost, seedDefaultTariff } from '@magma/core/tariffs';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { CALIFORNIA_BOOT_KEYS, nextOffsetChange, utcOffsetAt } from '@magma/core/cost';
import {
  californiaConfigurationStatus,
  enableCaliforniaPricing,
  simCostMessages,
  simIdlePriceText,
} from '../src/simulator/california-pricing.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

// OCPP 1.6 "California Pricing" (OCA application note): a 1.6 charger whose configuration says
// CustomDisplayCostAndPrice true is sent DataTransfer org.openchargealliance.costmsg SetUserPrice
// when a session starts, RunningCost after meter values (once a minute at most) and FinalCost when
// it ends, with the tariff engine's costs; a charger without the key is sent none of them.

describe('California Pricing for OCPP 1.6', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await seedDefaultTariff({ db: h.db, tenantId: h.tenant.id });
  });
  afterAll(async () => {
    await h?.stop();
  });

  async function aCharger16({ showsCost, operatorReads = true }: { showsCost: boolean; operatorReads?: boolean }) {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
    const sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp1.6', meterIntervalMs: 0 });
    if (showsCost) sim.config.set('CustomDisplayCostAndPrice', 'true');
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
    if (!operatorReads) return { chargerId: c.id, sim };
    // The operator reads the key (the charger page's configuration action): that is how it is known.
    const read = await sendChargerAction({
      db: h.db,
      bus: h.bus,
      scope: tenantScope(h.tenant.id),
      input: { chargerId: c.id, action: { kind: 'getConfiguration', keys: ['CustomDisplayCostAndPrice'] } },
    });
    expect(read.status).toBe('RESPONDED');
    return { chargerId: c.id, sim };
  }
  const data = (chargerId: string, messageId: string) =>
    h.db.chargerCommand
      .findMany({ where: { chargerId, action: 'DataTransfer' }, orderBy: { requestedAt: 'asc' } })
      .then((rows) =>
        rows
          .map((r) => r.payload as { vendorId: string; messageId: string; data: string })
          .filter((p) => p.messageId === messageId),
      );

  it('sends the user price at the start, the running cost after meter values and the final cost at the end', async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: true });
    const ocppId = await sim.startTransaction({ evseId: 1, idTag: 'CAL-CARD-1' });
    const [price] = await waitFor(async () => {
      const m = simCostMessages(sim).filter((x) => x.messageId === 'SetUserPrice');
      return m.length > 0 && m;
    }, 10_000);
    expect(price!.data).toEqual({ idToken: 'CAL-CARD-1', priceText: expect.stringMatching(/^INR \d+\.\d{2}\/kWh/) });
    expect((await data(chargerId, 'SetUserPrice'))[0]).toMatchObject({ vendorId: 'org.openchargealliance.costmsg' });

    await new Promise((r) => setTimeout(r, 300));
    await sim.sendMeterValues(1);
    const [running] = await waitFor(async () => {
      const m = simCostMessages(sim).filter((x) => x.messageId === 'RunningCost');
      return m.length > 0 && m;
    }, 10_000);
    const tx = await h.db.transaction.findFirstOrThrow({ where: { chargerId, ocppTransactionId: ocppId } });
    const estimate = (await estimateTransactionCost({ db: h.db, tenantId: h.tenant.id, transactionId: tx.id }))!;
    expect(running!.data).toMatchObject({
      transactionId: Number(ocppId),
      state: expect.stringMatching(/^(Charging|Idle)$/),
      chargingPrice: { kWhPrice: expect.any(Number) },
      meterValue: expect.any(Number),
      timestamp: expect.any(String),
    });
    // The estimate moves with time: the one sent is the one of that moment, within a paisa or two.
    expect(Math.abs((running!.data.cost as number) * 100 - estimate.totalMinor)).toBeLessThanOrEqual(2);
    // More meter values within the minute: no second RunningCost.
    await sim.sendMeterValues(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await data(chargerId, 'RunningCost')).toHaveLength(1);

    await sim.stopTransaction({ evseId: 1 });
    const [final] = await waitFor(async () => {
      const m = simCostMessages(sim).filter((x) => x.messageId === 'FinalCost');
      return m.length > 0 && m;
    }, 5000);
    const ended = await h.db.transaction.findFirstOrThrow({ where: { id: tx.id } });
    const priced = (await estimateTransactionCost({ db: h.db, tenantId: h.tenant.id, transactionId: tx.id }))!;
    expect(ended.status).not.toBe('ACTIVE');
    expect(final!.data).toMatchObject({
      transactionId: Number(ocppId),
      cost: priced.totalMinor / 100,
      priceText: expect.stringContaining('kWh'),
    });
    await sim.close();
  });

  it('sends nothing to a 1.6 charger without CustomDisplayCostAndPrice', async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: false });
    await sim.startTransaction({ evseId: 1, idTag: 'CAL-CARD-2' });
    await sim.sendMeterValues(1);
    await sim.stopTransaction({ evseId: 1 });
    await new Promise((r) => setTimeout(r, 800));
    expect(simCostMessages(sim)).toHaveLength(0);
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'DataTransfer' } })).toBe(0);
    await sim.close();
  });

  it('reads the keys once after the boot, not per session, and sends the price from that answer', async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: true, operatorReads: false });
    const read = await waitFor(
      () => h.db.chargerCommand.findFirst({ where: { chargerId, action: 'GetConfiguration', status: 'RESPONDED' } }),
      10_000,
    );
    expect(read).toMatchObject({ source: 'cost', payload: { key: [...CALIFORNIA_BOOT_KEYS] } });
    for (const card of ['CAL-CARD-3', 'CAL-CARD-3B']) {
      const before = simCostMessages(sim).length;
      await sim.startTransaction({ evseId: 1, idTag: card });
      await waitFor(
        async () =>
          simCostMessages(sim)
            .slice(before)
            .some((x) => x.messageId === 'SetUserPrice'),
        10_000,
      );
      await sim.stopTransaction({ evseId: 1 });
    }
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'GetConfiguration' } })).toBe(1);
    await sim.close();
  });

  it('a charger that answers the key unknown is asked once and sent nothing', async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: false, operatorReads: false });
    for (const card of ['CAL-CARD-4', 'CAL-CARD-5']) {
      await sim.startTransaction({ evseId: 1, idTag: card });
      await waitFor(
        () => h.db.chargerCommand.findFirst({ where: { chargerId, action: 'GetConfiguration', status: 'RESPONDED' } }),
        10_000,
      );
      await sim.sendMeterValues(1);
      await sim.stopTransaction({ evseId: 1 });
    }
    await new Promise((r) => setTimeout(r, 800));
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'GetConfiguration' } })).toBe(1);
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'DataTransfer' } })).toBe(0);
    expect(simCostMessages(sim)).toHaveLength(0);
    await sim.close();
  });

  it("an operator's DataTransfer goes out as typed and the charger's answer is the command's reply", async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: false });
    const row = await sendChargerAction({
      db: h.db,
      bus: h.bus,
      scope: tenantScope(h.tenant.id),
      input: {
        chargerId,
        action: { kind: 'dataTransfer', vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' },
      },
    });
    expect(lastCommand(sim)).toMatchObject({
      action: 'DataTransfer',
      params: { vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' },
    });
    expect(row).toMatchObject({ status: 'RESPONDED', response: { status: 'Accepted', data: 'pong' } });
    await expect(
      sendChargerAction({
        db: h.db,
        bus: h.bus,
        scope: tenantScope(h.tenant.id),
        input: { chargerId, action: { kind: 'dataTransfer', vendorId: '' } },
      }),
    ).rejects.toThrow();
    await sim.close();
  });
  it('writes the default price, the price text in the languages it writes and the time offsets of the site', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16' });
    const site = await h.db.site.create({
      data: {
        tenantId: h.tenant.id,
        name: 'Cal site',
        address: '1 Main St',
        city: 'Sacramento',
        state: 'CA',
        timezone: 'America/Los_Angeles',
      },
    });
    await h.db.charger.update({ where: { id: c.id }, data: { siteId: site.id } });
    const sim = new SimulatedCharger({ url: h.url, identity: c.identity, protocol: 'ocpp1.6', meterIntervalMs: 0 });
    enableCaliforniaPricing(sim, ['en-US', 'es']);
    await sim.start();
    const changes = () =>
      h.db.chargerCommand.findMany({
        where: { chargerId: c.id, action: 'ChangeConfiguration' },
        orderBy: { requestedAt: 'asc' },
      });
    const rows = await waitFor(async () => {
      const r = await changes();
      return r.length === 5 && r.every((x) => x.status === 'RESPONDED') && r;
    }, 10_000);
    const keys = rows.map((r) => (r.payload as { key: string }).key);
    expect(keys).toEqual([
      'DefaultPrice',
      'DefaultPriceText,en-US',
      'TimeOffset',
      'NextTimeOffsetTransitionDateTime',
      'TimeOffsetNextTransition',
    ]);
    expect(rows.map((r) => (r.response as { status: string }).status)).toEqual(Array(5).fill('Accepted'));
    const price = JSON.parse(sim.config.get('DefaultPrice')!) as Record<string, unknown>;
    expect(price).toMatchObject({
      priceText: expect.stringMatching(/^INR \d+\.\d{2}\/kWh/),
      priceTextOffline: expect.any(String),
      chargingPrice: { kWhPrice: expect.any(Number) },
    });
    expect(sim.config.get('DefaultPrice')!.length).toBeLessThanOrEqual(500);
    // No Spanish text is written (prices are written in English): the charger keeps its own.
    expect(sim.config.has('DefaultPriceText,es')).toBe(false);
    expect(simIdlePriceText(sim)).toBe(price.priceText);
    const now = new Date();
    expect(sim.config.get('TimeOffset')).toBe(utcOffsetAt('America/Los_Angeles', now));
    expect(['-08:00', '-07:00']).toContain(sim.config.get('TimeOffset'));
    const change = nextOffsetChange('America/Los_Angeles', now)!;
    expect(sim.config.get('NextTimeOffsetTransitionDateTime')).toBe(change.at.toISOString());
    expect(sim.config.get('TimeOffsetNextTransition')).toBe(change.offset);
    expect(change.offset).not.toBe(sim.config.get('TimeOffset'));

    // A second boot writes only what the charger does not already hold (its per-language text is not read back).
    await sim.boot();
    await waitFor(async () => (await changes()).length === 6, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect((await changes()).slice(5).map((r) => (r.payload as { key: string }).key)).toEqual([
      'DefaultPriceText,en-US',
    ]);
    expect(await h.db.chargerCommand.count({ where: { chargerId: c.id, action: 'GetConfiguration' } })).toBe(2);
    await sim.close();
  });

  it('writes nothing to a charger without the extension, and a charger refuses a value of the wrong form', async () => {
    const { chargerId, sim } = await aCharger16({ showsCost: false, operatorReads: false });
    await waitFor(
      () => h.db.chargerCommand.findFirst({ where: { chargerId, action: 'GetConfiguration', status: 'RESPONDED' } }),
      10_000,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await h.db.chargerCommand.count({ where: { chargerId, action: 'ChangeConfiguration' } })).toBe(0);
    await sim.close();
    const shows = new SimulatedCharger({ url: h.url, identity: 'CAL-NOCONNECT', protocol: 'ocpp1.6' });
    enableCaliforniaPricing(shows, ['en-US']);
    expect(californiaConfigurationStatus(shows, 'DefaultPrice', '{"priceText":""}')).toBe('Rejected');
    expect(californiaConfigurationStatus(shows, 'TimeOffset', '5:30')).toBe('Rejected');
    expect(californiaConfigurationStatus(shows, 'CustomDisplayCostAndPrice', 'false')).toBe('Rejected');
    expect(californiaConfigurationStatus(shows, 'DefaultPriceText,fr', '{"priceText":"x"}')).toBe('Rejected');
    expect(californiaConfigurationStatus(shows, 'TimeOffset', '-07:00')).toBe('Accepted');
  });
});
