import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { simulatedChargerPage, type SimulatedChargerPage } from './e2e/charger-page.ts';

// An operator uploads a firmware image on a 2.0.1 charger's page and sends it: the simulated charger
// downloads it from the web app through its time-limited link, installs it, and the history shows
// each status it reported (issue #20).

let browser: Browser;
let db: Db;
let admin: Page;
let cp: SimulatedChargerPage;
let chargerId: string;

beforeAll(async () => {
  db = e2eDb();
  cp = await simulatedChargerPage(db, { identity: 'VOLT-FW-E2E', protocol: 'OCPP201' });
  chargerId = cp.chargerId;
  browser = await openBrowser();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await cp?.close();
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
