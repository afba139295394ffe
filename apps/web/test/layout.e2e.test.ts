import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// The operator dashboard's frame (#19): the header is one row on a laptop, a menu panel on a phone, no
// page scrolls sideways on a phone, and a hard reset asks first (Cancel sends nothing).

let browser: Browser;
let db: Db;
let page: Page;
let chargerId: string;

beforeAll(async () => {
  browser = await openBrowser();
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  chargerId = (await db.charger.findFirstOrThrow({ where: { tenantId: tenant.id }, orderBy: { identity: 'asc' } })).id;
  page = await voltwayAdmin(browser);
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

const bar = () => page.locator('[data-testid=nav-bar]');
const menuButton = () => page.locator('[data-testid=nav-menu-button]');

describe('dashboard header', () => {
  it('is one row at 1440×900, with the less-used pages under More', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(tenantUrl('voltway', '/'));
    const nav = (await bar().boundingBox())!;
    const link = (await bar().locator('a').first().boundingBox())!;
    // One row: the bar is no taller than one of its links.
    expect(nav.height).toBeLessThanOrEqual(link.height + 1);
    expect(await menuButton().isVisible()).toBe(false);

    const more = bar().getByRole('button', { name: 'More' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    await page.locator('#main-nav-more a:has-text("Cards")').waitFor();
    await screenshot(page, 'layout-desktop-more');
    await page.keyboard.press('Escape');
    await page.locator('#main-nav-more').waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('More');
  });

  it('at 390×844 a menu button opens the navigation, and no page scrolls sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(tenantUrl('voltway', '/'));
    expect(await bar().isVisible()).toBe(false);
    expect(await menuButton().getAttribute('aria-controls')).toBe('main-nav-panel');
    await menuButton().click();
    expect(await menuButton().getAttribute('aria-expanded')).toBe('true');
    const panel = page.locator('#main-nav-panel');
    await panel.getByRole('link', { name: 'Chargers' }).waitFor();
    expect(await panel.getByRole('link', { name: 'Cards' }).isVisible()).toBe(true);
    await screenshot(page, 'layout-phone-menu');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    expect(await menuButton().evaluate((b) => b === document.activeElement)).toBe(true);

    // Following a link from the panel closes it.
    await menuButton().click();
    await Promise.all([page.waitForURL(/\/chargers$/), panel.getByRole('link', { name: 'Chargers' }).click()]);
    await panel.waitFor({ state: 'hidden' });

    for (const path of ['/', '/chargers', `/chargers/${chargerId}`]) {
      await page.goto(tenantUrl('voltway', path));
      const { width, wide } = await page.evaluate(() => ({
        width: document.scrollingElement!.scrollWidth,
        // What sticks out, to name it when this fails.
        wide: [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.overflow-x-auto, .overflow-auto'))
          .slice(0, 5)
          .map((e) => `${e.tagName.toLowerCase()}.${e.className.toString().slice(0, 60)}`),
      }));
      expect(width, `${path}: ${wide.join(' | ')}`).toBeLessThanOrEqual(390);
    }
    await screenshot(page, 'layout-phone-charger');
  });
});

describe('hard reset', () => {
  it('says what will happen; Cancel and Escape send nothing, confirming sends the reset', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(tenantUrl('voltway', `/chargers/${chargerId}`));
    const commands = () => db.chargerCommand.count({ where: { chargerId } });
    const before = await commands();
    const dialog = page.locator('[data-testid=confirm-dialog]');

    await page.click('[data-testid=reset-hard]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The charger restarts at once; sessions in progress on it stop.');
    // Focus starts on Cancel, so a stray Enter confirms nothing.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await screenshot(page, 'layout-hard-reset-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reset-hard');

    await page.click('[data-testid=reset-hard]');
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await commands()).toBe(before);

    await page.click('[data-testid=reset-hard]');
    await dialog.getByRole('button', { name: 'Hard reset' }).click();
    // The charger is not connected in this test: the attempt is still recorded (and the page says so).
    await expect.poll(commands, { timeout: 15_000 }).toBe(before + 1);
    await page.locator('[data-testid=action-result] [role=alert], [data-testid=action-result] div').first().waitFor();
  });
});
