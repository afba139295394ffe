import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// Sites and the header search (#19): an operator edits a site (a wrong time zone is answered in the
// form and changes nothing), opens a site's page with its chargers, revenue, faults and a map drawn
// from coordinates, archives a site (refused in words while a charger there is connected) and finds
// a charger from the header's search box. Screenshots at 1440×900 and 390×844.

const SITE = 'Koregaon Park Courtyard';

let browser: Browser;
let page: Page;
let db: Db;
let tenantId: string;
let siteId: string;

beforeAll(async () => {
  db = e2eDb();
  tenantId = (await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } })).id;
  siteId = (await db.site.findFirstOrThrow({ where: { tenantId, name: { startsWith: 'Koregaon Park' } } })).id;
  await db.site.update({ where: { id: siteId }, data: { name: SITE, timezone: 'Asia/Kolkata' } });
  browser = await openBrowser();
  page = await newPage(browser);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signIn(page, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.admin, password: E2E.demo.password });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}, 180_000);

afterAll(async () => {
  await db?.site.update({ where: { id: siteId }, data: { name: SITE, timezone: 'Asia/Kolkata' } }).catch(() => {});
  await browser?.close();
  await db?.$disconnect();
});

describe('a site', () => {
  it('opens from the Sites list with its chargers, revenue, faults and a map from its coordinates', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, '/sites'));
    await page.locator(`[data-site="${SITE}"] a`, { hasText: SITE }).click();
    await page.waitForURL(`**/sites/${siteId}`);
    // A client-side navigation shows the dashboard's loading placeholder first: wait for the page itself.
    await page.locator('[data-testid=site-chargers] [data-charger]').first().waitFor();
    const chargers = await page
      .locator('[data-testid=site-chargers] [data-charger]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-charger')));
    const expected = await db.charger.findMany({ where: { siteId }, orderBy: { identity: 'asc' } });
    expect(chargers).toEqual(expected.map((c) => c.identity));
    expect(chargers.every((c) => /^PUN-01\d$/.test(c!))).toBe(true);
    expect(await page.locator('[data-testid=site-revenue]').innerText()).toMatch(
      /Today[\s\S]*Last 7 days[\s\S]*Last 30 days/,
    );
    const map = page.locator('[data-testid=site-map]');
    expect(await map.locator('[data-current=true]').getAttribute('data-map-site')).toBe(SITE);
    // Talegaon (about 30 km away) is on the map, and links to its own page.
    expect(await map.locator('[data-map-site="Talegaon Expressway Food Court"]').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'QR stickers' }).getAttribute('href')).toBe(
      `/sites/${siteId}/stickers`,
    );
    expect(await page.getByRole('link', { name: 'Load balancing' }).getAttribute('href')).toBe(
      `/sites/${siteId}/load-balancing`,
    );
    await screenshot(page, 'site-page-1440');
  });

  it('is edited: a wrong time zone is answered in the form and changes nothing; a right edit is saved', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, `/sites/${siteId}`));
    const form = page.locator('[data-testid=site-edit]');
    await form.locator('input[name=timezone]').fill('Mars/Olympus_Mons');
    await form.getByRole('button', { name: 'Save site' }).click();
    await expect.poll(() => form.locator('[role=alert]').first().innerText()).toMatch(/IANA time zone/);
    expect((await db.site.findUniqueOrThrow({ where: { id: siteId } })).timezone).toBe('Asia/Kolkata');

    await form.locator('input[name=name]').fill(`${SITE} North`);
    await form.locator('input[name=timezone]').fill('Asia/Kolkata');
    await form.locator('input[name=lat]').fill('18.5401');
    await form.locator('input[name=lng]').fill('73.8972');
    await form.getByRole('button', { name: 'Save site' }).click();
    await expect
      .poll(async () => (await db.site.findUniqueOrThrow({ where: { id: siteId } })).name)
      .toBe(`${SITE} North`);
    const saved = await db.site.findUniqueOrThrow({ where: { id: siteId } });
    expect([Number(saved.lat), Number(saved.lng)]).toEqual([18.5401, 73.8972]);
    await page.waitForSelector(`h1:has-text("${SITE} North")`);
  });

  it('is archived only when no charger of it is connected, after a confirmation in words', async () => {
    const charger = await db.charger.findFirstOrThrow({ where: { siteId }, orderBy: { identity: 'asc' } });
    await db.charger.update({ where: { id: charger.id }, data: { online: true } });
    try {
      await page.goto(tenantUrl(E2E.demo.slug, `/sites/${siteId}`));
      expect(await page.locator('[data-testid=archive-blocked]').innerText()).toContain(charger.identity);
      expect(await page.getByRole('button', { name: 'Archive site' }).isDisabled()).toBe(true);
    } finally {
      await db.charger.update({ where: { id: charger.id }, data: { online: false } });
    }

    const spare = await db.site.create({
      data: { tenantId, name: 'Old Depot Yard', address: 'Plot 4, MIDC Bhosari', city: 'Pune', state: 'Maharashtra' },
    });
    await page.goto(tenantUrl(E2E.demo.slug, `/sites/${spare.id}`));
    await page.getByRole('button', { name: 'Archive site' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.innerText()).toMatch(/disappears from the Sites list[\s\S]*keep their history/);
    await dialog.getByRole('button', { name: 'Archive site' }).click();
    await page.waitForSelector('[data-testid=archived-note]');
    expect((await db.site.findUniqueOrThrow({ where: { id: spare.id } })).archivedAt).not.toBeNull();
    await page.goto(tenantUrl(E2E.demo.slug, '/sites'));
    expect(await page.locator('[data-site="Old Depot Yard"]').count()).toBe(0);
    await db.site.delete({ where: { id: spare.id } });
  });
});

