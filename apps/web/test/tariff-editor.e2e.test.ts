import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, SCREENSHOTS, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The operator changes the demo tariff's evening price: the preview reprices the example sessions
// as they type, Publish adds version 2, and the history says what changed.

let browser: Browser;
let page: Page;
let db: Db;

const total = (key: string) => page.locator(`[data-testid=preview-total-${key}]`);

beforeAll(async () => {
  db = e2eDb();
  browser = await openBrowser();
  page = await newPage(browser);
  await signIn(page, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.admin, password: E2E.demo.password });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

describe('tariff editor', () => {
  it('edits the peak price, previews it, publishes version 2 and shows it in the history', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tariffs' }).click();
    await page.waitForURL((u) => u.pathname === '/tariffs');
    await page.getByRole('link', { name: 'Standard', exact: true }).click();
    await page.waitForURL((u) => /^\/tariffs\/[0-9a-f-]{36}$/.test(u.pathname));

    // 20 kWh at 19:00 is all peak: 20 × ₹22 = ₹440 + 18% GST.
    await expect.poll(() => total('example-1').textContent(), { timeout: 20_000 }).toBe('₹519.20');
    await expect.poll(() => total('example-3').textContent()).toBe('₹920.40');

    // The week grid paints by dragging: a free window over Monday 01:00–04:00, then removed again.
    await page.getByRole('button', { name: '+ Free' }).click();
    const cell = (i: number) => page.locator(`[data-cell="${i}"]`);
    await page.locator('[data-testid=week-grid]').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    const a = (await cell(1).boundingBox())!;
    const b = (await cell(3).boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 6 });
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-testid=window-editor]').textContent()).toContain('Mon 01:00–04:00');
    await page.getByRole('button', { name: 'Delete' }).click();

    await page.getByRole('button', { name: /^Peak 18:00–22:00/ }).click();
    const peak = page.locator('[data-testid=window-energy]');
    expect(await peak.inputValue()).toBe('22.00');
    await peak.fill('25');
    // 20 × ₹25 = ₹500 + ₹90 GST; the fast charge from 17:30 has 15 of its 40 kWh after 18:00.
    await expect.poll(() => total('example-1').textContent(), { timeout: 20_000 }).toBe('₹590.00');
    await expect
      .poll(() => page.locator('[data-testid=preview-delta-example-1]').textContent())
      .toBe('+₹70.80 vs published');
    await expect.poll(() => total('example-3').textContent()).toBe('₹973.50');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tariff-editor-preview.png') });

    // A price in words, next to its field, and nothing can be published until it is fixed.
    await peak.fill('twenty');
    await expect.poll(() => page.getByText('Enter an amount like 22.50').count()).toBe(1);
    expect(await page.locator('[data-testid=publish]').isDisabled()).toBe(true);
    await peak.fill('25');

    await page.locator('[data-testid=publish]').click();
    await page.getByText('Version 2 published').waitFor({ timeout: 20_000 });
    const v2 = page.locator('[data-testid=version-2]');
    await v2.waitFor({ timeout: 20_000 });
    expect(await v2.textContent()).toContain('Peak 18:00–22:00: energy ₹22.00/kWh → ₹25.00/kWh');
    expect(await v2.textContent()).toContain('In use');
    await v2.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tariff-editor-history.png') });
    await screenshot(page, 'tariff-editor-published');

    const tariff = await db.tariff.findFirstOrThrow({
      where: { name: 'Standard', tenant: { slug: E2E.demo.slug } },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    expect(tariff.versions[0]).toMatchObject({ version: 2 });
    const stored = tariff.versions[0]!.definition as {
      elements: { label?: string; components: { dimension: string; priceMinor: number }[] }[];
    };
    expect(stored.elements[0]).toMatchObject({
      label: 'Peak 18:00–22:00',
      components: [{ dimension: 'ENERGY', priceMinor: 2500 }, { dimension: 'PARKING' }],
    });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: tariff.versions[0]!.id } });
    expect(audit.action).toBe('tariff.version.published');
    expect(audit.actorUserId).not.toBeNull();
  });

  it('fits a phone: the grid scrolls sideways and the preview follows the editor', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect.poll(() => total('example-1').textContent(), { timeout: 20_000 }).toBe('₹590.00');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'tariff-editor-phone');
  });

  it('shows a vendor user the tariff read-only, without publishing or the preview', async () => {
    const vendor = await newPage(browser);
    await signIn(vendor, { baseUrl: tenantUrl(E2E.demo.slug), email: E2E.demo.vendor, password: E2E.demo.password });
    await vendor.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
    await vendor.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Tariffs' }).click();
    await vendor.getByRole('link', { name: 'Standard', exact: true }).click();
    await vendor.locator('[data-testid=version-history]').waitFor();
    expect(await vendor.locator('[data-testid=standard-energy]').isDisabled()).toBe(true);
    expect(await vendor.locator('[data-testid=publish]').count()).toBe(0);
    expect(await vendor.locator('[data-testid=tariff-preview]').count()).toBe(0);
    expect(await vendor.getByText('Where it applies').count()).toBe(0);
    await vendor.context().close();
  });
});
