import { assignEvse, settledRebalances, upsertCircuit } from '@magma/core/load-balancing';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// 2.0.1 functional block K over real ocpp-rpc clients (#21): two 2.0.1 chargers share a 22 kW site
// (31.8 A per phase). The EV's needs narrow its EVSE's limit, a limit set by an EMS caps its EVSE
// until cleared, and the other EVSE gets what they leave, every time within the site.

describe('2.0.1 EV needs and external limits drive load balancing', () => {
  let h: Harness;
  const sims: SimulatedCharger[] = [];
  const chargerIds: string[] = [];
  let unbalanced: SimulatedCharger;
  let unbalancedId: string;
  const limits = async () => {
    const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
    return chargerIds.map((id) => rows.find((r) => r.chargerId === id)!.lastLimitA);
  };
  const settle = (expected: (number | null)[]) =>
    waitFor(async () => {
      const now = await limits();
      return now.every((l, i) => l === expected[i]) ? now : null;
    }, 15_000);
  const installedLimit = (sim: SimulatedCharger) =>
    sim.profiles.installed.filter((p) => p.profile.purpose === 'TxProfile').at(-1)?.profile.schedules[0]?.periods[0]
      ?.limit;

  beforeAll(async () => {
    h = await startHarness();
    const scope = tenantScope(h.tenant.id);
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'K site', address: '2 Grid Road', city: 'Pune', state: 'MH' },
    });
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'K-TAG' } });
    const main = await upsertCircuit({
      db: h.db,
      scope,
      input: { siteId: site.id, name: 'Main', phases: 3, maxPowerW: 22_000, hysteresisA: 0 },
    });
    for (let i = 0; i < 3; i++) {
      const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol: 'OCPP201', connectors: 1 });
      await h.db.charger.update({ where: { id: c.id }, data: { siteId: site.id } });
      if (i < 2) await assignEvse({ db: h.db, scope, input: { chargerId: c.id, evseId: 1, circuitId: main.id } });
      const sim = new SimulatedCharger({
        url: h.url,
        identity: c.identity,
        protocol: 'ocpp2.0.1',
        connectors: 1,
        meterIntervalMs: 0,
        powerW: 22_000,
      });
      await sim.start();
      await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
      if (i < 2) {
        sims.push(sim);
        chargerIds.push(c.id);
      } else {
        unbalanced = sim;
        unbalancedId = c.id;
      }
    }
  });
  afterAll(async () => {
    await settledRebalances();
    for (const sim of [...sims, unbalanced]) await sim?.close();
    await h?.stop();
  });

  const start = async (sim: SimulatedCharger) => {
    const started = new Promise((resolve) => sim.once('transactionStarted', resolve));
    void sim.startTransaction({ evseId: 1, idTag: 'K-TAG' });
    await started;
  };
  const needs = (evMaxCurrent: number) => ({
    evseId: 1,
    maxScheduleTuples: 3,
    chargingNeeds: {
      requestedEnergyTransfer: 'AC_three_phase',
      departureTime: new Date(Date.now() + 3_600_000).toISOString(),
      acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent, evMaxVoltage: 400 },
    },
  });

  it('NotifyEVChargingNeeds before the session is Processing, and stored', async () => {
    expect(await sims[0]!.call('NotifyEVChargingNeeds', needs(10))).toEqual({ status: 'Processing' });
    const row = await h.db.evChargingNeeds.findUniqueOrThrow({
      where: { chargerId_evseId: { chargerId: chargerIds[0]!, evseId: 1 } },
    });
    expect(row).toMatchObject({
      requestedEnergyTransfer: 'AC_three_phase',
      evMinCurrentA: 6,
      evMaxCurrentA: 10,
      maxScheduleTuples: 3,
    });
  });

  it("during the session the EV's maximum caps its EVSE and the rest goes to the other", async () => {
    await start(sims[0]!);
    await start(sims[1]!);
    await settle([15.9, 15.9]);
    expect(await sims[0]!.call('NotifyEVChargingNeeds', needs(10))).toEqual({ status: 'Accepted' });
    await settle([10, 21.8]);
    expect(installedLimit(sims[0]!)).toBe(10);
    expect(sims[0]!.deliveredPowerW(1) + sims[1]!.deliveredPowerW(1)).toBeLessThanOrEqual(22_000);
  });

  it('NotifyChargingLimit from an EMS caps the EVSE until ClearedChargingLimit', async () => {
    const limit = {
      evseId: 1,
      chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: false },
      chargingSchedule: [{ id: 1, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 8 }] }],
    };
    expect(await sims[1]!.call('NotifyChargingLimit', limit)).toEqual({});
    expect(
      await h.db.externalChargingLimit.findFirst({ where: { chargerId: chargerIds[1], chargingLimitSource: 'EMS' } }),
    ).toMatchObject({ evseId: 1, limitA: 8, limitW: null, isGridCritical: false });
    // EV 1 still wants at most 10 A; EVSE 2 is held at 8 A by the EMS.
    await settle([10, 8]);
    expect(installedLimit(sims[1]!)).toBe(8);

    expect(await sims[1]!.call('ClearedChargingLimit', { chargingLimitSource: 'EMS', evseId: 1 })).toEqual({});
    expect(await h.db.externalChargingLimit.count({ where: { chargerId: chargerIds[1] } })).toBe(0);
    await settle([10, 21.8]);
  });

  it('NotifyEVChargingSchedule is stored and Accepted; an unbalanced EVSE still gets Accepted for its needs', async () => {
    const timeBase = new Date().toISOString();
    const schedule = { id: 4, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] };
    expect(
      await sims[0]!.call('NotifyEVChargingSchedule', { timeBase, evseId: 1, chargingSchedule: schedule }),
    ).toEqual({
      status: 'Accepted',
    });
    expect(
      await h.db.evChargingSchedule.findUniqueOrThrow({
        where: { chargerId_evseId: { chargerId: chargerIds[0]!, evseId: 1 } },
      }),
    ).toMatchObject({ timeBase: new Date(timeBase), schedule });
    expect(await unbalanced.call('NotifyEVChargingNeeds', needs(16))).toEqual({ status: 'Accepted' });
    expect(await h.db.evChargingNeeds.count({ where: { chargerId: unbalancedId } })).toBe(1);
    const logged = await h.db.chargerMessage.count({
      where: {
        chargerId: { in: chargerIds },
        action: {
          in: ['NotifyEVChargingNeeds', 'NotifyChargingLimit', 'ClearedChargingLimit', 'NotifyEVChargingSchedule'],
        },
      },
    });
    expect(logged).toBe(5);
  });
});
