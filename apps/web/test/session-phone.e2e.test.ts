import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { publishTariffVersion } from '@magma/core/tariffs';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';
import { simulatedChargerPage, type SimulatedChargerPage } from './e2e/charger-page.ts';

// #19 "tables that scroll or become cards": a completed, priced session read on a phone (390x844).
// Every cost line (its tariff and version, quantity, Net, GST, Total) and the session's Energy, Net,
// GST and Total lie inside the screen's width, with nothing to scroll sideways (neither the page nor
// a box around them), and read what is stored; at 1440x900 the lines are still a table.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
// Long on purpose: the line's heading has to wrap inside a phone's width.
const TARIFF = 'Session phone AC with energy, time and a connection fee';
const ELEMENT = 'Energy, time and connection fee for every session';

let browser: Browser;
let db: Db;
let page: Page;
let cp: SimulatedChargerPage;
let sessionId: string;

type StoredLine = {
  label?: string;
  dimension?: string;
  unit: string;
  quantity: number;
  amountMinor: number;
  taxMinor: number;
};

/** "₹1,234.56" in paise. */
function paise(text: string | null): number {
  const m = /(-?)₹([\d,]+)\.(\d{2})/.exec(text ?? '');
  if (!m) throw new Error(`no rupee amount in ${JSON.stringify(text)}`);
  return (m[1] ? -1 : 1) * (Number(m[2]!.replaceAll(',', '')) * 100 + Number(m[3]));
}

function storedLines(json: unknown): StoredLine[] {
  const lines = Array.isArray(json) ? json : ((json as { lines?: unknown[] } | null)?.lines ?? []);
  return lines as StoredLine[];
}

beforeAll(async () => {
  db = e2eDb();
  const tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id;
  cp = await simulatedChargerPage(db, { identity: 'VOLT-SESSION-PHONE-E2E', protocol: 'OCPP16' });
  // Its own site and tariff (energy, time and a flat fee: three lines), so no other test's prices change.
  const site =
    (await db.site.findFirst({ where: { tenantId, name: 'Session phone E2E' } })) ??
    (await db.site.create({
      data: { tenantId, name: 'Session phone E2E', address: '2 Test Road', city: 'Nagpur', state: 'MH' },
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
            label: ELEMENT,
            components: [
              { dimension: 'ENERGY', priceMinor: 123_456, per: 'kWh' },
              { dimension: 'TIME', priceMinor: 600_000, per: 'hour' },
              { dimension: 'FLAT', priceMinor: 123_456, per: 'session' },
            ],
          },
        ],
      },
    });
  }
  // A session that ran a few seconds with meter readings, stopped by the charger and priced by the CSMS.
  await cp.sim.startTransaction({ evseId: 1, idTag: 'DEMO-RFID-0001' });
  const tx = await db.transaction.findFirstOrThrow({ where: { chargerId: cp.chargerId, status: 'ACTIVE' } });
  sessionId = tx.id;
  await new Promise((r) => setTimeout(r, 2_000)); // energy and time to price
  await cp.sim.sendMeterValues(1);
  await cp.sim.stopTransaction({ evseId: 1 });
  // expect.poll only runs inside a test: wait for the CSMS's pricing here.
  for (let tries = 0; !(await db.transaction.findUniqueOrThrow({ where: { id: tx.id } })).pricedAt; tries++) {
    if (tries === 200) throw new Error('the stopped session was not priced within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await openBrowser();
  page = await voltwayAdmin(browser);
}, 120_000);

afterAll(async () => {
  await cp?.close();
  await browser?.close();
  await db?.$disconnect();
});

/**
 * Why the elements cannot be read on the screen as they are: outside the viewport's width, hidden,
 * or inside a box that scrolls sideways (scrollWidth > clientWidth with overflow-x auto/scroll).
 */
async function unreadable(selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const problems: string[] = [];
    const els = [...document.querySelectorAll<HTMLElement>(sel)];
    if (els.length === 0) problems.push(`${sel}: none`);
    for (const el of els) {
      const name = `${sel} "${el.textContent?.trim()}"`;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) problems.push(`${name} is not displayed`);
      if (r.left < 0 || r.right > window.innerWidth) problems.push(`${name} spans x ${r.left}–${r.right}`);
      for (let a = el.parentElement; a; a = a.parentElement) {
        const overflow = getComputedStyle(a).overflowX;
        if ((overflow === 'auto' || overflow === 'scroll') && a.scrollWidth > a.clientWidth) {
          problems.push(`${name} sits in a <${a.tagName.toLowerCase()}> scrolling ${a.scrollWidth} > ${a.clientWidth}`);
        }
      }
    }
    return problems;
  }, selector);
}

