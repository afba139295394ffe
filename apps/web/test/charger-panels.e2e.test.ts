import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { simDisplay } from '../../ocpp-relay/src/simulator/display-messages.ts';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { simulatedChargerPage, type SimulatedChargerPage } from './e2e/charger-page.ts';

// The charger page's panels of issue #20 against a real simulated 2.0.1 charger: TriggerMessage,
// display messages, the raw console, and the security events the charger reports (a critical one
// opening an alert that Acknowledge ends). Desktop and phone width, axe on the page.

let browser: Browser;
let db: Db;
let admin: Page;
let cp: SimulatedChargerPage;
const PANELS = '/tmp/h3-panels';

const card = (page: Page, title: string): Locator =>
  page.locator('div.mt-6', { has: page.getByRole('heading', { name: title, exact: true }) }).first();

async function shootPanel(panel: Locator, name: string) {
  mkdirSync(PANELS, { recursive: true });
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: `${PANELS}/${name}.png` });
}

beforeAll(async () => {
  db = e2eDb();
  cp = await simulatedChargerPage(db, { identity: 'VOLT-PANELS-E2E', protocol: 'OCPP201', connectors: 2 });
  browser = await openBrowser();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await cp?.close();
  await browser?.close();
  await db?.$disconnect();
});

it('triggers a message and shows the charger’s answer', async () => {
  await admin.setViewportSize({ width: 1440, height: 900 });
  await admin.goto(tenantUrl('voltway', `/chargers/${cp.chargerId}`));
  const panel = admin.locator('[data-testid=charger-triggers]');
  const form = panel.locator('form[aria-label="Trigger a message"]');
  await form.getByLabel('Message').selectOption('Heartbeat');
  const before = await db.chargerCommand.count({ where: { chargerId: cp.chargerId, action: 'TriggerMessage' } });
  await form.locator('button:has-text("Trigger")').click();
  await panel
    .locator('[data-testid=trigger-reply]:has-text("TriggerMessage: The charger answered — Accepted")')
    .waitFor();
  const sent = await db.chargerCommand.findFirstOrThrow({
    where: { chargerId: cp.chargerId, action: 'TriggerMessage' },
    orderBy: { requestedAt: 'desc' },
  });
  expect(await db.chargerCommand.count({ where: { chargerId: cp.chargerId, action: 'TriggerMessage' } })).toBe(
    before + 1,
  );
  expect(sent.payload).toMatchObject({ requestedMessage: 'Heartbeat' });
  await shootPanel(panel, 'triggers-desktop');
});

it('shows a message on the charger’s screen, lists it and clears it', async () => {
  const panel = card(admin, 'Display messages');
  const form = panel.locator('form[aria-label="New display message"]');
  await form.getByLabel('Message').fill('Welcome to Voltway — ₹18/kWh');
  await form.getByLabel('Format').selectOption('UTF8');
  await form.locator('button:has-text("Show on charger")').click();
  await panel.locator('[data-testid=display-reply]:has-text("Accepted")').waitFor();
  const shown = [...simDisplay(cp.sim).messages.values()];
  expect(shown.map((m) => m.message)).toEqual([{ format: 'UTF8', content: 'Welcome to Voltway — ₹18/kWh' }]);
  const row = panel.locator('[data-testid=display-messages] tr', { hasText: 'Welcome to Voltway' });
  await row.waitFor();
  await shootPanel(panel, 'display-desktop');
  await row.locator('button:has-text("Clear")').click();
  await panel.locator('[data-testid=display-reply]:has-text("Accepted")').waitFor();
  await expect.poll(() => simDisplay(cp.sim).messages.size).toBe(0);
});

it('sends a raw action from the console: a payload off the schema is not sent, a valid one is answered', async () => {
  const panel = admin.locator('[data-testid=charger-console]');
  await panel.getByLabel('Action').selectOption('GetVariables');
  const payload = panel.getByLabel('Payload (JSON)');
  await payload.fill('{"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}}]}');
  const before = await db.chargerCommand.count({ where: { chargerId: cp.chargerId, action: 'GetVariables' } });
  await panel.locator('[data-testid=console-send]').click();
  await panel.locator('[data-testid=console-schema-errors] li').first().waitFor();
  expect(await db.chargerCommand.count({ where: { chargerId: cp.chargerId, action: 'GetVariables' } })).toBe(before);
  await payload.fill(
    '{"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}',
  );
  await panel.locator('[data-testid=console-send]').click();
  await panel.locator('[data-testid=console-reply]:has-text("GetVariables: The charger answered")').waitFor();
  await expect(panel.locator('[data-testid=console-result]').textContent()).resolves.toContain('HeartbeatInterval');
  await shootPanel(card(admin, 'Command console'), 'console-desktop');
});

it('lists the security events the charger reports, filters them, and ends an alert when acknowledged', async () => {
  const at = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  await cp.sim.call('SecurityEventNotification', { type: 'InvalidMessages', timestamp: at(30), techInfo: 'bad frame' });
  await cp.sim.call('SecurityEventNotification', {
    type: 'TamperDetectionActivated',
    timestamp: at(20),
    techInfo: 'enclosure door opened',
  });
  await admin.reload();
  const panel = card(admin, 'Security events');
  const rows = panel.locator('[data-testid=security-events] tr');
  await rows.filter({ hasText: 'TamperDetectionActivated' }).waitFor();
  expect(await rows.count()).toBe(2);
  await expect(panel.textContent()).resolves.toContain('1 open alert');
  await panel.getByLabel('Severity').selectOption('yes');
  await expect.poll(() => rows.count()).toBe(1);
  await expect(rows.first().textContent()).resolves.toContain('TamperDetectionActivated');
  await panel.getByLabel('Severity').selectOption('');
  await panel.getByLabel('Event type').selectOption('InvalidMessages');
  await expect.poll(async () => (await rows.allTextContents()).join('|')).toContain('InvalidMessages');
  expect(await rows.count()).toBe(1);
  await panel.getByLabel('Event type').selectOption('');
  await expect.poll(() => rows.count()).toBe(2);
  await expectNoSeriousA11yViolations(admin, 'charger page with its #20 panels');
  await shootPanel(panel, 'security-events-desktop');
  await screenshot(admin, 'charger-panels-desktop');

  await rows.filter({ hasText: 'TamperDetectionActivated' }).locator('button:has-text("Acknowledge")').click();
  await rows.filter({ hasText: 'TamperDetectionActivated' }).locator('text=acknowledged').waitFor();
  const alert = await db.fault.findFirstOrThrow({
    where: { chargerId: cp.chargerId, kind: 'SECURITY_EVENT', code: 'TamperDetectionActivated' },
    orderBy: { startedAt: 'desc' },
  });
  expect(alert.endedAt).not.toBeNull();

  await admin.setViewportSize({ width: 390, height: 844 });
  await shootPanel(panel, 'security-events-phone');
  await shootPanel(admin.locator('[data-testid=charger-triggers]'), 'triggers-phone');
  await screenshot(admin, 'charger-panels-phone');
  expect(await admin.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
});
