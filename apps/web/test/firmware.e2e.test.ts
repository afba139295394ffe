import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// An operator uploads a firmware image on a 2.0.1 charger's page and sends it: the simulated charger
// downloads it from the web app through its time-limited link, installs it, and the history shows
// each status it reported (issue #20).

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
  const charger = await db.charger.upsert({
    where: { tenantId_identity: { tenantId: tenant.id, identity: 'VOLT-FW-E2E' } },
    create: { tenantId: tenant.id, identity: 'VOLT-FW-E2E', protocol: 'OCPP201' },
    update: {},
  });
  chargerId = charger.id;
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'voltway',
    instanceId: 'e2e-firmware-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/voltway`,
    identity: 'VOLT-FW-E2E',
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

it('uploads an image, sends it, and the charger’s download and install show in the history', async () => {
  await admin.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  const upload = admin.locator('form[aria-label="Upload firmware image"]');
  await upload.locator('input[name=version]').fill('9.9.9-e2e');
  await upload.locator('input[type=file]').setInputFiles({
    name: 'volt-9.9.9.bin',
    mimeType: 'application/octet-stream',
    buffer: Buffer.alloc(64 * 1024, 7),
  });
  await upload.locator('button:has-text("Upload")').click();
  await admin.locator('[data-testid=firmware-result]:has-text("Image ready")').waitFor();
  const update = admin.locator('form[aria-label="Update firmware"]');
  await update.locator('select[name=imageId] option:has-text("9.9.9-e2e")').waitFor({ state: 'attached' });
  await update.locator('select[name=imageId]').selectOption({ label: '9.9.9-e2e · volt-9.9.9.bin' });
  await update.locator('button:has-text("Update firmware")').click();
  await admin.locator('[data-testid=firmware-reply]').waitFor();
  const history = admin.locator('[data-testid=firmware-history] tr').first();
  await history.locator('text=Installed').last().waitFor({ timeout: 30_000 });
  expect(await history.textContent()).toMatch(/Downloading.*Downloaded.*Installing.*Installed/s);
  await history.scrollIntoViewIfNeeded();
  await screenshot(admin, 'charger-firmware-desktop');
  await admin.setViewportSize({ width: 390, height: 844 });
  await screenshot(admin, 'charger-firmware-phone');
});
