import { queueRebalance, settledRebalances, upsertCircuit } from '@magma/core/load-balancing';
import {
  handleOscpRequest,
  registerOscpConnection,
  runOscpTick,
  saveOscpConnection,
  SIGNAL_RESEND_MS,
  SIGNAL_SUSTAIN_MS,
  type OscpSettings,
} from '@magma/core/oscp';
import { tenantScope } from '@magma/core/tenancy';
import { parseCredentialKeys } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import {
  startCapacityProvider,
  startFlexibilityProvider,
  type TestCapacityProvider,
} from './oscp-capacity-provider.ts';
import { startHarness, waitFor, type Harness } from './support.ts';
import { aBalancedCharger } from './balanced-charger.ts';

// OSCP 2.0 signals we send on our own initiative (#21), against the test Capacity Provider over
// HTTP on loopback: AdjustGroupCapacityForecast when the sessions want more than the forecast
// gives, GroupCapacityComplianceError when the group draws more than the forecast (a charger that
// ignores its limit) or when the sessions' minimums do not fit in it. Each only once its condition
// has held for SIGNAL_SUSTAIN_MS, and at most once per SIGNAL_RESEND_MS. The worker's tick is run
// with its clock moved forward; the forecasts and meter readings are real.

const settings: OscpSettings = {
  keyring: parseCredentialKeys(`k1:${Buffer.alloc(32, 7).toString('base64')}`),
  allowPrivateAddresses: true,
};
const MIN = 60_000;
const HOUR = 60 * MIN;
const GROUP = 'EAN-SIGNALS-1';

