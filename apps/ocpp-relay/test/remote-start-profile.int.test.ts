import { remoteStartWithProfile } from '@magma/core/smart-charging';
import { tenantScope } from '@magma/core/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, startHarness, waitFor, type Harness } from './support.ts';

// K05 (#21): an operator's remote start carries the session's limit as a TxProfile without a
// transaction id, in 1.6 RemoteStartTransaction and 2.0.1 RequestStartTransaction; the charger
// starts, applies it to the new transaction, and delivers no more than it allows.

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'RS-TAG' } });
});
afterAll(async () => h?.stop());

describe.each([
  ['ocpp1.6', 'OCPP16'],
  ['ocpp2.0.1', 'OCPP201'],
] as const)('remote start with a charging profile over %s', (wire, protocol) => {
  let sim: SimulatedCharger;
  let chargerId: string;
  const scope = () => tenantScope(h.tenant.id);

  beforeAll(async () => {
    const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol, connectors: 2 });
    chargerId = c.id;
    sim = new SimulatedCharger({
      url: h.url,
      identity: c.identity,
      protocol: wire,
      connectors: 2,
      meterIntervalMs: 0,
      powerW: 22_000,
    });
    await sim.start();
    await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  });
  afterAll(async () => {
    await sim?.close();
  });

  it('sends the TxProfile with the start, stores it, and the session runs within it', async () => {
    const { profile, answer } = await remoteStartWithProfile({
      db: h.db,
      bus: h.bus,
      scope: scope(),
      input: { chargerId, evseId: 1, idTag: 'RS-TAG', unit: 'A', periods: [{ startPeriod: 0, limit: 10 }] },
    });
    expect(answer).toBe('Accepted');
    expect(profile).toMatchObject({
      status: 'ACTIVE',
      purpose: 'TxProfile',
      kind: 'Relative',
      evseId: 1,
      transactionId: null,
    });
    const sent = profile.sent as Record<string, unknown>;
    expect(sent.chargingProfile).toMatchObject(
      wire === 'ocpp1.6'
        ? {
            chargingProfilePurpose: 'TxProfile',
            chargingProfileKind: 'Relative',
            chargingSchedule: { chargingRateUnit: 'A' },
          }
        : { chargingProfilePurpose: 'TxProfile', chargingProfileKind: 'Relative' },
    );
    expect(sent.chargingProfile).not.toHaveProperty('transactionId');
    const command = await h.db.chargerCommand.findUniqueOrThrow({ where: { id: profile.commandId! } });
    expect(command.action).toBe(wire === 'ocpp1.6' ? 'RemoteStartTransaction' : 'RequestStartTransaction');

    const installed = await waitFor(async () =>
      sim.profiles.installed.find((p) => p.profile.purpose === 'TxProfile' && p.profile.transactionId !== undefined),
    );
    expect(installed.profile.transactionId).toBe(sim.transactionOn(1));
    // 10 A on three phases at 230 V.
    expect(sim.deliveredPowerW(1)).toBe(6_900);
    await waitFor(() => h.db.transaction.findFirst({ where: { chargerId, evseId: 1, status: 'ACTIVE' } }));
  });

  it('refuses what the spec does not allow before sending anything', async () => {
    // What a refused start would have sent (the session of the first test may still be getting the
    // commands of its own start in the background, e.g. 1.6 California Pricing's GetConfiguration).
    const sends = {
      chargerId,
      action: { in: ['RemoteStartTransaction', 'RequestStartTransaction', 'SetChargingProfile'] },
    };
    const before = await h.db.chargerCommand.count({ where: sends });
    await expect(
      remoteStartWithProfile({
        db: h.db,
        bus: h.bus,
        scope: scope(),
        input: { chargerId, evseId: 2, idTag: 'RS-TAG', unit: 'A', periods: [{ startPeriod: 0, limit: -1 }] },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(
      remoteStartWithProfile({
        db: h.db,
        bus: h.bus,
        scope: scope(),
        input: { chargerId, evseId: 5, idTag: 'RS-TAG', unit: 'A', periods: [{ startPeriod: 0, limit: 16 }] },
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await h.db.chargerCommand.count({ where: sends })).toBe(before);
    expect(await h.db.chargingProfile.count({ where: { chargerId, evseId: { in: [2, 5] } } })).toBe(0);
  });
});
