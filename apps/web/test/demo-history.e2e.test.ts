import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { DEMO_PASSWORD, DEMO_SITES, seedDemo, type SeedDemoResult } from '@magma/core';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { expectNoSeriousA11yViolations, watchRequests } from './e2e/a11y.ts';

// The first screen of a fresh clone (#19): `npm start` seeds the demo operator with 30 days of
// history (scripts/stack.ts: seedDemo with { days: 30, now: new Date() }). The same seed, under a
// slug and users of its own, then as its operator admin at 1440x900 and 390x844: the Overview's
// KPIs compare with the 7-day average and yesterday, kWh and ₹ (Indian grouping) are non-zero,
// the 24 h power chart is a curve, and the live table has location-style ids and site names;
// Sessions holds 30 days of pages with money on a historic session; Faults has the past faults;
// Settlements and Payouts show closed, paid weeks; and the vendor user's Earnings its statements.

const SLUG = 'demohist';
const ADMIN = 'admin@demohist.test';
const VENDOR = 'vendor@demohist.test';
const DAYS = 30;
const DAY = 86_400_000;
const SIZES = [
  ['1440', { width: 1440, height: 900 }],
  ['390', { width: 390, height: 844 }],
] as const;

/** Rupees as en-IN writes them: ₹62,140.00 and ₹1,23,456.78, never ₹123,456.78. */
const INR = /^₹(?:\d{1,2},(?:\d{2},)*\d{3}|\d{1,3})\.\d{2}$/;
const rupees = (s: string) => Number(s.replace(/[₹,]/g, ''));
const ID = /^(BLR|MUM|PUN)-0\d\d$/;
const SITE_NAMES = DEMO_SITES.map((s) => s.name);

let browser: Browser;
let db: Db;
let seeded: SeedDemoResult;