describe('OSCP 2.0 compliance errors and forecast adjustments', () => {
  let h: Harness;
  let siteId: string;
  let fp: Awaited<ReturnType<typeof startFlexibilityProvider>>;
  let cp: TestCapacityProvider;
  let t0: number;
  const sims: SimulatedCharger[] = [];
  const chargerIds: string[] = [];
  const scope = () => tenantScope(h.tenant.id);
  const tick = (atMs: number) => runOscpTick({ db: h.db, settings, now: new Date(atMs) });
  const receivedAt = (endpoint: string) => cp.received.filter((m) => m.endpoint === endpoint);
  const forecast = async (kw: number) => {
    const res = await cp.send('update_group_capacity_forecast', {
      group_id: GROUP,
      type: 'CONSUMPTION',
      forecasted_blocks: [
        {
          capacity: kw,
          phase: 'ALL',
          unit: 'KW',
          start_time: new Date(Date.now() - MIN).toISOString(),
          end_time: new Date(Date.now() + 2 * HOUR).toISOString(),
        },
      ],
    });
    expect(res.status).toBe(204);
    await Promise.all(fp.afters);
    await settledRebalances();
  };
  /** Every charger reports the power its profiles let it draw; resolves once stored. */
  const honestMeters = async () => {
    await Promise.all(sims.map((s) => s.sendMeterValues(1)));
    await waitFor(async () => {
      const rows = await h.db.connector.findMany({ where: { chargerId: { in: chargerIds } } });
      return rows.every((r) => r.livePowerW === sims[chargerIds.indexOf(r.chargerId)]!.deliveredPowerW(1))
        ? rows
        : null;
    }, 10_000);
  };
  /** The 1.6 charger reports drawing 20 kW whatever its limit says (a charger that ignores profiles). */
  const ignoringMeter = async () => {
    const sim = sims[0]!;
    await sim.call('MeterValues', {
      connectorId: 1,
      transactionId: Number(sim.transactionOn(1)),
      meterValue: [
        {
          timestamp: new Date().toISOString(),
          sampledValue: [{ value: '20000', measurand: 'Power.Active.Import', unit: 'W' }],
        },
      ],
    });
    await waitFor(() => h.db.connector.findFirst({ where: { chargerId: chargerIds[0], livePowerW: 20_000 } }), 10_000);
  };

  beforeAll(async () => {
    h = await startHarness();
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Signal depot', address: '4 Grid Road', city: 'Pune', state: 'MH' },
    });
    siteId = site.id;
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'SIG-TAG' } });
    const main = await upsertCircuit({
      db: h.db,
      scope: scope(),
      input: { siteId, name: 'Main', phases: 3, maxPowerW: 22_000, hysteresisA: 1 },
    });
    for (const protocol of ['OCPP16', 'OCPP201'] as const) {
      const { sim, chargerId } = await aBalancedCharger(h, { siteId, circuitId: main.id, protocol });
      sims.push(sim);
      chargerIds.push(chargerId);
    }
    fp = await startFlexibilityProvider((input) =>
      handleOscpRequest(
        { db: h.db, settings, rebalance: (tenantId, site) => queueRebalance({ db: h.db, bus: h.bus }, tenantId, site) },
        input,
      ),
    );
    cp = await startCapacityProvider({ version: '2.0', registrationToken: 'signals-registration', groupId: GROUP });
    const saved = await saveOscpConnection({
      db: h.db,
      scope: scope(),
      settings,
      input: {
        siteId,
        name: 'Grid DSO',
        version: '2.0',
        baseUrl: cp.url,
        groupId: GROUP,
        token: 'signals-registration',
      },
    });
    await registerOscpConnection({ db: h.db, scope: scope(), settings, id: saved.id, ourOrigin: fp.url });
    await waitFor(async () => {
      await Promise.all(cp.pending);
      await Promise.all(fp.afters);
      return h.db.oscpConnection.findFirst({ where: { id: saved.id, status: 'CONNECTED' } });
    }, 10_000);
    for (const sim of sims) {
      const started = new Promise((resolve) => sim.once('transactionStarted', resolve));
      void sim.startTransaction({ evseId: 1, idTag: 'SIG-TAG' });
      await started;
    }
    await waitFor(async () => {
      const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
      return rows.every((r) => r.lastLimitA === 15.9) ? rows : null;
    }, 15_000);
  });
  afterAll(async () => {
    await settledRebalances();
    for (const sim of sims) await sim.close();
    await cp?.close();
    await fp?.close();
    await h?.stop();
  });

  it('asks for more capacity (AdjustGroupCapacityForecast) once the sessions have wanted more for the sustain period, then not again within the resend interval', async () => {
    await forecast(11);
    await honestMeters();
    t0 = Date.now();
    expect((await tick(t0)).signals).toBe(0);
    expect((await tick(t0 + SIGNAL_SUSTAIN_MS - MIN)).signals).toBe(0);
    expect(receivedAt('adjust_group_capacity_forecast')).toEqual([]);

    const r = await tick(t0 + SIGNAL_SUSTAIN_MS);
    expect(r).toMatchObject({ signals: 1, failed: 0 });
    const [adjust] = receivedAt('adjust_group_capacity_forecast');
    expect(adjust!.headers.authorization).toBe(`Token ${cp.token()}`);
    expect(adjust!.headers['x-request-id']).toBeTruthy();
    // Two 22 kW EVSEs want 44 kW; the site's own connection takes 22 kW: that is what we ask for,
    // in the forecast's unit, from now until the end of the block in force.
    const body = adjust!.body as {
      group_id: string;
      type: string;
      forecasted_blocks: { capacity: number; unit: string; phase: string; start_time: string; end_time: string }[];
    };
    expect(body).toMatchObject({ group_id: GROUP, type: 'CONSUMPTION' });
    expect(body.forecasted_blocks).toHaveLength(1);
    expect(body.forecasted_blocks[0]).toMatchObject({ capacity: 22, unit: 'KW', phase: 'ALL' });
    expect(Date.parse(body.forecasted_blocks[0]!.end_time)).toBeGreaterThan(t0 + HOUR);
    // The draw is within the 11 kW (the chargers obey their limits): no compliance error.
    expect(receivedAt('group_capacity_compliance_error')).toEqual([]);

    expect((await tick(t0 + SIGNAL_SUSTAIN_MS + MIN)).signals).toBe(0);
    expect(receivedAt('adjust_group_capacity_forecast')).toHaveLength(1);
  });

  it('reports a compliance error when a charger ignoring its limit keeps the group above the forecast, not for one reading', async () => {
    // One reading above, then an honest one: the condition broke, nothing goes.
    await ignoringMeter();
    expect((await tick(t0 + 6 * MIN)).signals).toBe(0);
    await honestMeters();
    expect((await tick(t0 + 7 * MIN)).signals).toBe(0);

    // Above for the whole sustain period: one compliance error naming the draw and the block.
    await ignoringMeter();
    const since = t0 + 8 * MIN;
    expect((await tick(since)).signals).toBe(0);
    expect((await tick(since + SIGNAL_SUSTAIN_MS - MIN)).signals).toBe(0);
    expect(receivedAt('group_capacity_compliance_error')).toEqual([]);
    const r = await tick(since + SIGNAL_SUSTAIN_MS);
    expect(r.failed).toBe(0);
    const errors = receivedAt('group_capacity_compliance_error');
    expect(errors).toHaveLength(1);
    const body = errors[0]!.body as { message: string; forecasted_blocks: { capacity: number; unit: string }[] };
    expect(body.message).toMatch(/draws 25\.\d kW, above the 11\.0 kW forecast/);
    expect(body.forecasted_blocks).toEqual([expect.objectContaining({ capacity: 11, unit: 'KW', phase: 'ALL' })]);
    expect((await tick(since + SIGNAL_SUSTAIN_MS + MIN)).signals).toBe(0);
    expect(receivedAt('group_capacity_compliance_error')).toHaveLength(1);
  });

  it("reports a compliance error when the sessions' minimums do not fit in the forecast", async () => {
    // 5 kW for two sessions of at least 6 A on three phases (4.1 kW each): one is paused.
    await forecast(5);
    const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
    expect(rows.map((x) => x.lastLimitA).sort()).toEqual([0, 7.2]);
    const start = t0 + 8 * MIN + SIGNAL_SUSTAIN_MS + SIGNAL_RESEND_MS;
    // The readings are old by then: only the minimums speak.
    await tick(start);
    await tick(start + SIGNAL_SUSTAIN_MS);
    const errors = receivedAt('group_capacity_compliance_error');
    expect(errors).toHaveLength(2);
    const body = errors[1]!.body as { message: string };
    expect(body.message).toContain('minimums (8.3 kW) do not fit in the 5.0 kW forecast');
    expect(body.message).not.toContain('draws');
    const signal = await h.db.oscpSignal.findFirstOrThrow({ where: { kind: 'COMPLIANCE_ERROR' } });
    expect(signal).toMatchObject({ sentCount: 2, lastHttpStatus: 204, lastError: null });
  });

  it("asks for what the EVs need: an EV that takes 10 A is asked for as 10 A, not as its EVSE's 32 A", async () => {
    // The adjustment went again at the last tick (its condition has held since the first test).
    const asked = receivedAt('adjust_group_capacity_forecast');
    expect(asked.length).toBeGreaterThanOrEqual(2);
    const last = asked.at(-1)!.body as { forecasted_blocks: { capacity: number }[] };
    expect(last.forecasted_blocks[0]!.capacity).toBe(22);
    // The 1.6 session ends; the 2.0.1 EV tells it takes 10 A at most (AC, three phases).
    await sims[0]!.stopTransaction({ evseId: 1 });
    expect(
      await sims[1]!.call('NotifyEVChargingNeeds', {
        evseId: 1,
        chargingNeeds: {
          requestedEnergyTransfer: 'AC_three_phase',
          acChargingParameters: { energyAmount: 20_000, evMinCurrent: 6, evMaxCurrent: 10, evMaxVoltage: 400 },
        },
      }),
    ).toEqual({ status: 'Accepted' });
    await settledRebalances();
    const at = t0 + 8 * MIN + 2 * SIGNAL_SUSTAIN_MS + 2 * SIGNAL_RESEND_MS;
    expect((await tick(at)).failed).toBe(0);
    const now = receivedAt('adjust_group_capacity_forecast');
    expect(now).toHaveLength(asked.length + 1);
    // 10 A × 3 × 230 V = 6.9 kW, above the 5 kW forecast: that is what we would like.
    const body = now.at(-1)!.body as { forecasted_blocks: { capacity: number; unit: string }[] };
    expect(body.forecasted_blocks).toEqual([expect.objectContaining({ capacity: 6.9, unit: 'KW' })]);
  });
});
