import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { createBus, tenantEventsChannel, type Bus, type LiveEvent } from '@magma/core/bus';
import { E2E } from './e2e/seed.ts';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The operator's and vendor's experience (#19): a fault alert on any dashboard page naming the
// charger, connector and site, with the open-fault count in the navigation; fault emails chosen per
// site on Your account; a vendor's own Overview; admin pages that say they are not for vendors; a
// new operator's first steps. Desktop 1440x900 and phone 390x844.

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const NEW_SLUG = 'opsnew';
const NEW_EMAIL = 'admin@opsnew.test';
const NEW_PASSWORD = 'opsnew-pass-1';

let browser: Browser;
let db: Db;
let bus: Bus;

async function as(
  viewport: { width: number; height: number },
  slug: string,
  email: string,
  password: string,
): Promise<Page> {
  const page = await (await browser.newContext({ viewport })).newPage();
  await signIn(page, { baseUrl: tenantUrl(slug), email, password });
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
  return page;
}

beforeAll(async () => {
  db = e2eDb();
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  browser = await openBrowser();
  if (!(await db.tenant.findUnique({ where: { slug: NEW_SLUG } }))) {
    const tenant = await db.tenant.create({
      data: { slug: NEW_SLUG, name: 'Opsnew Charging', themeKey: 'magma', plan: 'OPERATOR_CSMS' },
    });
    const user = await db.user.create({ data: { email: NEW_EMAIL, passwordHash: await hashSecret(NEW_PASSWORD) } });
    await db.membership.create({ data: { userId: user.id, tenantId: tenant.id, role: 'OPERATOR_ADMIN' } });
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await bus?.close();
  await db?.$disconnect();
});

describe('fault alerts everywhere', () => {
  it('names the charger, connector and site on the Sessions page and counts open faults in the nav, live', async () => {
    const demo = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
    const charger = await db.charger.findFirstOrThrow({
      where: { tenantId: demo.id, siteId: { not: null } },
      orderBy: { identity: 'desc' },
      include: { site: true },
    });
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await as(viewport, E2E.demo.slug, E2E.demo.admin, E2E.demo.password);
      await page.goto(tenantUrl(E2E.demo.slug, '/sessions'));
      const countSel =
        viewport === DESKTOP
          ? '[data-testid=nav-bar] [data-testid=nav-fault-count]'
          : '[data-testid=nav-menu-button] [data-testid=nav-fault-count]';
      const shown = (await page.locator(countSel).count()) > 0 ? await page.locator(countSel).textContent() : '0';
      const before = Number(shown?.replace(/\D/g, '') || 0);
      // Give the shell's stream a moment to subscribe before the fault opens.
      await page.waitForTimeout(1500);
      const fault = await db.fault.create({
        data: {
          tenantId: demo.id,
          chargerId: charger.id,
          vendorId: charger.vendorId,
          evseId: 2,
          connectorId: 1,
          kind: 'CONNECTOR_ERROR',
          code: 'OverCurrentFailure',
          startedAt: new Date(),
        },
      });
      const event: LiveEvent = {
        type: 'fault.opened',
        tenantId: demo.id,
        chargerId: charger.id,
        faultId: fault.id,
        kind: 'CONNECTOR_ERROR',
        code: 'OverCurrentFailure',
        evseId: 2,
        at: new Date().toISOString(),
      };
      await bus.publish(tenantEventsChannel(demo.id), event);
      const alert = page.locator('[data-testid=fault-alert]', { hasText: charger.identity });
      await alert.waitFor({ timeout: 15_000 });
      const text = await alert.textContent();
      expect(text).toContain(`Fault on ${charger.identity} · connector 2`);
      expect(text).toContain('OverCurrentFailure');
      expect(text).toContain(charger.site!.name);
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel as string)?.textContent?.replace(/\D/g, '') ?? 0) === n,
        [countSel, before + 1] as const,
        { timeout: 15_000 },
      );
      await screenshot(page, `ops-fault-alert-${name}`);
      // No sideways scroll on a phone with the alert shown.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await db.fault.update({ where: { id: fault.id }, data: { endedAt: new Date() } });
      await bus.publish(tenantEventsChannel(demo.id), { ...event, type: 'fault.closed', at: new Date().toISOString() });
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel as string)?.textContent?.replace(/\D/g, '') ?? 0) === n,
        [countSel, before] as const,
        { timeout: 15_000 },
      );
      await page.context().close();
    }
  });
});

describe('the Faults page at any size of history', () => {
  it('pages all faults by cursor and filters by site on the server', async () => {
    const demo = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
    const total = await db.fault.count({ where: { tenantId: demo.id } });
    const page = await as(DESKTOP, E2E.demo.slug, E2E.demo.admin, E2E.demo.password);
    await page.goto(tenantUrl(E2E.demo.slug, '/faults?show=all'));
    const rows = page.locator('[data-testid=fault-list] [data-fault]');
    expect(await rows.count()).toBe(Math.min(total, 50));
    if (total > 50) {
      const first = await rows.first().getAttribute('data-fault');
      await Promise.all([page.waitForURL(/cursor=/), page.click('[data-testid=fault-pages] a[rel=next]')]);
      expect(await rows.first().getAttribute('data-fault')).not.toBe(first);
      expect(new URL(page.url()).searchParams.get('show')).toBe('all');
    }
    const site = await db.site.findFirstOrThrow({
      where: { tenantId: demo.id, chargers: { some: { faults: { some: {} } } } },
    });
    await page.selectOption('[data-testid=fault-filters] select[name=siteId]', site.id);
    await Promise.all([page.waitForURL(/siteId=/), page.click('[data-testid=fault-filters] button[type=submit]')]);
    const atSite = await db.fault.count({ where: { tenantId: demo.id, charger: { siteId: site.id } } });
    expect(await rows.count()).toBe(Math.min(atSite, 50));
    await screenshot(page, 'ops-faults-filtered-desktop');
    await page.context().close();
  });
});

