import { FALLBACK_STACK_LEVEL, settledRebalances, upsertCircuit } from '@magma/core/load-balancing';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aBalancedCharger } from './balanced-charger.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// An operator's configured offline fallback, and a balanced charger that reboots (#21), with the
// real relay and simulated (ocpp-rpc) chargers of both versions: a 32 A circuit whose fallback is
// set to 10 A, one 22 kW EVSE per charger (6 A minimum). A charger that reboots and comes back
// without its profiles gets its fallback again; a charger that is not balanced gets nothing.

const CONFIGURED_A = 10;

describe.each(['OCPP16', 'OCPP201'] as const)('load balancing across a charger reboot (%s)', (protocol) => {
  let h: Harness;
  let siteId: string;
  let mainId: string;
  let sim: SimulatedCharger;
  let chargerId: string;
  const others: SimulatedCharger[] = [];
  const scope = () => tenantScope(h.tenant.id);
  const fallbackOn = (s: SimulatedCharger) =>
    s.profiles.installed
      .filter((p) => p.profile.purpose === 'TxDefaultProfile' && p.profile.stackLevel === FALLBACK_STACK_LEVEL)
      .map((p) => p.profile.schedules[0]!.periods[0]!.limit);
  const profilesSentTo = (id: string) =>
    h.db.chargerCommand.count({ where: { chargerId: id, action: 'SetChargingProfile' } });

  beforeAll(async () => {
    h = await startHarness();
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Depot', address: '9 Bus Road', city: 'Pune', state: 'MH' },
    });
    siteId = site.id;
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'RB-TAG' } });
    const main = await upsertCircuit({
      db: h.db,
      scope: scope(),
      input: { siteId, name: 'Main', phases: 3, maxCurrentA: 32, fallbackCurrentA: CONFIGURED_A },
    });
    mainId = main.id;
    ({ sim, chargerId } = await aBalancedCharger(h, { siteId, circuitId: mainId, protocol }));
  });
  afterAll(async () => {
    await settledRebalances();
    for (const s of [sim, ...others]) await s?.close().catch(() => {});
    await h?.stop();
  });

  it('holds the configured fallback, not the EVSE minimum', async () => {
    await settledRebalances();
    expect(fallbackOn(sim)).toEqual([CONFIGURED_A]);
    const stored = await h.db.chargingProfile.findMany({
      where: { chargerId, purpose: 'TxDefaultProfile', stackLevel: FALLBACK_STACK_LEVEL, status: 'ACTIVE' },
    });
    expect(stored).toHaveLength(1);
    const now = Date.now();
    expect(sim.profiles.powerW(1, now, { id: 'offline-start', startedAt: now })).toBe(CONFIGURED_A * 3 * 230);
  });

  it('a reboot that lost the profiles gets the fallback back; the ended session’s TxProfile no longer counts as installed', async () => {
    const started = new Promise((resolve) => sim.once('transactionStarted', resolve));
    void sim.startTransaction({ evseId: 1, idTag: 'RB-TAG' });
    await started;
    const txProfile = await waitFor(
      () =>
        h.db.chargingProfile.findFirst({
          where: { chargerId, purpose: 'TxProfile', status: 'ACTIVE' },
        }),
      15_000,
    );
    await settledRebalances();

    // The session ends (the simulator's reboot would end it with a 1.6 reason, invalid in 2.0.1), then
    // a power cycle wipes the charger's profiles: the socket closes, it boots again.
    await sim.stopTransaction({ evseId: 1 });
    await settledRebalances();
    expect((await h.db.chargingProfile.findUniqueOrThrow({ where: { id: txProfile.id } })).status).toBe('ACTIVE');
    sim.profiles.installed = [];
    const before = await profilesSentTo(chargerId);
    const rebooted = new Promise((resolve) => sim.once('rebooted', resolve));
    await sim.reboot('PowerUp');
    await rebooted;
    await waitFor(() => Promise.resolve(fallbackOn(sim).length ? true : null), 15_000);
    await settledRebalances();

    expect(fallbackOn(sim)).toEqual([CONFIGURED_A]);
    expect(await profilesSentTo(chargerId)).toBe(before + 1);
    const old = await h.db.chargingProfile.findUniqueOrThrow({ where: { id: txProfile.id } });
    expect(old.status).toBe('CLEARED');
    const fallbacks = await h.db.chargingProfile.findMany({
      where: { chargerId, purpose: 'TxDefaultProfile', stackLevel: FALLBACK_STACK_LEVEL },
      orderBy: { createdAt: 'asc' },
      select: { status: true },
    });
    // The one from before the reboot presumed gone, the one sent after it held.
    expect(fallbacks.map((f) => f.status)).toEqual(['CLEARED', 'ACTIVE']);
  });

  it('a charger that is not balanced gets no profile at its boot', async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol, connectors: 1 });
    await h.db.charger.update({ where: { id: c.id }, data: { siteId } });
    const plain = new SimulatedCharger({
      url: h.url,
      identity: c.identity,
      protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
      connectors: 1,
      meterIntervalMs: 0,
      powerW: 22_000,
    });
    others.push(plain);
    expect((await plain.start()).status).toBe('Accepted');
    // Its boot's background work (none) and the balanced charger's reboot, after it, both settled.
    const before = await profilesSentTo(chargerId);
    sim.profiles.installed = [];
    await sim.reboot('PowerUp');
    await waitFor(() => Promise.resolve(fallbackOn(sim).length ? true : null), 15_000);
    await settledRebalances();
    expect(await profilesSentTo(chargerId)).toBe(before + 1);
    expect(await profilesSentTo(c.id)).toBe(0);
    expect(plain.profiles.installed).toEqual([]);
  });
});
