import { copyFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { deviceModelOf } from '../../ocpp-relay/src/simulator/device-model.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// The Device model panel of a 2.0.1 charger's page against the relay and a simulated charger
// (issue #20): an operator asks for the full inventory, which arrives in parts and shows as a
// filterable table; a second report shows its diff; a monitor set from the page fires an alert
// that the page shows with the monitor; an EVSE reset is answered.

let browser: Browser;
let db: Db;
let admin: Page;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let chargerId: string;
const SHOTS = '/tmp/shots-h7';

async function shoot(page: Page, name: string) {
  const file = await screenshot(page, name);
  mkdirSync(SHOTS, { recursive: true });
  copyFileSync(file, `${SHOTS}/${name}.png`);
}

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  // The e2e seed's chargers speak 1.6: a 2.0.1 one with two EVSEs is added for this test.
  const site = await db.site.findFirstOrThrow({ where: { tenantId: tenant.id }, orderBy: { name: 'asc' } });
  const charger = await db.charger.create({
    data: {
      tenantId: tenant.id,
      siteId: site.id,
      vendorId: site.vendorId,
      identity: `DM-E2E-${Date.now()}`,
      protocol: 'OCPP201',
      registration: 'ACCEPTED',
    },
  });
  for (const n of [1, 2]) {
    const evse = await db.evse.create({ data: { tenantId: tenant.id, chargerId: charger.id, evseId: n } });
    await db.connector.create({
      data: { tenantId: tenant.id, chargerId: charger.id, evseRowId: evse.id, evseId: n, connectorId: 1 },
    });
  }
  chargerId = charger.id;
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'voltway',
    instanceId: 'e2e-device-model-relay',
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
  if (chargerId) await db.charger.delete({ where: { id: chargerId } });
  await bus?.close();
  await browser?.close();
  await db?.$disconnect();
});

it('asks for the inventory, filters it, shows a diff, fires a monitor and resets an EVSE', async () => {
  const dm = deviceModelOf(sim);
  await admin.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  const panel = admin.locator('[data-testid=device-model]');
  await panel.locator('button:has-text("Get base report")').click();
  await panel.locator('[data-testid=device-model-reply]:has-text("GetBaseReport: Accepted")').waitFor();
  await panel.locator('[data-testid=device-reports] tr:first-child :text("complete")').waitFor();
  await panel.locator(`[data-testid=device-model-count]:has-text("${dm.variables.size} variables")`).waitFor();

  await panel.locator('input[type=search]').fill('evse@1/');
  await panel.locator('[data-testid=device-model-count]:has-text("4 variables")').waitFor();
  expect(await panel.locator('[data-testid=device-variables] tr td:first-child').allTextContents()).toEqual([
    'EVSE@1/AvailabilityState',
    'EVSE@1/Available',
    'EVSE@1/Power',
    'EVSE@1/SupplyPhases',
  ]);
  expect(await panel.locator('[data-testid=device-variables] tr:has-text("EVSE@1/Power")').textContent()).toContain(
    '0 W',
  );

  // A second full report: the heartbeat interval changed on the charger.
  sim.config.set('OCPPCommCtrlr.HeartbeatInterval', '900');
  await panel.locator('button:has-text("Get base report")').click();
  await panel.locator('[data-testid=device-reports] tr:first-child :text("+0 −0 ~1")').waitFor();
  await panel.locator('[data-testid=device-reports] tr:first-child button').click();
  await panel.locator('[data-testid=device-model-diff]:has-text("OCPPCommCtrlr/HeartbeatInterval")').waitFor();
  expect(await panel.locator('[data-testid=device-model-diff]').textContent()).toContain('300 → 900');

  // A monitor set from the page, then the charger's power passes it.
  const monitoring = admin.locator('[data-testid=monitoring]');
  await monitoring.locator('[aria-label="Monitor variable"]').fill('EVSE@1/Power');
  await monitoring.locator('[aria-label="Monitor value"]').fill('11000');
  await monitoring.locator('[aria-label="Monitor severity"]').selectOption('3');
  await monitoring.locator('button:has-text("Set monitor")').click();
  await monitoring.locator('[data-testid=monitoring-reply]:has-text("EVSE@1/Power: Accepted (id 100)")').waitFor();
  await monitoring.locator('[data-testid=monitors] tr:has-text("UpperThreshold 11000")').waitFor();
  await dm.setActual('EVSE@1/Power', 15500);
  await admin.reload();
  const event = monitoring.locator('[data-testid=device-events] tr').first();
  await event.waitFor();
  expect(await event.textContent()).toMatch(
    /EVSE@1\/Power.*alert.*15500.*Monitor 100.*UpperThreshold 11000 · severity 3 Critical/,
  );

  await monitoring.locator('[aria-label="Reset type"]').selectOption('Immediate');
  await monitoring.locator('button:has-text("Reset EVSE")').click();
  await monitoring.locator('[data-testid=monitoring-reply]:has-text("Reset EVSE 1: Accepted")').waitFor();
  expect(sim.received.at(-1)).toMatchObject({ action: 'Reset', params: { type: 'Immediate', evseId: 1 } });

  await panel.locator('input[type=search]').fill('');
  await panel.locator(`[data-testid=device-model-count]:has-text("${dm.variables.size} variables")`).waitFor();
  await shoot(admin, 'charger-device-model-desktop');
  await admin.setViewportSize({ width: 390, height: 844 });
  await shoot(admin, 'charger-device-model-phone');
});
