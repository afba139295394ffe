import {
  assignEvse,
  FALLBACK_STACK_LEVEL,
  LOAD_BALANCING_STACK_LEVEL,
  queueRebalance,
  rebalanceLockKey,
  settledRebalances,
  upsertCircuit,
} from '@magma/core/load-balancing';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';
import { aBalancedCharger } from './balanced-charger.ts';

// Load balancing's offline fallback (#21) with real relay and simulated chargers of both versions:
// a 32 A three-phase circuit with a 1.6 and a 2.0.1 charger (one 22 kW EVSE each, 6 A minimum).
// Each EVSE holds a TxDefaultProfile at its 6 A fallback one stack level under the balancer's
// TxProfiles: a session that starts before its TxProfile arrives draws at most that (from its
// stored meter values), and a charger that loses the CSMS keeps its session's last limit and the
// fallback for any session started while it is away.

const FALLBACK_A = 6;
const FALLBACK_W = FALLBACK_A * 3 * 230;

describe('load balancing fallback with simulated chargers', () => {
  let h: Harness;
  let siteId: string;
  const sims: SimulatedCharger[] = [];
  const chargerIds: string[] = [];
  const scope = () => tenantScope(h.tenant.id);
  const profilesSent = () =>
    h.db.chargerCommand.count({ where: { chargerId: { in: chargerIds }, action: 'SetChargingProfile' } });
  const fallbackOn = (sim: SimulatedCharger) =>
    sim.profiles.installed.filter(
      (p) => p.profile.purpose === 'TxDefaultProfile' && p.profile.stackLevel === FALLBACK_STACK_LEVEL,
    );

  beforeAll(async () => {
    h = await startHarness();
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Yard', address: '3 Grid Road', city: 'Pune', state: 'MH' },
    });
    siteId = site.id;
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'FB-TAG' } });
    const main = await upsertCircuit({
      db: h.db,
      scope: scope(),
      input: { siteId, name: 'Main', phases: 3, maxCurrentA: 32, hysteresisA: 1 },
    });
    for (const protocol of ['OCPP16', 'OCPP201'] as const) {
      const { sim, chargerId } = await aBalancedCharger(h, { siteId, circuitId: main.id, protocol });
      sims.push(sim);
      chargerIds.push(chargerId);
    }
  });
  afterAll(async () => {
    await settledRebalances();
    for (const sim of sims) await sim.close().catch(() => {});
    await h?.stop();
  });

  it('installs each EVSE its fallback TxDefaultProfile once (at its boot), stored with the charger answer, and does not resend it', async () => {
    // The chargers' boots (a balanced charger's Accepted BootNotification) rebalanced the site.
    await settledRebalances();
    const r = await queueRebalance({ db: h.db, bus: h.bus }, h.tenant.id, siteId);
    expect([r.sent, r.fallbacks]).toEqual([[], []]);
    expect(r.allocation?.evses.map((e) => [e.status, e.limitA])).toEqual([
      ['idle', FALLBACK_A],
      ['idle', FALLBACK_A],
    ]);
    for (const [i, sim] of sims.entries()) {
      const held = fallbackOn(sim);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatchObject({ evseId: 1, profile: { kind: 'Absolute' } });
      expect(held[0]!.profile.stackLevel).toBeLessThan(LOAD_BALANCING_STACK_LEVEL);
      expect(held[0]!.profile.schedules[0]).toMatchObject({
        chargingRateUnit: 'A',
        periods: [{ startPeriod: 0, limit: FALLBACK_A }],
      });
      const stored = await h.db.chargingProfile.findMany({
        where: { chargerId: chargerIds[i], purpose: 'TxDefaultProfile', stackLevel: FALLBACK_STACK_LEVEL },
      });
      expect(stored.map((s) => [s.evseId, s.status, s.ocppProfileId])).toEqual([[1, 'ACTIVE', held[0]!.profile.id]]);
      expect(stored[0]!.response).toMatchObject({ status: 'Accepted' });
    }
    // Sent once each, and not by the rebalance above.
    expect(await profilesSent()).toBe(chargerIds.length);
  });

  it('a session started before its TxProfile arrives draws at most the fallback; its TxProfile then raises it', async () => {
    await settledRebalances();
    // Hold the site's rebalance lock: the relay's rebalance of these starts waits behind it.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const holding = new Promise<void>((resolve) => (locked = resolve));
    const lock = h.db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${rebalanceLockKey(siteId)}))`;
        locked();
        await released;
      },
      { timeout: 60_000 },
    );
    await holding;
    try {
      for (const sim of sims) {
        const started = new Promise((resolve) => sim.once('transactionStarted', resolve));
        void sim.startTransaction({ evseId: 1, idTag: 'FB-TAG' });
        await started;
      }
      await Promise.all(sims.map((s) => s.sendMeterValues(1)));
      const power = await waitFor(async () => {
        const rows = await h.db.meterSample.findMany({
          where: { chargerId: { in: chargerIds }, measurand: 'Power.Active.Import' },
          orderBy: { id: 'desc' },
        });
        // The latest: after the start's own reading (2.0.1 Transaction.Begin, at 0 W).
        const byCharger = chargerIds.map((id) => rows.find((r) => r.chargerId === id)?.value);
        return byCharger.every((v) => v !== undefined && v > 0) ? (byCharger as number[]) : null;
      }, 10_000);
      for (const w of power) {
        expect(w).toBeGreaterThan(0);
        expect(w).toBeLessThanOrEqual(FALLBACK_W);
      }
      expect(
        await h.db.loadCircuitEvse.count({ where: { chargerId: { in: chargerIds }, lastLimitA: { not: null } } }),
      ).toBe(0);
    } finally {
      release();
      await lock;
    }
    // 32 A shared by the two sessions once their TxProfiles arrive.
    await waitFor(async () => {
      const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
      return rows.every((r) => r.lastLimitA === 16) ? rows : null;
    }, 15_000);
    await settledRebalances();
    for (const sim of sims) expect(sim.deliveredPowerW(1)).toBe(16 * 3 * 230);
  });

  it('a charger that loses the CSMS keeps its session at its last limit and the fallback for a session started meanwhile', async () => {
    for (const [i, sim] of sims.entries()) {
      const txId = sim.transactionOn(1)!;
      await sim.close();
      await waitFor(() => h.db.charger.findFirst({ where: { id: chargerIds[i], online: false } }), 15_000);
      // What the charger holds without us: its session's TxProfile at the last limit, the fallback under it.
      const tx = sim.profiles.installed.filter((p) => p.profile.purpose === 'TxProfile');
      expect(tx.map((p) => [p.profile.transactionId, p.profile.schedules[0]!.periods[0]!.limit])).toEqual([[txId, 16]]);
      expect(fallbackOn(sim).map((p) => p.profile.schedules[0]!.periods[0]!.limit)).toEqual([FALLBACK_A]);
      expect(sim.deliveredPowerW(1)).toBe(16 * 3 * 230);
      // A new session on that EVSE (the old one ended while away) gets the fallback, not the EVSE's 22 kW.
      const now = Date.now();
      expect(sim.profiles.powerW(1, now, { id: 'started-offline', startedAt: now })).toBe(FALLBACK_W);
    }
    // Both offline: their last limits stay counted, nothing is sent to them.
    const r = await queueRebalance({ db: h.db, bus: h.bus }, h.tenant.id, siteId);
    expect(r.allocation?.evses.map((e) => [e.status, e.limitA])).toEqual([
      ['offline', 16],
      ['offline', 16],
    ]);
    expect([r.sent, r.fallbacks]).toEqual([[], []]);
  });

  it('an EVSE taken out of load balancing has its fallback cleared, so nothing caps it any more', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP16', connectors: 1 });
    await h.db.charger.update({ where: { id: c.id }, data: { siteId } });
    const [main] = await h.db.loadCircuit.findMany({ where: { siteId } });
    await assignEvse({ db: h.db, scope: scope(), input: { chargerId: c.id, evseId: 1, circuitId: main!.id } });
    const sim = new SimulatedCharger({
      url: h.url,
      identity: c.identity,
      protocol: 'ocpp1.6',
      connectors: 1,
      meterIntervalMs: 0,
      powerW: 22_000,
    });
    sims.push(sim);
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
    // Its boot rebalanced the site: three EVSEs at 6 A fit the 32 A circuit.
    await settledRebalances();
    expect(fallbackOn(sim).map((p) => p.profile.schedules[0]!.periods[0]!.limit)).toEqual([FALLBACK_A]);

    await assignEvse({ db: h.db, scope: scope(), input: { chargerId: c.id, evseId: 1, circuitId: null } });
    const r = await queueRebalance({ db: h.db, bus: h.bus }, h.tenant.id, siteId);
    expect(r.fallbacksCleared).toEqual([{ chargerId: c.id, evseId: 1, answer: 'Accepted' }]);
    expect(fallbackOn(sim)).toEqual([]);
    const stored = await h.db.chargingProfile.findMany({ where: { chargerId: c.id }, select: { status: true } });
    expect(stored.map((p) => p.status)).toEqual(['CLEARED']);
    const now = Date.now();
    expect(sim.profiles.powerW(1, now, { id: 'unbalanced', startedAt: now })).toBe(22_000);
    // Cleared once: the next rebalance has nothing to clear.
    expect((await queueRebalance({ db: h.db, bus: h.bus }, h.tenant.id, siteId)).fallbacksCleared).toEqual([]);
  });
});