describe('the header search', () => {
  it('finds a charger by its id and follows the result to its page', async () => {
    // The box sits in the header between 768 and 1279 px (wider, the one-row nav fills it; narrower, no room).
    await page.setViewportSize({ width: 1024, height: 768 });
    await page.goto(tenantUrl(E2E.demo.slug, '/'));
    await page.locator('[data-testid=global-search]').fill('blr-01');
    const panel = page.locator('[data-testid=global-search-panel]');
    await panel.locator('[data-search-hit]', { hasText: 'BLR-014' }).waitFor();
    const hits = await panel.locator('section[aria-label=Chargers] [data-search-hit] .font-mono').allInnerTexts();
    expect(hits).toEqual(['BLR-011', 'BLR-012', 'BLR-013', 'BLR-014']);
    await screenshot(page, 'global-search-1024');
    const blr014 = await db.charger.findFirstOrThrow({ where: { tenantId, identity: 'BLR-014' } });
    await panel.locator('[data-search-hit]', { hasText: 'BLR-014' }).click();
    await page.waitForURL(`**/chargers/${blr014.id}`);
    // At 1440 the header keeps its one-row nav, and the Search link leads to the results page.
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.locator('header a[aria-label=Search]').click();
    await page.waitForURL('**/search');
    await page.locator('main input[name=q]').fill('BLR-014');
    await page.keyboard.press('Enter');
    await page.locator('section[aria-label=Chargers] [data-search-hit]', { hasText: 'BLR-014' }).waitFor();
    await screenshot(page, 'search-page-1440');
  });

  it('finds a site by name, and on a phone through the Search page', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(tenantUrl(E2E.demo.slug, '/'));
    // On a phone the menu panel holds the Search page's link.
    await page.locator('[data-testid=nav-menu-button]').click();
    await page.locator('[data-testid=nav-panel]').getByRole('link', { name: 'Search', exact: true }).click();
    await page.waitForURL('**/search');
    await page.locator('main input[name=q]').fill('indiranagar');
    await page.keyboard.press('Enter');
    await page.waitForURL('**/search?q=indiranagar');
    const site = page.locator('section[aria-label=Sites] [data-search-hit]');
    expect(await site.allInnerTexts()).toEqual([expect.stringContaining('Indiranagar Café')]);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await screenshot(page, 'search-page-390');
    await site.first().click();
    await page.waitForURL(/\/sites\/[0-9a-f-]{36}$/);
    const width2 = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width2).toBeLessThanOrEqual(390);
    await screenshot(page, 'site-page-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('refuses one character without asking the server', async () => {
    await page.goto(tenantUrl(E2E.demo.slug, '/search?q=B'));
    expect(await page.locator('main').innerText()).toContain('Type at least 2 characters');
  });
});
