import { randomUUID } from 'node:crypto';
import { queueRebalance, settledRebalances, upsertCircuit } from '@magma/core/load-balancing';
import {
  handleOscpRequest,
  hashOscpToken,
  registerOscpConnection,
  runOscpTick,
  saveOscpConnection,
  type OscpSettings,
} from '@magma/core/oscp';
import { tenantScope } from '@magma/core/tenancy';
import { parseCredentialKeys } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimulatedCharger } from '../src/simulator/index.ts';
import {
  post,
  startCapacityProvider,
  startFlexibilityProvider,
  type TestCapacityProvider,
} from './oscp-capacity-provider.ts';
import { startHarness, waitFor, type Harness } from './support.ts';
import { aBalancedCharger } from './balanced-charger.ts';

// OSCP grid signals end to end (#21): a 22 kW site with a 1.6 and a 2.0.1 charger charging under
// one circuit; a test Capacity Provider on loopback registers with us over HTTP (2.0: Register
// both ways, Handshake, HandshakeAcknowledgement), sends capacity forecasts, and the one rebalance
// each forecast triggers moves the chargers' limits. Then bad tokens, malformed bodies, repeated
// deliveries, heartbeats and usage reports, and the 1.0 message set against a 1.0 provider.

const settings: OscpSettings = {
  keyring: parseCredentialKeys(`k1:${Buffer.alloc(32, 9).toString('base64')}`),
  allowPrivateAddresses: true,
};
const HOUR = 3_600_000;

