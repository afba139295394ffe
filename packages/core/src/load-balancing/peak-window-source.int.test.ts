import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capacityBlocks, capacitySources, effectiveCapacity } from './capacity-limits.ts';
import { expectedPeakPower } from './expected-peak-power.ts';
import { peakWindowSource } from './peak-window-source.ts';

// Peak-hour throttling (#21): the site caps of the tariffs that apply at a site become capacity
// blocks on its top circuit, in the site's time zone; a site-scoped tariff replaces the fleet-wide one.

let t: TestDatabase;
let tenantId: string;
const IST_OFFSET = 5.5 * 3_600_000;
/** 2026-11-27 at hh:mm in India. */
const ist = (hh: number, mm = 0) => Date.UTC(2026, 10, 27, hh, mm) - IST_OFFSET;
const definition = (powerCaps: object[]) => ({
  currency: 'INR',
  minorUnits: 2,
  taxRateBps: 1800,
  elements: [{ components: [{ dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' }] }],
  powerCaps,
});
const top = { maxCurrentA: 100, maxPowerW: null, phases: 3, voltageV: 230 };

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: 'peak', name: 'Peak' } })).id;
});
afterAll(async () => t.drop());

const aSite = (name: string) =>
  t.db.site.create({
    data: { tenantId, name, address: '1 Road', city: 'Pune', state: 'MH', timezone: 'Asia/Kolkata' },
  });
const aTariff = async (siteId: string | null, powerCaps: object[]) => {
  const tariff = await t.db.tariff.create({
    data: { tenantId, name: siteId ? 'Site tariff' : 'Fleet tariff', siteId },
  });
  await t.db.tariffVersion.create({
    data: {
      tenantId,
      tariffId: tariff.id,
      version: 1,
      definition: definition(powerCaps),
      activeFrom: new Date(ist(0)),
    },
  });
};
const query = (siteId: string) => ({
  db: t.db,
  tenantId,
  siteId,
  topCircuitId: 'main',
  topCircuit: top,
  from: ist(12),
  to: ist(12) + 86_400_000,
});

describe('peak windows cap the site', () => {
  it('every rebalance consults the peak windows (registered by default)', () => {
    expect(capacitySources()).toContain(peakWindowSource);
  });

  it("a fleet-wide tariff's 50% evening cap halves the site's 69 kW main from 18:00 to 22:00 India time", async () => {
    const site = await aSite('Mall');
    await aTariff(null, [
      { label: 'Evening peak', maxKw: 22, sitePct: 50, restrictions: { startTime: '18:00', endTime: '22:00' } },
    ]);
    const blocks = await capacityBlocks(query(site.id), [peakWindowSource]);
    expect(blocks).toEqual([
      { circuitId: 'main', from: ist(18), to: ist(22), maxPowerW: 34_500, label: 'Fleet tariff: Evening peak' },
    ]);
    const main = { id: 'main', maxCurrentA: 100, maxPowerW: null };
    expect(effectiveCapacity(main, blocks, ist(17, 59))).toMatchObject({ maxCurrentA: 100, maxPowerW: null });
    expect(effectiveCapacity(main, blocks, ist(18))).toMatchObject({ maxCurrentA: 100, maxPowerW: 34_500 });
    expect(effectiveCapacity(main, blocks, ist(22))).toMatchObject({ maxPowerW: null });
  });

  it("a site's own tariff replaces the fleet-wide one there, and another tenant's tariffs never count", async () => {
    const site = await aSite('Depot');
    await aTariff(site.id, [
      { label: 'Grid alert', maxKw: 11, siteMaxKw: 20, restrictions: { startTime: '19:00', endTime: '20:00' } },
    ]);
    const other = await t.db.tenant.create({ data: { slug: 'other', name: 'Other' } });
    const theirs = await t.db.tariff.create({ data: { tenantId: other.id, name: 'Theirs', siteId: site.id } });
    await t.db.tariffVersion.create({
      data: {
        tenantId: other.id,
        tariffId: theirs.id,
        version: 1,
        definition: definition([{ label: 'X', maxKw: 1, siteMaxKw: 1, restrictions: {} }]),
        activeFrom: new Date(ist(0)),
      },
    });
    expect(await capacityBlocks(query(site.id), [peakWindowSource])).toEqual([
      { circuitId: 'main', from: ist(19), to: ist(20), maxPowerW: 20_000, label: 'Site tariff: Grid alert' },
    ]);
  });

  it('the driver sees the expected power in the window: the per-charger cap, or the share of the site cap if lower', async () => {
    const site = await aSite('Office');
    await aTariff(site.id, [
      { label: 'Evening peak', maxKw: 11, siteMaxKw: 15, restrictions: { startTime: '18:00', endTime: '22:00' } },
    ]);
    const main = await t.db.loadCircuit.create({
      data: { tenantId, siteId: site.id, name: 'Main', phases: 3, maxPowerW: 44_000 },
    });
    const chargers: { charger: { id: string }; connector: { id: string } }[] = [];
    for (const id of ['OFF-1', 'OFF-2']) {
      const c = await t.db.charger.create({ data: { tenantId, identity: id, siteId: site.id } });
      const evse = await t.db.evse.create({ data: { tenantId, chargerId: c.id, evseId: 1 } });
      const connector = await t.db.connector.create({
        data: { tenantId, chargerId: c.id, evseRowId: evse.id, evseId: 1, connectorId: 1 },
      });
      await t.db.loadCircuitEvse.create({ data: { tenantId, circuitId: main.id, chargerId: c.id, evseId: 1 } });
      chargers.push({ charger: c, connector });
    }
    const expected = () =>
      expectedPeakPower({
        db: t.db,
        tenantId,
        connectorRowId: chargers[1]!.connector.id,
        maxPowerKw: 22,
        now: ist(12),
        sources: [peakWindowSource],
      });
    // Alone at the site: the 11 kW per-charger cap is below the 15 kW site cap.
    expect(await expected()).toEqual([{ start: ist(18), end: ist(22), expectedKw: 11, label: 'Evening peak' }]);
    // With a session already running on the other charger, the site's 15 kW are shared by two.
    await t.db.transaction.create({
      data: {
        tenantId,
        chargerId: chargers[0]!.charger.id,
        evseId: 1,
        ocppTransactionId: 'T-1',
        startedAt: new Date(ist(11)),
      },
    });
    expect(await expected()).toEqual([
      { start: ist(18), end: ist(22), expectedKw: 7.5, label: 'Site tariff: Evening peak' },
    ]);
  });
});