it('at 390x844 every cost line and the Net, GST and Total read without sideways scrolling, as stored', async () => {
  const s = await db.transaction.findUniqueOrThrow({
    where: { id: sessionId },
    include: { tariffVersion: { include: { tariff: true } } },
  });
  expect(s.tariffVersion?.tariff.name).toBe(TARIFF);
  const name = `${TARIFF} v${s.tariffVersion!.version}`;
  const stored = storedLines(s.costLines);
  expect(stored.map((l) => l.dimension).sort()).toEqual(['ENERGY', 'FLAT', 'TIME']);

  await page.setViewportSize(PHONE);
  await page.goto(tenantUrl('voltway', `/sessions/${sessionId}`));
  const cards = page.locator('[data-testid=cost-line-cards] [data-testid=cost-line]');
  await cards.first().waitFor();
  expect(await cards.count()).toBe(stored.length);
  // The lines' table is not displayed on a phone (it would scroll sideways).
  expect(await page.getByRole('columnheader', { name: 'GST' }).count()).toBe(0);

  for (const [i, line] of stored.entries()) {
    const card = cards.nth(i);
    const heading = card.getByRole('heading', { level: 3 });
    expect(await heading.textContent()).toBe(`${line.label || line.dimension} — ${name}`);
    const value = (key: string) => card.locator(`[data-testid=cost-line-${key}]`).textContent();
    expect(paise(await value('net'))).toBe(line.amountMinor);
    expect(paise(await value('gst'))).toBe(line.taxMinor);
    expect(paise(await value('total'))).toBe(line.amountMinor + line.taxMinor);
    if (line.unit === 'mWh') expect(await value('quantity')).toBe(`${(line.quantity / 1_000_000).toFixed(3)} kWh`);
    // Each figure is named by its label (a definition list), not by its place in a row.
    const terms = await card.locator('dt').allTextContents();
    expect(terms).toEqual(['Quantity', 'Net', 'GST', 'Total']);
  }

  const figure = (key: string) => page.locator(`[data-testid=figure-${key}]`).textContent();
  expect(paise(await figure('net-before-gst'))).toBe(s.costMinor);
  expect(paise(await figure('gst'))).toBe(s.taxMinor);
  expect(paise(await figure('total-incl-gst'))).toBe(s.costMinor! + s.taxMinor!);
  expect(await figure('energy')).toBe(
    `${(s.energyWh / 1000).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} kWh`,
  );

  expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  for (const selector of [
    '[data-testid=cost-line] h3',
    '[data-testid=cost-line-tariff]',
    '[data-testid=cost-line-quantity]',
    '[data-testid=cost-line-net]',
    '[data-testid=cost-line-gst]',
    '[data-testid=cost-line-total]',
    '[data-testid=figure-energy]',
    '[data-testid=figure-net-before-gst]',
    '[data-testid=figure-gst]',
    '[data-testid=figure-total-incl-gst]',
  ]) {
    expect(await unreadable(selector)).toEqual([]);
  }
  await expectNoSeriousA11yViolations(page, 'completed session page at 390');
  await screenshot(page, 'session-phone-390');

  // On a laptop the lines are a table again, one row per line, and the cards are gone.
  await page.setViewportSize(DESKTOP);
  const table = page.locator('table').filter({ has: page.getByRole('columnheader', { name: 'GST' }) });
  await table.waitFor();
  const headers = await table.getByRole('columnheader').allTextContents();
  expect(headers).toEqual(['Item', 'Quantity', 'Net', 'GST', 'Total']);
  const rows = table.locator('tbody tr');
  expect(await rows.count()).toBe(stored.length);
  for (const [i, line] of stored.entries()) {
    const cells = await rows.nth(i).getByRole('cell').allTextContents();
    expect(cells[0]).toBe(`${line.label || line.dimension} — ${name}`);
    expect(paise(cells[2]!)).toBe(line.amountMinor);
    expect(paise(cells[4]!)).toBe(line.amountMinor + line.taxMinor);
  }
  expect(await page.locator('[data-testid=cost-line-cards]').isVisible()).toBe(false);
  await expectNoSeriousA11yViolations(page, 'completed session page at 1440');
  await screenshot(page, 'session-phone-1440');
}, 120_000);