describe('OSCP with a test Capacity Provider on loopback', () => {
  let h: Harness;
  let siteId: string;
  let fp: Awaited<ReturnType<typeof startFlexibilityProvider>>;
  let cp: TestCapacityProvider;
  let connectionId: string;
  const sims: SimulatedCharger[] = [];
  const chargerIds: string[] = [];
  const errors: unknown[] = [];
  const scope = () => tenantScope(h.tenant.id);
  const limits = async () => {
    const rows = await h.db.loadCircuitEvse.findMany({ where: { chargerId: { in: chargerIds } } });
    return chargerIds.map((id) => rows.find((r) => r.chargerId === id)!);
  };
  const sumW = (rows: { lastLimitW: number | null }[]) => rows.reduce((s, r) => s + (r.lastLimitW ?? 0), 0);
  const afterAll_ = async () => {
    await Promise.all(cp.pending);
    await Promise.all(fp.afters);
  };
  const forecast = (kw: number, from = Date.now() - 60_000, to = Date.now() + HOUR, type = 'CONSUMPTION') => ({
    group_id: 'EAN-DEPOT-1',
    type,
    forecasted_blocks: [
      {
        capacity: kw,
        phase: 'ALL',
        unit: 'KW',
        start_time: new Date(from).toISOString(),
        end_time: new Date(to).toISOString(),
      },
    ],
  });

  beforeAll(async () => {
    h = await startHarness();
    const site = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Grid depot', address: '2 Grid Road', city: 'Pune', state: 'MH' },
    });
    siteId = site.id;
    await h.db.idToken.create({ data: { tenantId: h.tenant.id, token: 'OSCP-TAG' } });
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
        {
          db: h.db,
          settings,
          rebalance: (tenantId, site) => queueRebalance({ db: h.db, bus: h.bus }, tenantId, site),
          onError: (e) => errors.push(e),
        },
        input,
      ),
    );
    cp = await startCapacityProvider({
      version: '2.0',
      registrationToken: 'offline-registration-token',
      groupId: 'EAN-DEPOT-1',
    });
    for (const sim of sims) {
      const started = new Promise((resolve) => sim.once('transactionStarted', resolve));
      void sim.startTransaction({ evseId: 1, idTag: 'OSCP-TAG' });
      await started;
    }
    await waitFor(async () => ((await limits()).every((r) => r.lastLimitA === 15.9) ? true : null), 15_000);
  });
  afterAll(async () => {
    await settledRebalances();
    for (const sim of sims) await sim.close();
    await cp?.close();
    await fp?.close();
    await h?.stop();
  });

  it('registers both ways and handshakes over HTTP, keeping only a hash of the token it issued', async () => {
    const saved = await saveOscpConnection({
      db: h.db,
      scope: scope(),
      settings,
      input: {
        siteId,
        name: 'City DSO',
        version: '2.0',
        baseUrl: cp.url,
        groupId: 'EAN-DEPOT-1',
        token: 'offline-registration-token',
      },
    });
    connectionId = saved.id;
    expect(saved).not.toHaveProperty('outboundTokenSealed');
    const r = await registerOscpConnection({
      db: h.db,
      scope: scope(),
      settings,
      id: connectionId,
      ourOrigin: fp.url,
    });
    expect(r.error).toBeNull();
    await waitFor(async () => {
      await afterAll_();
      const c = await h.db.oscpConnection.findUniqueOrThrow({ where: { id: connectionId } });
      return c.status === 'CONNECTED' && cp.received.some((m) => m.endpoint === 'handshake') ? c : null;
    }, 10_000);
    const row = await h.db.oscpConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.inboundTokenHash).toBe(hashOscpToken(cp.fpToken()!));
    expect(JSON.stringify(row)).not.toContain(cp.fpToken()!);
    expect(row).toMatchObject({ heartbeatIntervalS: 30, outboundTokenLast4: cp.token().slice(-4) });
    // Our handshake went with the token it registered with, and a request id.
    const hs = cp.received.find((m) => m.endpoint === 'handshake')!;
    expect(hs.headers.authorization).toBe(`Token ${cp.token()}`);
    expect(hs.headers['x-request-id']).toBeTruthy();
    expect(hs.body).toMatchObject({ required_behaviour: { measurement_configuration: ['INTERMITTENT'] } });
  });

  it('a lower forecast moves the chargers limits within the one rebalance it triggers; a higher one raises them', async () => {
    await settledRebalances();
    const res = await cp.send('update_group_capacity_forecast', forecast(11));
    expect(res.status).toBe(204);
    expect(res.headers.get('x-correlation-id')).toBeTruthy();
    await Promise.all(fp.afters);
    let rows = await limits();
    expect(rows.map((r) => r.lastLimitA)).toEqual([7.9, 7.9]);
    expect(sumW(rows)).toBeLessThanOrEqual(11_000);
    for (const sim of sims) expect(sim.deliveredPowerW(1)).toBeLessThanOrEqual(5_500);

    await cp.send('update_group_capacity_forecast', forecast(22));
    await Promise.all(fp.afters);
    rows = await limits();
    expect(rows.map((r) => r.lastLimitA)).toEqual([15.9, 15.9]);
    expect(errors).toEqual([]);
  });

  it('a repeated delivery (same X-Request-ID) is stored once and triggers nothing; a forecast delivered late wins where it speaks', async () => {
    const requestId = randomUUID();
    const before = await h.db.oscpForecast.count({ where: { connectionId } });
    const first = await cp.send('update_group_capacity_forecast', forecast(11), requestId);
    const afterFirst = fp.afters.length;
    const again = await cp.send('update_group_capacity_forecast', forecast(11), requestId);
    expect([first.status, again.status]).toEqual([204, 204]);
    expect(fp.afters.length).toBe(afterFirst);
    expect(await h.db.oscpForecast.count({ where: { connectionId } })).toBe(before + 1);
    await Promise.all(fp.afters);
    expect((await limits()).map((r) => r.lastLimitA)).toEqual([7.9, 7.9]);
    // A forecast for a later hour only leaves the current hour as the newest forecast said.
    await cp.send('update_group_capacity_forecast', forecast(22, Date.now() + HOUR, Date.now() + 2 * HOUR));
    await Promise.all(fp.afters);
    expect((await limits()).map((r) => r.lastLimitA)).toEqual([7.9, 7.9]);
    await cp.send('update_group_capacity_forecast', forecast(22));
    await Promise.all(fp.afters);
    expect((await limits()).map((r) => r.lastLimitA)).toEqual([15.9, 15.9]);
  });

  it('refuses bad tokens (401) and malformed bodies (400) and stores nothing', async () => {
    const before = await h.db.oscpForecast.count({ where: { connectionId } });
    const url = `${fp.url}/api/oscp/2.0/update_group_capacity_forecast`;
    expect((await post(url, null, forecast(5))).status).toBe(401);
    expect((await post(url, 'not-a-token-we-issued', forecast(5))).status).toBe(401);
    // A 2.0 token at the 1.0 endpoint.
    expect((await post(`${fp.url}/api/oscp/1.0/update_capacity_forecast`, cp.fpToken(), forecast(5))).status).toBe(401);
    const bad = [
      '{"group_id": "EAN-DEPOT-1", ',
      { ...forecast(5), forecasted_blocks: [] },
      { ...forecast(5), type: 'SOMETIMES' },
      { ...forecast(5), group_id: 'EAN-SOMEONE-ELSE' },
      { ...forecast(5), forecasted_blocks: [{ ...forecast(5).forecasted_blocks[0], capacity: -3 }] },
    ];
    for (const body of bad) {
      const r = await post(url, cp.fpToken(), body);
      expect(r.status).toBe(400);
      expect(JSON.parse(r.text)).toHaveProperty('message');
    }
    expect((await post(url, cp.fpToken(), forecast(5), null)).status).toBe(400); // no X-Request-ID
    expect(await h.db.oscpForecast.count({ where: { connectionId } })).toBe(before);
    expect((await limits()).map((r) => r.lastLimitA)).toEqual([15.9, 15.9]);
  });

  it('takes heartbeats, and the worker tick sends ours and reports the site usage', async () => {
    const offlineAt = new Date(Date.now() + 90_000);
    expect((await cp.send('heartbeat', { offline_mode_at: offlineAt.toISOString() })).status).toBe(204);
    await Promise.all(sims.map((s) => s.sendMeterValues(1)));
    const tick = await runOscpTick({ db: h.db, settings, now: new Date(Date.now() + 15 * 60_000) });
    expect(tick).toMatchObject({ heartbeats: 1, measurements: 1, failed: 0 });
    const row = await h.db.oscpConnection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.peerOfflineAt?.toISOString()).toBe(offlineAt.toISOString());
    const hb = cp.received.filter((m) => m.endpoint === 'heartbeat').at(-1)!;
    expect(hb.headers.authorization).toBe(`Token ${cp.token()}`);
    expect(Date.parse((hb.body as { offline_mode_at: string }).offline_mode_at)).toBeGreaterThan(Date.now());
    const usage = cp.received.find((m) => m.endpoint === 'update_group_measurements')!;
    expect(usage.body).toMatchObject({
      group_id: 'EAN-DEPOT-1',
      measurements: [{ unit: 'WH', direction: 'IMPORT', phase: 'ALL' }],
    });
    expect(await h.db.oscpMeasurement.count({ where: { connectionId, httpStatus: 204 } })).toBe(1);
    // Nothing is due again within the interval.
    const again = await runOscpTick({ db: h.db, settings, now: new Date(Date.now() + 15 * 60_000 + 1000) });
    expect(again).toMatchObject({ heartbeats: 0, measurements: 0 });
  });

  it('speaks the 1.0 message set with a 1.0 provider: the token issued once, forecasts in kW, heartbeat and aggregated usage', async () => {
    const site2 = await h.db.site.create({
      data: { tenantId: h.tenant.id, name: 'Legacy depot', address: '3 Grid Road', city: 'Pune', state: 'MH' },
    });
    const cp10 = await startCapacityProvider({
      version: '1.0',
      registrationToken: 'dso-one-token',
      groupId: 'CABLE-9',
    });
    try {
      const saved = await saveOscpConnection({
        db: h.db,
        scope: scope(),
        settings,
        input: {
          siteId: site2.id,
          name: 'Old DSO',
          version: '1.0',
          baseUrl: cp10.url,
          groupId: 'CABLE-9',
          token: 'dso-one-token',
        },
      });
      const r = await registerOscpConnection({
        db: h.db,
        scope: scope(),
        settings,
        id: saved.id,
        ourOrigin: fp.url,
      });
      expect(r).toMatchObject({ status: 'CONNECTED', error: null });
      cp10.setFpToken(r.token!);
      cp10.setFpUrl(`${fp.url}/api/oscp/1.0`);
      const res = await cp10.send('update_capacity_forecast', {
        groupId: 'CABLE-9',
        forecastedBlock: [
          {
            capacity: 40,
            unit: 'A',
            startTime: new Date(Date.now() - 1000).toISOString(),
            endTime: new Date(Date.now() + HOUR).toISOString(),
          },
        ],
      });
      expect(res.status).toBe(204);
      expect(await h.db.oscpForecast.count({ where: { connectionId: saved.id } })).toBe(1);
      expect((await cp10.send('update_capacity_forecast', { groupId: 'CABLE-9', forecastedBlock: [] })).status).toBe(
        400,
      );
      const tick = await runOscpTick({ db: h.db, settings, now: new Date(Date.now() + 16 * 60_000) });
      expect(tick.failed).toBe(0);
      expect(cp10.received.map((m) => m.endpoint).sort()).toEqual(['heartbeat', 'update_aggregated_usage']);
      expect(cp10.received.find((m) => m.endpoint === 'update_aggregated_usage')!.body).toMatchObject({
        groupId: 'CABLE-9',
        usage: [{ unit: 'WH' }],
      });
    } finally {
      await cp10.close();
    }
  });
});