beforeAll(async () => {
  db = e2eDb();
  seeded = await seedDemo({
    db,
    slug: SLUG,
    users: { admin: ADMIN, vendor: VENDOR },
    history: { days: DAYS, now: new Date() },
  });
  console.log(`seeded ${DAYS} days of demo history:`, seeded.history);
  browser = await openBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').trim();

async function signedIn(viewport: { width: number; height: number }, email: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, { baseUrl: tenantUrl(SLUG), email, password: DEMO_PASSWORD });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  await page.close();
  return context;
}

/** The power chart's line as [x, y] points, with the y of 0 kW (the viewBox's bottom padding is 22). */
async function chartLine(page: Page) {
  return page.$eval('svg[data-testid=power-chart]', (svg) => {
    const height = Number(svg.getAttribute('viewBox')!.split(' ')[3]);
    const d = svg.querySelector('path[fill=none]:not([stroke-dasharray])')!.getAttribute('d')!;
    const points = d
      .split(/[ML]/)
      .filter(Boolean)
      .map((p) => p.split(',').map(Number) as [number, number]);
    return { zeroY: height - 22, points };
  });
}

describe.each(SIZES)('the seeded 30-day demo history at %s px', (w, viewport) => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    expect(seeded.created).toBe(true);
    context = await signedIn(viewport, ADMIN);
    page = await context.newPage();
    watchRequests(page);
  }, 120_000);

  afterAll(async () => context?.close());

  it('Overview: KPIs compared with the week and yesterday, ₹ and kWh, a 24-hour curve, location-style ids', async () => {
    await page.goto(tenantUrl(SLUG, '/'));
    await page.waitForSelector('[data-testid=connector-rows] tr');
    await page.waitForSelector('svg[data-testid=power-chart]');

    // Active sessions: nothing runs without the simulator, but the 7-day average at this hour is
    // history's, so the card compares the two.
    const activeHint = await text(page, '[data-testid=kpi-active]');
    const avg = Number(/7-day avg at this hour: ([\d.]+)/.exec(activeHint)?.[1]);
    expect(avg, activeHint).toBeGreaterThan(0);
    expect(activeHint).toMatch(/[+−]\d+(\.\d)?%/);

    // kWh: today's against yesterday's by this time, both from the history.
    const energy = await text(page, '[data-testid=kpi-energy]');
    const yesterday = /vs ([\d,.]+) kWh yesterday by now/.exec(energy)?.[1];
    expect(Number(yesterday?.replaceAll(',', '')), energy).toBeGreaterThan(0);
    expect(energy).toMatch(/(?:[+−]\d+(\.\d)?%|±0%)/);
    expect(await text(page, '[data-testid=kpi-energy-value]')).toMatch(/^[\d,]+\.\d kWh$/);

    // Revenue in rupees with Indian grouping; the priced sessions finished today.
    const revenue = await text(page, '[data-testid=kpi-revenue-value]');
    expect(revenue).toMatch(INR);

    // The figures the page shows are the seeded sessions': today's and yesterday's energy and
    // revenue cannot all be zero at any hour of the day.
    const energyToday = Number((await text(page, '[data-testid=kpi-energy-value]')).replace(/[^\d.]/g, ''));
    expect(energyToday + Number(yesterday?.replaceAll(',', '')) + rupees(revenue)).toBeGreaterThan(0);

    // The 24-hour chart: 5-minute averages that are mostly above zero and vary through the day.
    const { zeroY, points } = await chartLine(page);
    expect(points.length).toBeGreaterThanOrEqual(280);
    const above = points.filter(([, y]) => y < zeroY - 0.05);
    expect(above.length, `${above.length} of ${points.length} points above 0 kW`).toBeGreaterThan(points.length / 2);
    expect(new Set(above.map(([, y]) => y)).size).toBeGreaterThan(40);
    const x0 = points[0]![0];
    const span = points[points.length - 1]![0] - x0;
    const hours = new Set(above.map(([x]) => Math.min(23, Math.floor(((x - x0) / span) * 24))));
    expect(hours.size, 'hours of the day with power').toBeGreaterThanOrEqual(20);
    expect(await page.getAttribute('svg[data-testid=power-chart]', 'aria-label')).toMatch(/peak [1-9][\d.]* kW/);

    // The live table: location-style ids, with the site (wide) or the city (phone).
    const rows = page.locator('[data-testid=connector-rows] tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(24);
    const ids = await rows.locator('td:first-child a').allTextContents();
    expect(
      ids.every((id) => ID.test(id)),
      ids.join(' '),
    ).toBe(true);
    expect(ids).toContain('BLR-014');
    if (viewport.width >= 640) {
      const sites = await rows.locator('td:nth-child(2)').allInnerTexts();
      expect(
        sites.every((s) => SITE_NAMES.some((n) => s.startsWith(n))),
        sites.join(' | '),
      ).toBe(true);
      expect((await rows.filter({ hasText: 'BLR-014' }).first().innerText()).replace(/\s+/g, ' ')).toContain(
        'Indiranagar Café',
      );
    } else {
      const first = await rows.locator('td:first-child').allInnerTexts();
      expect(
        first.every((t) => /Bengaluru|Mumbai|Pune/.test(t)),
        first.join(' | '),
      ).toBe(true);
    }
    await screenshot(page, `demo-history-overview-${w}`);
    await expectNoSeriousA11yViolations(page, `demo history overview (${w})`);

    // Every figure fits its card; so does a lakh of rupees, which the history's revenue reaches by the
    // evening (today's figure depends on the hour the test runs, so it is written in for the check).
    const overflowing = () =>
      page.$$eval('[data-testid=kpis] [data-testid$="-value"]', (els) =>
        els
          .filter((e) => e.scrollWidth > e.clientWidth)
          .map((e) => `${e.getAttribute('data-testid')}: ${e.textContent}`),
      );
    expect(await overflowing()).toEqual([]);
    await page.$eval('[data-testid=kpi-revenue-value]', (e) => (e.textContent = '₹1,02,375.78'));
    expect(await overflowing()).toEqual([]);
  });

  it('Sessions: 30 days of pages, and a session from weeks ago with Net, GST and Total in ₹', async () => {
    await page.goto(tenantUrl(SLUG, '/sessions'));
    const totals = await page.locator('[data-testid=session-totals] > *').allInnerTexts();
    const sessions = Number(/Sessions\s+([\d,]+)/.exec(totals[0] ?? '')?.[1]?.replaceAll(',', ''));
    expect(sessions, totals.join(' | ')).toBeGreaterThan(1_000);
    expect(rupees(/₹[\d,.]+/.exec(totals[2] ?? '')?.[0] ?? '')).toBeGreaterThan(10_000);
    const pages = Number(/Page 1 of ([\d,]+)/.exec(await text(page, 'nav[aria-label=Pages]'))?.[1]);
    expect(pages).toBe(Math.ceil(sessions / 50));
    expect(await page.locator('[data-testid=session-rows] tr').count()).toBe(50);
    await screenshot(page, `demo-history-sessions-${w}`);

    // The last page: the oldest sessions, from about 30 days ago.
    await page.goto(tenantUrl(SLUG, `/sessions?page=${pages}`));
    const link = page.locator('[data-testid=session-rows] tr').last().locator('td:first-child a');
    const id = (await link.getAttribute('href'))!.split('/').pop()!;
    const oldest = await db.transaction.findUniqueOrThrow({ where: { id }, select: { startedAt: true } });
    expect(Date.now() - oldest.startedAt.getTime()).toBeGreaterThan((DAYS - 1) * DAY);

    await link.click();
    await page.waitForURL(`**/sessions/${id}`);
    await page.waitForSelector('[data-testid=figure-total-incl-gst]');
    const net = await text(page, '[data-testid=figure-net-before-gst]');
    const gst = await text(page, '[data-testid=figure-gst]');
    const total = await text(page, '[data-testid=figure-total-incl-gst]');
    for (const v of [net, gst, total]) expect(v).toMatch(INR);
    expect(rupees(net)).toBeGreaterThan(0);
    expect(rupees(gst)).toBeGreaterThan(0);
    expect(Math.round((rupees(net) + rupees(gst)) * 100)).toBe(Math.round(rupees(total) * 100));
    expect(await text(page, 'main')).toContain('Completed');
    await screenshot(page, `demo-history-session-${w}`);
  });

  it('Faults: the past faults, cleared, with an older page', async () => {
    await page.goto(tenantUrl(SLUG, '/faults?show=all'));
    const items = page.locator('[data-testid=fault-list] > li');
    expect(await items.count()).toBeGreaterThanOrEqual(20);
    const all = (await items.allInnerTexts()).join('\n');
    expect(all).toMatch(/GroundFailure|OverCurrentFailure|PowerMeterFailure|HighTemperature|ConnectorLockFailure/);
    expect(all).toMatch(/Offline/);
    expect(await page.locator('[data-testid=fault-pages] a[rel=next]').count()).toBe(1);
    await screenshot(page, `demo-history-faults-${w}`);
  });

  it('Settlements and Payouts: closed weeks with money, paid to the vendors', async () => {
    await page.goto(tenantUrl(SLUG, '/settlements'));
    const closed = page.locator('tr[data-week]', { hasText: 'closed' });
    expect(await closed.count()).toBeGreaterThanOrEqual(4);
    for (const row of await closed.all()) {
      const cells = await row.locator('td').allInnerTexts();
      // Sessions, then Gross, Vendor share, TDS, Net payable in ₹.
      expect(Number(cells[3]!.replaceAll(',', '')), cells.join(' | ')).toBeGreaterThan(0);
      expect(cells[5]).toMatch(INR);
      expect(rupees(cells[5]!)).toBeGreaterThan(0);
    }
    await screenshot(page, `demo-history-settlements-${w}`);

    await page.goto(tenantUrl(SLUG, '/payouts'));
    const payouts = page.locator('[data-testid=payouts] tr');
    expect(await payouts.count()).toBeGreaterThanOrEqual(6);
    const paid = payouts.filter({ hasText: 'Paid' });
    expect(await paid.count()).toBeGreaterThanOrEqual(4);
    // Each week's run on its own day, not all of them on the day of the seed.
    const created = await payouts.locator('td:first-child').allInnerTexts();
    expect(new Set(created.map((d) => d.split(',')[0])).size, created.join(' | ')).toBeGreaterThanOrEqual(4);
    const vendors = (await paid.allInnerTexts()).join('\n');
    expect(vendors).toContain('Sunrise Malls');
    expect(vendors).toContain('Highway Fuels');
    // Lakhs of rupees in total stay inside their card.
    const total = page.locator('[data-testid=payout-totals] > :nth-child(2) > :nth-child(2)');
    expect(rupees(await total.innerText())).toBeGreaterThan(1_00_000);
    expect(await total.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    await screenshot(page, `demo-history-payouts-${w}`);
  });

  it("the vendor user's Earnings: its closed weeks' statements and payouts", async () => {
    const vendor = await signedIn(viewport, VENDOR);
    const p = await vendor.newPage();
    await p.goto(tenantUrl(SLUG, '/earnings'));
    const weeks = p.locator('tr[data-week]');
    expect(await weeks.count()).toBeGreaterThanOrEqual(4);
    const net = await weeks.first().locator('td').nth(6).innerText();
    expect(net).toMatch(INR);
    expect(rupees(net)).toBeGreaterThan(0);
    expect(await p.locator('tr[data-payout]', { hasText: 'processed' }).count()).toBeGreaterThanOrEqual(1);
    await screenshot(p, `demo-history-earnings-${w}`);
    await vendor.close();
  });
});
