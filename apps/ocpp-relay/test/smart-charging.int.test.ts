import { sendChargerAction } from '@magma/core/fleet';
import {
  clearChargingProfile,
  getChargingProfiles,
  getCompositeSchedule,
  listChargingProfiles,
  listReportedProfiles,
  setChargingProfile,
} from '@magma/core/smart-charging';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, lastCommand, startHarness, waitFor, type Harness } from './support.ts';

// Charging profiles end to end: the use cases through the relay (strict schema validation) to a
// real ocpp-rpc simulated charger that installs, replaces and clears them the way the spec says
// and delivers the power their composite schedule allows.

describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('charging profiles with an %s charger', (version, protocol) => {
  let h: Harness;
  let sim: SimulatedCharger;
  let chargerId: string;
  const scope = () => tenantScope(h.tenant.id);
  const deps = () => ({ db: h.db, bus: h.bus, scope: scope() });
  const txDefault = (limits: [number, number][], stackLevel = 1) => ({
    chargerId,
    evseId: 1,
    purpose: 'TxDefaultProfile' as const,
    kind: 'Absolute' as const,
    stackLevel,
    unit: 'W' as const,
    periods: limits.map(([startPeriod, limit]) => ({ startPeriod, limit })),
  });

  beforeAll(async () => {
    h = await startHarness();
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol });
    chargerId = c.id;
    sim = new SimulatedCharger({
      url: h.url,
      identity: c.identity,
      protocol: version,
      meterIntervalMs: 0,
      powerW: 22_000,
    });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  });
  afterAll(async () => {
    await sim?.close();
    await h?.stop();
  });

  it('sets a profile: validated, stored ACTIVE with what was sent and the answer, installed on the charger', async () => {
    const { profile, answer } = await setChargingProfile({
      ...deps(),
      input: txDefault([
        [0, 11_000],
        [1800, 3700],
      ]),
    });
    expect(answer).toBe('Accepted');
    expect(profile).toMatchObject({ status: 'ACTIVE', evseId: 1, purpose: 'TxDefaultProfile', stackLevel: 1 });
    expect(profile.response).toEqual({ status: 'Accepted' });
    const sent = lastCommand(sim)!;
    expect(sent.action).toBe('SetChargingProfile');
    const p = sent.params as Record<string, Record<string, unknown>>;
    if (protocol === 'OCPP201') {
      expect(p.chargingProfile).toMatchObject({ chargingProfileKind: 'Absolute' });
      expect((p.chargingProfile!.chargingSchedule as { startSchedule?: string }[])[0]!.startSchedule).toBeDefined();
    } else {
      expect(p.csChargingProfiles).toMatchObject({ chargingProfileKind: 'Absolute', stackLevel: 1 });
    }
    expect(sim.profiles.installed.map((x) => x.profile.id)).toEqual([profile.ocppProfileId]);
  });

  it('a profile in the same place (purpose, stack level, EVSE) replaces the stored one with its id', async () => {
    const before = await h.db.chargingProfile.findFirstOrThrow({ where: { chargerId, status: 'ACTIVE' } });
    const { profile } = await setChargingProfile({
      ...deps(),
      input: txDefault([
        [0, 9000],
        [1800, 4000],
      ]),
    });
    expect(profile.ocppProfileId).toBe(before.ocppProfileId);
    expect(await h.db.chargingProfile.findUniqueOrThrow({ where: { id: before.id } })).toMatchObject({
      status: 'REPLACED',
      replacedById: profile.id,
    });
    expect(sim.profiles.installed).toHaveLength(1);
  });

  it("fetches the composite schedule: the charger's periods, stored and listed for the chart", async () => {
    const c = await getCompositeSchedule({ ...deps(), input: { chargerId, evseId: 1, duration: 3600, unit: 'W' } });
    expect(c).toMatchObject({ status: 'Accepted', unit: 'W' });
    // The profile started when it was set, a second or two before the schedule was asked for.
    expect(c.periods.map((p) => p.limit)).toEqual([9000, 4000]);
    expect(c.periods[1]!.startPeriod).toBeGreaterThanOrEqual(1790);
    expect(c.periods[1]!.startPeriod).toBeLessThanOrEqual(1800);
    const view = await listChargingProfiles({ db: h.db, scope: scope(), input: { chargerId } });
    expect(view.composites.find((x) => x.evseId === 1)?.periods).toHaveLength(2);
    expect(view.profiles.filter((x) => x.status === 'ACTIVE')).toHaveLength(1);
  });

  it('refuses a profile the spec forbids before anything is sent (TxProfile without a transaction)', async () => {
    const sent = sim.received.length;
    await expect(
      setChargingProfile({ ...deps(), input: { ...txDefault([[0, 5000]]), purpose: 'TxProfile' } }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      setChargingProfile({
        ...deps(),
        input: txDefault([
          [600, 5000],
          [0, 3000],
        ]),
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(sim.received.length).toBe(sent);
  });

  it('the simulated charger delivers what its composite limit allows during a session', async () => {
    const started = new Promise<{ transactionId: string }>((resolve) => sim.once('transactionStarted', resolve));
    void sim.startTransaction({ evseId: 1, idTag: 'PROFILE-1' });
    await started;
    expect(sim.deliveredPowerW(1)).toBe(9000);
    const { profile } = await setChargingProfile({
      ...deps(),
      input: { ...txDefault([[0, 3000]], 2), purpose: 'TxProfile' },
    });
    expect(profile).toMatchObject({ status: 'ACTIVE', purpose: 'TxProfile' });
    expect(profile.transactionId).toBe(sim.transactionOn(1));
    expect(sim.deliveredPowerW(1)).toBe(3000);
    await new Promise((r) => setTimeout(r, 50));
    await sim.sendMeterValues(1);
    const sample = await waitFor(() =>
      h.db.meterSample.findFirst({ where: { chargerId, measurand: 'Power.Active.Import' }, orderBy: { id: 'desc' } }),
    );
    expect(sample.value).toBe(3000);
    await sim.stopTransaction({ evseId: 1 });
    // A TxProfile ends with its transaction on the charger.
    expect(sim.profiles.installed.some((x) => x.profile.purpose === 'TxProfile')).toBe(false);
  });

  it('clears by criteria: the charger removes what matches, the stored rows are marked CLEARED', async () => {
    const r = await clearChargingProfile({
      ...deps(),
      input: { chargerId, evseId: 1, purpose: 'TxDefaultProfile', stackLevel: 1 },
    });
    expect(r).toMatchObject({ answer: 'Accepted', cleared: 1 });
    expect(sim.profiles.installed.some((x) => x.profile.purpose === 'TxDefaultProfile')).toBe(false);
    expect(
      await h.db.chargingProfile.count({ where: { chargerId, purpose: 'TxDefaultProfile', status: 'ACTIVE' } }),
    ).toBe(0);
    const again = await clearChargingProfile({ ...deps(), input: { chargerId, purpose: 'TxDefaultProfile' } });
    expect(again).toMatchObject({ answer: 'Unknown', cleared: 0 });
  });

  it("the operator's power cap installs as an Absolute TxDefaultProfile on EVSE 0 and clears with its criteria", async () => {
    const act = (action: { kind: 'limitPower'; kw: number } | { kind: 'clearPowerLimit' }) =>
      sendChargerAction({ ...deps(), input: { chargerId, action } });
    expect(await act({ kind: 'limitPower', kw: 5 })).toMatchObject({ response: { status: 'Accepted' } });
    const cap = sim.profiles.installed.find((x) => x.evseId === 0)!;
    expect(cap.profile).toMatchObject({ id: 900_001, kind: 'Absolute', purpose: 'TxDefaultProfile' });
    expect(cap.profile.schedules[0]!.startSchedule).toBeDefined();
    expect(await act({ kind: 'clearPowerLimit' })).toMatchObject({ response: { status: 'Accepted' } });
    expect(sim.profiles.installed.some((x) => x.evseId === 0)).toBe(false);
  });

  it('GetChargingProfiles: 2.0.1 reports are assembled by requestId (1.6 has no such message)', async () => {
    if (protocol !== 'OCPP201') {
      await expect(getChargingProfiles({ ...deps(), input: { chargerId } })).rejects.toMatchObject({
        code: 'BAD_INPUT',
      });
      return;
    }
    await setChargingProfile({
      ...deps(),
      input: { ...txDefault([[0, 16]]), purpose: 'ChargingStationMaxProfile', evseId: 0, unit: 'A', stackLevel: 0 },
    });
    await setChargingProfile({ ...deps(), input: txDefault([[0, 6000]], 3) });
    const { requestId, answer } = await getChargingProfiles({ ...deps(), input: { chargerId } });
    expect(answer).toBe('Accepted');
    const report = await waitFor(async () => {
      const r = await listReportedProfiles({ db: h.db, scope: scope(), input: { chargerId, requestId } });
      return r.complete ? r : null;
    });
    expect(report.profiles.map((p) => [p.evseId, p.profile.profile.purpose]).sort()).toEqual([
      [0, 'ChargingStationMaxProfile'],
      [1, 'TxDefaultProfile'],
    ]);
  });
});
