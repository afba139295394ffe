import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// An operator picks two cards for VOLT-0001's authorization list on the charger page and sends
// the full list: the simulated charger holds them and the page shows its answer; asking the
// version shows the one it holds (issue #20).

let browser: Browser;
let db: Db;
let admin: Page;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let chargerId: string;

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  const charger = await db.charger.findFirstOrThrow({ where: { tenantId: tenant.id, identity: 'VOLT-0001' } });
  chargerId = charger.id;
  await db.idToken.createMany({
    data: ['LL-E2E-ONE', 'LL-E2E-TWO'].map((token) => ({ tenantId: tenant.id, token })),
    skipDuplicates: true,
  });
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'voltway',
    instanceId: 'e2e-local-list-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/voltway`,
    identity: 'VOLT-0001',
    protocol: charger.protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
    connectors: 1,
    meterIntervalMs: 0,
  });
  await sim.start();
  browser = await openBrowser();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await sim?.close();
  await relay?.close();
  await bus?.close();
  await browser?.close();
  await db?.$disconnect();
});

it('picks cards, sends the full list and shows the charger’s answer and version', async () => {
  await admin.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  const panel = admin.locator('[data-testid=local-list]');
  await panel.locator('input[type=search]').fill('LL-E2E');
  await panel.locator('button:has-text("LL-E2E-ONE")').click();
  await panel.locator('button:has-text("LL-E2E-TWO")').click();
  await panel.locator('[data-testid=picked-tokens] button').nth(1).waitFor();
  await panel.locator('button:has-text("Send full")').click();
  await panel.locator('[data-testid=local-list-reply]:has-text("Accepted")').waitFor();
  expect([...sim.localList.entries.keys()].sort()).toEqual(['LL-E2E-ONE', 'LL-E2E-TWO']);
  await panel.locator('button:has-text("Ask version")').click();
  await panel.locator(`[data-testid=reported-version]:has-text("${sim.localListVersion}")`).waitFor();
  expect(await panel.locator('[data-testid=accepted-version]').textContent()).toBe(String(sim.localListVersion));
  await screenshot(admin, 'charger-local-list-desktop');
  await admin.setViewportSize({ width: 390, height: 844 });
  await screenshot(admin, 'charger-local-list-phone');
});