describe('fault emails on Your account', () => {
  it('keeps the sites a member chose', async () => {
    const page = await as(DESKTOP, E2E.demo.slug, E2E.demo.admin, E2E.demo.password);
    await page.goto(tenantUrl(E2E.demo.slug, '/account'));
    const form = page.locator('[data-testid=fault-emails-form]');
    await form.getByLabel('Email me when a fault opens').check();
    await form.getByLabel('Only the sites I choose').check();
    const first = form.locator('[data-testid=fault-email-sites] input[type=checkbox]').first();
    await first.check();
    await form.getByRole('button', { name: 'Save fault emails' }).click();
    await form.getByText('Saved: fault emails for 1 site.').waitFor();
    await screenshot(page, 'ops-account-fault-emails-desktop');
    await page.reload();
    expect(await page.locator('[data-testid=fault-email-sites] input:checked').count()).toBe(1);
    const admin = await db.user.findUniqueOrThrow({ where: { email: E2E.demo.admin } });
    expect((await db.faultSubscription.findFirstOrThrow({ where: { userId: admin.id } })).siteIds).toHaveLength(1);
    // Off again, so other tests' faults send this member nothing.
    await page.locator('[data-testid=fault-emails-form]').getByLabel('Email me when a fault opens').uncheck();
    await page.getByRole('button', { name: 'Save fault emails' }).click();
    await page.getByText('Saved: no fault emails.').waitFor();
    expect(await db.faultSubscription.count({ where: { userId: admin.id } })).toBe(0);
    await page.context().close();
  });
});

describe("a vendor's dashboard", () => {
  it('is about its own sites, says what is not for vendors and answers another vendor’s charger with a branded not-found', async () => {
    const member = await db.membership.findFirstOrThrow({
      where: { user: { email: E2E.demo.vendor } },
      include: { vendor: true },
    });
    const sites = await db.site.count({ where: { vendorId: member.vendorId } });
    const other = await db.charger.findFirstOrThrow({
      where: { tenantId: member.tenantId, vendorId: { not: member.vendorId } },
    });
    for (const [viewport, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await as(viewport, E2E.demo.slug, E2E.demo.vendor, E2E.demo.password);
      await page.goto(tenantUrl(E2E.demo.slug, '/'));
      expect(await page.textContent('[data-testid=overview-title]')).toBe(
        `${member.vendor!.name} — ${sites} ${sites === 1 ? 'site' : 'sites'}`,
      );
      await screenshot(page, `ops-vendor-overview-${name}`);
      if (viewport === DESKTOP) {
        await Promise.all([
          page.waitForURL(tenantUrl(E2E.demo.slug, '/earnings')),
          page.click('[data-testid=earnings-link]'),
        ]);
        await page.goto(tenantUrl(E2E.demo.slug, '/settings/users'));
        // The page streams its placeholder first, so the redirect can come after the first paint.
        await page.waitForURL((u) => u.pathname === '/not-available');
        expect(await page.textContent('[data-testid=not-available]')).toContain('not available for vendor accounts');
        await page.goto(tenantUrl(E2E.demo.slug, `/chargers/${other.id}`));
        await page.locator('[data-testid=not-found]').waitFor();
        // Inside the tenant's own dashboard (its header), not a bare 404.
        expect(await page.locator('header [data-testid=nav-menu-button], header [data-testid=nav-bar]').count()).toBe(
          2,
        );
        await screenshot(page, 'ops-vendor-not-found-desktop');
      }
      await page.context().close();
    }
  });
});

describe("a new operator's first screen", () => {
  it('shows the steps to a first session and ticks each one done', async () => {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: NEW_SLUG } });
    await db.site.deleteMany({ where: { tenantId: tenant.id } });
    const page = await as(DESKTOP, NEW_SLUG, NEW_EMAIL, NEW_PASSWORD);
    await page.goto(tenantUrl(NEW_SLUG, '/'));
    const steps = page.locator('[data-testid=getting-started] [data-step]');
    expect(
      await steps.evaluateAll((els) => els.map((e) => [e.getAttribute('data-step'), e.getAttribute('data-done')])),
    ).toEqual([
      ['site', 'false'],
      ['charger', 'false'],
      ['tariff', 'false'],
      ['stickers', 'false'],
    ]);
    expect(await page.textContent('main')).not.toContain('No connectors match');
    await screenshot(page, 'ops-getting-started-desktop');
    await db.site.create({
      data: { tenantId: tenant.id, name: 'First Site', address: '1 MG Road', city: 'Pune', state: 'MH' },
    });
    await page.reload();
    expect(await page.locator('[data-step=site]').getAttribute('data-done')).toBe('true');
    await Promise.all([page.waitForURL(tenantUrl(NEW_SLUG, '/chargers')), page.click('[data-step=charger] a')]);
    await page.setViewportSize(PHONE);
    await page.goto(tenantUrl(NEW_SLUG, '/'));
    await page.locator('[data-testid=getting-started]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'ops-getting-started-phone');
    await page.context().close();
  });
});
