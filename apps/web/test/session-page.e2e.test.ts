import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { publishTariffVersion } from '@magma/core/tariffs';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { simulatedChargerPage, type SimulatedChargerPage } from './e2e/charger-page.ts';

// #19 "Cost means one thing" on the operator's session page: Net (before GST), GST and Total
// (incl. GST) that add up, the tariff and version that priced each line, and for a running session
// a live estimate that grows and a Stop that asks first and shows the charger's reply.

let browser: Browser;
let db: Db;
let page: Page;
let cp: SimulatedChargerPage;
let tenantId: string;
let sessionId: string;
const TARIFF = 'Session page AC';

/** "₹1,234.56" in paise. */
function paise(text: string | null): number {
  const m = /(-?)₹([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no rupee amount in ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replaceAll(',', '')) * 100 + Number(m[3]));
}

const figure = (name: string) => page.locator(`[data-testid="figure-${name}"]`);

beforeAll(async () => {
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  cp = await simulatedChargerPage(db, { identity: 'VOLT-SESSION-PAGE-E2E', protocol: 'OCPP201' });
  // The charger on a site of its own with a tariff of its own, so no other test's prices change:
  // energy and a time fee (the estimate grows with the clock as well as the meter).
  const site =
    (await db.site.findFirst({ where: { tenantId, name: 'Session page E2E' } })) ??
    (await db.site.create({
      data: { tenantId, name: 'Session page E2E', address: '1 Test Road', city: 'Pune', state: 'MH' },
    }));
  await db.charger.update({ where: { id: cp.chargerId }, data: { siteId: site.id } });
  if (!(await db.tariff.findFirst({ where: { tenantId, siteId: site.id } }))) {
    await publishTariffVersion({
      db,
      tenantId,
      name: TARIFF,
      siteId: site.id,
      priority: 100,
      activeFrom: new Date(Date.now() - 60_000),
      definition: {
        currency: 'INR',
        minorUnits: 2,
        taxRateBps: 1800,
        elements: [
          {
            label: 'Energy and time',
            components: [
              { dimension: 'ENERGY', priceMinor: 1800, per: 'kWh' },
              { dimension: 'TIME', priceMinor: 6000, per: 'hour' },
            ],
          },
        ],
      },
    });
  }
  browser = await openBrowser();
  page = await voltwayAdmin(browser);
});
afterAll(async () => {
  await cp?.close();
  await browser?.close();
  await db?.$disconnect();
});

it('a running session shows an estimate that grows, and a Stop that asks first, then stops it', async () => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await cp.sim.startTransaction({ evseId: 1, idTag: 'DEMO-RFID-0001' });
  await cp.sim.sendMeterValues(1);
  const tx = await db.transaction.findFirstOrThrow({ where: { chargerId: cp.chargerId, status: 'ACTIVE' } });
  sessionId = tx.id;
  await page.goto(tenantUrl('voltway', `/sessions/${tx.id}`));
  const card = page.locator('[data-testid="live-estimate"]');
  await card.getByRole('heading', { name: 'Live estimate' }).waitFor();
  const estimateTotal = async () => paise(await card.locator('[data-testid="estimate-total"]').textContent());
  const first = await estimateTotal();
  expect(paise(await figure('total-so-far-incl-gst').textContent())).toBe(first);
  const net = paise(await card.locator('[data-testid="estimate-net"]').textContent());
  const gst = paise(await card.locator('[data-testid="estimate-gst"]').textContent());
  expect(net + gst).toBe(first);

  // More energy: the page picks it up without a reload (live event, else its periodic refresh).
  await new Promise((r) => setTimeout(r, 3_000));
  await cp.sim.sendMeterValues(1);
  await expect.poll(estimateTotal, { timeout: 20_000 }).toBeGreaterThan(first);

  await expectNoSeriousA11yViolations(page, 'running session page at 1440');
  await screenshot(page, 'session-running-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSeriousA11yViolations(page, 'running session page at 390');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'session-running-390');

  // Stop asks first; Cancel sends nothing.
  const stops = () => db.chargerCommand.count({ where: { chargerId: cp.chargerId, action: 'RequestStopTransaction' } });
  const before = await stops();
  const dialog = page.locator('[data-testid="confirm-dialog"]');
  await card.getByRole('button', { name: 'Stop session' }).click();
  await dialog.waitFor();
  await expect(dialog.textContent()).resolves.toContain('Stop the session on connector 1?');
  await screenshot(page, 'session-stop-confirm-390');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await dialog.waitFor({ state: 'detached' });
  expect(await stops()).toBe(before);
  expect(cp.sim.runningEvses()).toEqual([1]);

  await card.getByRole('button', { name: 'Stop session' }).click();
  await dialog.getByRole('button', { name: 'Stop session' }).click();
  await page.locator('[data-testid="stop-result"] [data-testid="reply-status"]:has-text("Accepted")').waitFor();
  expect(await stops()).toBe(before + 1);
  await expect
    .poll(async () => (await db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).status, { timeout: 15_000 })
    .toBe('COMPLETED');
  // The page shows the ended session's figures, and the charger's reply stays.
  await page.locator('[data-testid="figure-total-incl-gst"]').waitFor({ timeout: 15_000 });
  await expect(page.locator('[data-testid="stop-result"]').textContent()).resolves.toContain('The charger answered');
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, 'session-stopped-1440');
});

it('the stopped, priced session shows Net + GST = Total and the tariff version on the page and on each line', async () => {
  // The session the test above stopped, priced by the CSMS on the charger's stop.
  await expect
    .poll(async () => (await db.transaction.findUniqueOrThrow({ where: { id: sessionId } })).pricedAt, {
      timeout: 15_000,
    })
    .not.toBeNull();
  const s = await db.transaction.findUniqueOrThrow({
    where: { id: sessionId },
    include: { tariffVersion: { include: { tariff: true } } },
  });
  expect(s.tariffVersion?.tariff.name).toBe(TARIFF);
  const v = s.tariffVersion!;
  const name = `${v.tariff.name} v${v.version}`;
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(tenantUrl('voltway', `/sessions/${s.id}`));
  const net = paise(await figure('net-before-gst').textContent());
  const gst = paise(await figure('gst').textContent());
  const total = paise(await figure('total-incl-gst').textContent());
  expect(net).toBe(s.costMinor);
  expect(gst).toBe(s.taxMinor);
  expect(total).toBe(net + gst);

  const lines = page
    .locator('table')
    .filter({ has: page.getByRole('columnheader', { name: 'GST' }) })
    .first();
  const rows = lines.locator('tbody tr');
  expect(await rows.count()).toBeGreaterThan(0);
  for (const row of await rows.all()) await expect(row.textContent()).resolves.toContain(`— ${name}`);
  const link = page.getByRole('link', { name, exact: true });
  expect(await link.getAttribute('href')).toBe(`/tariffs/${v.tariffId}`);
  // No "Cost"/"Tax" card of the old page: the three words are the figures'.
  expect(await page.locator('text="Tax"').count()).toBe(0);

  await expectNoSeriousA11yViolations(page, 'completed session page at 1440');
  await screenshot(page, 'session-completed-1440');
  await page.setViewportSize({ width: 390, height: 844 });
  await expectNoSeriousA11yViolations(page, 'completed session page at 390');
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await screenshot(page, 'session-completed-390');
});
