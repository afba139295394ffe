import {
  getSiteAllocation,
  queueRebalance,
  rebalanceSite,
  recomputeSites,
  settledRebalances,
  type CircuitCapacitySource,
  upsertCircuit,
} from '@magma/core/load-balancing';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { startHarness, waitFor, type Harness } from './support.ts';
import { aBalancedCharger } from './balanced-charger.ts';

// Site load balancing end to end (#21): a 22 kW site with three 22 kW chargers (two OCPP 1.6, one
// 2.0.1) under one circuit. Every session start and stop rebalances the site through the relay's
// hook; each charger gets a TxProfile it installs, the limits never add up to more than the site
// has, and a rebalance that changes nothing sends nothing. Every EVSE also holds a 6 A fallback
// (a TxDefaultProfile under the TxProfiles) that stays reserved while it has no session.

const CAPACITY_W = 22_000;

describe('site load balancing with simulated chargers', () => {
  let h: Harness;
  let siteId: string;
  const sims: SimulatedCharger[] = [];
  const chargerIds: string[] = [];
  const scope = () => tenantScope(h.tenant.id);
  const limits = async () => {
    const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
    return chargerIds.map((id) => rows.find((r) => r.chargerId === id)!);
  };
  const profilesSent = () =>
    h.db.chargerCommand.count({ where: { chargerId: { in: chargerIds }, action: 'SetChargingProfile' } });

  beforeAll(async () => {
    h = await startHarness();
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Depot', address: '1 Grid Road', city: 'Pune', state: 'MH' },
    });
    siteId = site.id;
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'LB-TAG' } });
    const main = await upsertCircuit({
      db: h.db,
      scope: scope(),
      input: { siteId, name: 'Main', phases: 3, maxPowerW: CAPACITY_W, hysteresisA: 1 },
    });
    for (const protocol of ['OCPP16', 'OCPP201', 'OCPP16'] as const) {
      const { sim, chargerId } = await aBalancedCharger(h, { siteId, circuitId: main.id, protocol });
      sims.push(sim);
      chargerIds.push(chargerId);
    }
  });
  afterAll(async () => {
    await settledRebalances();
    for (const sim of sims) await sim.close();
    await h?.stop();
  });

  const start = async (i: number) => {
    const started = new Promise((resolve) => sims[i]!.once('transactionStarted', resolve));
    void sims[i]!.startTransaction({ evseId: 1, idTag: 'LB-TAG' });
    await started;
  };
  const settle = (expected: (number | null)[]) =>
    waitFor(async () => {
      const rows = await limits();
      return rows.every((r, i) => r.lastLimitA === expected[i]) ? rows : null;
    }, 15_000);
  const sumW = (rows: { lastLimitW: number | null }[]) => rows.reduce((s, r) => s + (r.lastLimitW ?? 0), 0);

  it("a first session gets the site less the idle EVSEs' fallbacks in a TxProfile the charger installs", async () => {
    await start(0);
    // 22,000 W over 3 phases at 230 V: 31.8 A per phase; the two idle EVSEs keep 6 A each.
    const rows = await settle([19.8, null, null]);
    expect(sumW(rows)).toBeLessThanOrEqual(CAPACITY_W);
    const installed = sims[0]!.profiles.installed.find((p) => p.profile.purpose === 'TxProfile');
    expect(installed?.profile.transactionId).toBe(sims[0]!.transactionOn(1));
    const stored = await h.db.chargingProfile.findUniqueOrThrow({ where: { id: rows[0]!.lastProfileId! } });
    expect(stored).toMatchObject({ status: 'ACTIVE', purpose: 'TxProfile', chargingRateUnit: 'A' });
  });

  it('each new session shares the site: every charger gets its profile and the limits stay within capacity', async () => {
    await start(1);
    let rows = await settle([12.9, 12.9, null]);
    expect(sumW(rows)).toBeLessThanOrEqual(CAPACITY_W);
    await start(2);
    rows = await settle([10.6, 10.6, 10.6]);
    expect(sumW(rows)).toBeLessThanOrEqual(CAPACITY_W);
    for (const sim of sims) {
      expect(sim.profiles.installed.filter((p) => p.profile.purpose === 'TxProfile')).toHaveLength(1);
    }
    // What the chargers deliver follows their profiles: together no more than the site has.
    const delivered = sims.map((s) => s.deliveredPowerW(1));
    expect(delivered.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(CAPACITY_W);
    expect(Math.min(...delivered)).toBeGreaterThan(0);
    await Promise.all(sims.map((s) => s.sendMeterValues(1)));
    const view = await waitFor(async () => {
      const v = await getSiteAllocation({ db: h.db, scope: scope(), input: { siteId } });
      return v.evses.every((e) => e.drawnW !== null && e.drawnW > 0) ? v : null;
    });
    const [main] = view.circuits;
    expect(main).toMatchObject({ capacityW: CAPACITY_W });
    expect(main!.allocatedW).toBeLessThanOrEqual(CAPACITY_W);
    expect(main!.drawnW).toBeLessThanOrEqual(CAPACITY_W);
    expect(main!.drawnW).toBe(delivered.reduce((a, b) => a + b, 0));
  });

  it('a rebalance that changes nothing sends nothing', async () => {
    await settledRebalances();
    const before = await profilesSent();
    const r = await queueRebalance({ db: h.db, bus: h.bus }, h.tenant.id, siteId);
    expect(r.sent).toEqual([]);
    expect(r.allocation?.evses.map((e) => e.limitA)).toEqual([10.6, 10.6, 10.6]);
    expect(await profilesSent()).toBe(before);
  });

  it('two processes rebalancing one site at once under a lowered capacity send one consistent set of limits', async () => {
    await settledRebalances();
    const before = await profilesSent();
    const now = Date.now();
    // A peak window (or a grid forecast) puts 16.5 kW on the site's main circuit for an hour.
    const peak: CircuitCapacitySource = {
      name: 'test-peak',
      blocks: ({ topCircuitId }) =>
        Promise.resolve([
          { circuitId: topCircuitId, from: now - 1000, to: now + 3_600_000, maxPowerW: 16_500, label: 'Peak' },
        ]),
    };
    // Straight to the use case (not the per-process queue): only the advisory lock orders them.
    const run = () => rebalanceSite({ db: h.db, bus: h.bus, tenantId: h.tenant.id, siteId, now, sources: [peak] });
    const [a, b] = await Promise.all([run(), run()]);
    // 16,500 W / 690 W per A: 23.9 A shared by three, 7.9 A each; the second rebalance saw the first's limits.
    expect([a.sent.length, b.sent.length].sort()).toEqual([0, 3]);
    expect([...a.sent, ...b.sent].map((s) => s.limitA)).toEqual([7.9, 7.9, 7.9]);
    expect(a.nextCapacityChangeAt).toBe(now + 3_600_000);
    expect(await profilesSent()).toBe(before + 3);
    const rows = await limits();
    expect(rows.map((r) => r.lastLimitA)).toEqual([7.9, 7.9, 7.9]);
    expect(sumW(rows)).toBeLessThanOrEqual(16_500);
    for (const sim of sims) {
      const tx = sim.profiles.installed.filter((p) => p.profile.purpose === 'TxProfile');
      expect(tx).toHaveLength(1);
    }
    expect(sims.reduce((s, sim) => s + sim.deliveredPowerW(1), 0)).toBeLessThanOrEqual(16_500);
  });

  it("the worker's recompute gives the site its capacity back when the peak block ends", async () => {
    const before = await profilesSent();
    const r = await recomputeSites({ db: h.db, bus: h.bus, sources: [] });
    expect(r.failed).toEqual([]);
    expect(r.sites).toBeGreaterThanOrEqual(1);
    expect(r.sent).toBe(3);
    expect((await limits()).map((l) => l.lastLimitA)).toEqual([10.6, 10.6, 10.6]);
    // Nothing changed since: the next minute's recompute sends nothing.
    expect((await recomputeSites({ db: h.db, bus: h.bus, sources: [] })).sent).toBe(0);
    expect(await profilesSent()).toBe(before + 3);
  });

  it('when a session stops, the others get more', async () => {
    await sims[2]!.stopTransaction({ evseId: 1 });
    // The stopped EVSE's 6 A fallback stays reserved: (31.8 - 6) / 2.
    const rows = await settle([12.9, 12.9, null]);
    expect(sumW(rows)).toBeLessThanOrEqual(CAPACITY_W);
    expect(sims[0]!.deliveredPowerW(1) + sims[1]!.deliveredPowerW(1)).toBeLessThanOrEqual(CAPACITY_W);
  });

  it('a charger that went offline keeps its last limit counted as drawn', async () => {
    await sims[1]!.close();
    await waitFor(() => h.db.charger.findFirst({ where: { id: chargerIds[1], online: false } }));
    await start(2);
    // 31.8 A in all, 12.9 A of it still held by the offline charger: the other two share the rest.
    const rows = await settle([9.4, 12.9, 9.4]);
    expect(sumW(rows)).toBeLessThanOrEqual(CAPACITY_W);
  });
});
