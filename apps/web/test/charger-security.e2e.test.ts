import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { createTestPki, type TestPki } from '@magma/pki/testing';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { simCertificates } from '../../ocpp-relay/src/simulator/certificates.ts';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Issue #20's operator screens for certificates: on a 2.0.1 charger's page an operator admin installs
// a root certificate in PEM, asks the simulated charger for its installed ones and deletes one after
// confirming; on Settings → Plug & Charge uploads a V2G root, chooses Hubject (the secret never shown
// again, only its last four) and stops trusting the root after confirming.

let browser: Browser;
let db: Db;
let admin: Page;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let chargerId: string;
let pki: TestPki;

beforeAll(async () => {
  db = e2eDb();
  pki = await createTestPki({ ocspUrl: 'http://127.0.0.1:9/ocsp', name: 'Security E2E' });
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  const charger = await db.charger.upsert({
    where: { tenantId_identity: { tenantId: tenant.id, identity: 'VOLT-CERT-E2E' } },
    create: { tenantId: tenant.id, identity: 'VOLT-CERT-E2E', protocol: 'OCPP201' },
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
    instanceId: 'e2e-certificates-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/voltway`,
    identity: 'VOLT-CERT-E2E',
    protocol: 'ocpp2.0.1',
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

it('installs a root certificate on the charger, lists what it reports and deletes it after confirming', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
  const panel = admin.locator('[data-testid=charger-certificates]');
  const form = panel.locator('form[aria-label="Install a root certificate"]');
  await form.getByLabel('Certificate type').selectOption('V2GRootCertificate');
  await form.getByLabel('Certificate (PEM)').fill(pki.root.pem);
  await form.locator('button:has-text("Install")').click();
  await panel.locator('[data-testid=certificates-reply]:has-text("InstallCertificate: Accepted")').waitFor();
  expect(simCertificates(sim).installed.map((c) => c.type)).toEqual(['V2GRootCertificate']);

  await panel.locator('button:has-text("Ask the charger")').click();
  await panel.locator('[data-testid=installed-certificates] li:has-text("V2GRootCertificate")').waitFor();
  await panel.scrollIntoViewIfNeeded();
  await expectNoSeriousA11yViolations(admin, 'charger page with certificates');
  await screenshot(admin, 'charger-certificates-desktop');

  await panel.locator('[data-testid=installed-certificates] button:has-text("Delete")').click();
  const dialog = admin.locator('[data-testid=confirm-dialog]');
  await dialog.locator('text=V2GRootCertificate').first().waitFor();
  await dialog.locator('[data-testid=confirm-dialog-confirm]').click();
  await panel.locator('[data-testid=certificates-reply]:has-text("DeleteCertificate: Accepted")').waitFor();
  expect(simCertificates(sim).installed).toEqual([]);

  await admin.setViewportSize({ width: 390, height: 844 });
  await screenshot(admin, 'charger-certificates-phone');
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});

it('uploads a V2G root, saves Hubject with a write-only secret and removes the root after confirming', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.goto(tenantUrl('voltway', '/settings/plug-and-charge'));
  await admin.locator('nav[aria-label=Settings] a:has-text("Plug & Charge")').waitFor();
  const upload = admin.locator('form[aria-label="Upload trusted certificates"]');
  await upload.getByLabel('Label').fill('V2G root (test)');
  await upload.getByLabel('Certificates (PEM)').fill(`${pki.root.pem}\n${pki.subCa.pem}`);
  await upload.locator('button:has-text("Upload")').click();
  await upload.locator('text=2 certificates trusted.').waitFor();
  const anchors = admin.locator('[data-testid=trust-anchors] li');
  await anchors.filter({ hasText: 'Security E2E V2G Root CA' }).waitFor();
  expect(await anchors.count()).toBe(2);

  const provider = admin.locator('form[aria-label="Contract certificate provider"]');
  await provider.getByLabel('Provider').selectOption('HUBJECT');
  await provider.getByLabel('Hubject API base URL').fill('https://open.plugncharge-test.hubject.com');
  await provider.getByLabel('Token URL (OAuth)').fill('https://auth.plugncharge-test.hubject.com/oauth/token');
  await provider.getByLabel('Client id').fill('magma-e2e');
  await provider.getByLabel('Client secret').fill('s3cret-value-9876');
  await provider.locator('button:has-text("Save")').click();
  await provider.locator('text=Stored, ending in 9876').waitFor();
  expect(await provider.getByLabel('Client secret').inputValue()).toBe('');
  expect(await admin.content()).not.toContain('s3cret-value');

  await expectNoSeriousA11yViolations(admin, 'Settings → Plug & Charge');
  await screenshot(admin, 'settings-plug-and-charge-desktop');
  await admin.setViewportSize({ width: 390, height: 844 });
  await screenshot(admin, 'settings-plug-and-charge-phone');
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await anchors.filter({ hasText: 'Security E2E V2G Root CA' }).locator('button:has-text("Remove")').click();
  await admin.locator('[data-testid=confirm-dialog-confirm]').click();
  await anchors.filter({ hasText: 'Security E2E V2G Root CA' }).waitFor({ state: 'detached' });
  expect(await anchors.count()).toBe(1);
});
