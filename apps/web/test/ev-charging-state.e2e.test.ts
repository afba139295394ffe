import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import path from 'node:path';
import {
  SCREENSHOTS,
  e2eDb,
  newPage,
  openBrowser,
  screenshot,
  signIn,
  tenantUrl,
  voltwayAdmin,
} from './e2e/browser.ts';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { E2E } from './e2e/seed.ts';

// The charger page's "EV needs and external limits" panel (#21) against the relay and a simulated
// 2.0.1 charger that sends the K messages itself: the EV's needs and proposed schedule, an EMS limit
// on EVSE 1 and a station-wide SO limit that is then cleared, next to the limit load balancing sent
// EVSE 1 (it sits under a circuit of its own site). Desktop and 390x844, axe clean.

const CIRCUIT = 'EV-state E2E feeder';

let browser: Browser;
let db: Db;
let admin: Page;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let siteId: string;
let chargerId: string;

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  const site = await db.site.create({
    data: { tenantId: tenant.id, name: 'EV-state E2E site', address: '1 Test Road', city: 'Pune', state: 'MH' },
  });
  siteId = site.id;
  const charger = await db.charger.create({
    data: {
      tenantId: tenant.id,
      siteId: site.id,
      identity: `EVS-E2E-${Date.now()}`,
      protocol: 'OCPP201',
      registration: 'ACCEPTED',
    },
  });
  chargerId = charger.id;
  for (const n of [1, 2]) {
    const evse = await db.evse.create({ data: { tenantId: tenant.id, chargerId, evseId: n } });
    await db.connector.create({
      data: { tenantId: tenant.id, chargerId, evseRowId: evse.id, evseId: n, connectorId: 1 },
    });
  }
  const circuit = await db.loadCircuit.create({
    data: { tenantId: tenant.id, siteId, name: CIRCUIT, maxCurrentA: 32, phases: 3 },
  });
  await db.loadCircuitEvse.create({
    data: { tenantId: tenant.id, circuitId: circuit.id, chargerId, evseId: 1, minCurrentA: 6, maxCurrentA: 32 },
  });
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'voltway',
    instanceId: 'e2e-ev-state-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/voltway`,
    identity: charger.identity,
    protocol: 'ocpp2.0.1',
    connectors: 2,
    meterIntervalMs: 0,
  });
  await sim.start();
  browser = await openBrowser();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await sim?.close();
  await relay?.close();
  if (siteId) {
    await db.loadCircuit.deleteMany({ where: { siteId } });
    await db.charger.deleteMany({ where: { siteId } });
    await db.site.delete({ where: { id: siteId } });
  }
  await bus?.close();
  await browser?.close();
  await db?.$disconnect();
});

const lastSent = () => db.loadCircuitEvse.findFirst({ where: { chargerId, evseId: 1 } });

it('shows the EV needs, its schedule, external limits in force and cleared, and what load balancing sent', async () => {
  const departure = new Date(Date.now() + 3 * 3600_000);
  await sim.startTransaction({ evseId: 1, idTag: 'DEMO-RFID-0001' });
  await expect.poll(async () => (await lastSent())?.lastSentAt ?? null, { timeout: 20_000 }).not.toBeNull();

  expect(
    await sim.call('NotifyEVChargingNeeds', {
      evseId: 1,
      chargingNeeds: {
        requestedEnergyTransfer: 'AC_three_phase',
        departureTime: departure.toISOString(),
        acChargingParameters: { energyAmount: 30_000, evMinCurrent: 6, evMaxCurrent: 16, evMaxVoltage: 400 },
      },
    }),
  ).toEqual({ status: 'Accepted' });
  expect(
    await sim.call('NotifyEVChargingSchedule', {
      timeBase: new Date().toISOString(),
      evseId: 1,
      chargingSchedule: {
        id: 1,
        chargingRateUnit: 'W',
        chargingSchedulePeriod: [
          { startPeriod: 0, limit: 11_000 },
          { startPeriod: 3600, limit: 7400 },
        ],
      },
    }),
  ).toEqual({ status: 'Accepted' });
  await sim.call('NotifyChargingLimit', {
    evseId: 1,
    chargingLimit: { chargingLimitSource: 'EMS', isGridCritical: true },
    chargingSchedule: [{ id: 2, chargingRateUnit: 'A', chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] }],
  });
  await sim.call('NotifyChargingLimit', {
    chargingLimit: { chargingLimitSource: 'SO' },
    chargingSchedule: [{ id: 3, chargingRateUnit: 'W', chargingSchedulePeriod: [{ startPeriod: 0, limit: 20_000 }] }],
  });
  await sim.call('ClearedChargingLimit', { chargingLimitSource: 'SO' });
  // The EMS's 10 A and the EV's 16 A narrow what load balancing gives EVSE 1 at the rebalances they cause.
  await expect.poll(async () => (await lastSent())?.lastLimitA, { timeout: 20_000 }).toBe(10);

  await admin.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  const evse1 = admin.getByTestId('ev-state-1');
  await evse1.getByTestId('ev-needs').waitFor();
  const needs = await evse1.getByTestId('ev-needs').innerText();
  expect(needs).toContain('30.0 kWh');
  expect(needs).toContain('AC, three phases');
  expect(needs).toContain('6 – 16 A');
  expect(needs).toContain('400 V');
  const schedule = await evse1.getByTestId('ev-schedule').innerText();
  expect(schedule).toMatch(/11\.0 kW[\s\S]*\+1 h 0 min[\s\S]*7\.4 kW/);
  const limits = await evse1.getByTestId('external-limits').innerText();
  expect(limits).toMatch(/Energy management system \(EMS\): 10 A/);
  expect(limits).toContain('grid critical');
  const balancing = await evse1.getByTestId('balancing').innerText();
  expect(balancing).toContain(CIRCUIT);
  expect(balancing).toMatch(/Last limit sent\s+10 A/);
  expect(await evse1.getByTestId('limit-history').innerText()).toMatch(/set\s+EMS: 10 A/);
  // The station-wide SO limit is no longer in force, and its history says it was set and cleared.
  const station = admin.getByTestId('ev-state-0');
  expect(await station.getByRole('heading', { name: 'External limits in force' }).count()).toBe(1);
  expect(await station.innerText()).toMatch(/External limits in force\s+None/);
  expect(await station.getByTestId('limit-history').innerText()).toMatch(/cleared\s+SO[\s\S]*set\s+SO: 20\.0 kW/);
  // EVSE 2 has heard nothing and is not under a circuit.
  expect(await admin.getByTestId('ev-state-2').count()).toBe(0);

  await admin.getByTestId('ev-state').scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(admin, 'charger page with EV needs and limits');
  await admin.getByTestId('ev-state').screenshot({ path: path.join(SCREENSHOTS, 'ev-state-desktop.png') });

  const phone = await newPage(browser);
  await phone.setViewportSize({ width: 390, height: 844 });
  await signIn(phone, { baseUrl: tenantUrl('voltway'), email: E2E.voltway.admin, password: E2E.voltway.password });
  await phone.waitForURL(tenantUrl('voltway', '/'));
  await phone.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  await phone.getByTestId('ev-state-1').getByTestId('ev-needs').waitFor();
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await expectNoSeriousA11yViolations(phone, 'charger page with EV needs and limits, 390x844');
  await screenshot(phone, 'ev-state-phone');
  await phone.getByTestId('ev-state').screenshot({ path: path.join(SCREENSHOTS, 'ev-state-phone-panel.png') });
  await phone.context().close();
});
