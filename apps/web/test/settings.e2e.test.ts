import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { shownPrimary } from './e2e/brand.ts';
import { E2E } from './e2e/seed.ts';
import { e2eDb, hostUrl, newPage, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// An operator admin runs their white-label tenant: brand, domains and team. Uses the Voltway tenant
// so the demo tenant other browser tests rely on stays as seeded.

const NEW_HOST = 'ev.voltway-new.test';

let browser: Browser;
let db: Db;
let admin: Page;

const brandPrimary = (page: Page) =>
  page.$eval('[data-theme]', (el) => getComputedStyle(el).getPropertyValue('--brand-primary').trim());

beforeAll(async () => {
  browser = await openBrowser({ extraHosts: [E2E.voltway.customDomain, NEW_HOST] });
  db = e2eDb();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

describe('operator settings', () => {
  it('re-themes every page as soon as the admin saves a new theme and colour', async () => {
    await admin.goto(tenantUrl('voltway', '/settings'));
    // A white-label tenant never sees the product's own name, not even in the theme picker.
    expect(await admin.innerText('body')).not.toMatch(/magma/i);
    await admin.click('button[aria-pressed]:has-text("Greenline")');
    await admin.fill('input[aria-label="accent colour"]', '#ff00aa');
    await admin.click('button:has-text("Save brand")');
    await admin.locator('[role=status]:has-text("Saved")').waitFor();
    await admin.reload();
    expect(await admin.$eval('[data-theme]', (el) => el.getAttribute('data-theme'))).toBe('greenline');
    expect(
      await admin.$eval('[data-theme]', (el) => getComputedStyle(el).getPropertyValue('--brand-accent').trim()),
    ).toBe('#ff00aa');
    await screenshot(admin, 'settings-voltway-rethemed');

    const visitor = await newPage(browser);
    await visitor.goto(hostUrl(E2E.voltway.customDomain, '/sign-in'));
    expect(await brandPrimary(visitor)).toBe(shownPrimary('greenline'));
    await visitor.context().close();

    // Back to its own theme for the other tests.
    await admin.goto(tenantUrl('voltway', '/settings'));
    await admin.click('button[aria-pressed]:has-text("Voltway")');
    await admin.click('button:has-text("reset")');
    await admin.click('button:has-text("Save brand")');
    await admin.locator('[role=status]:has-text("Saved")').waitFor();
    expect((await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).themeKey).toBe('voltway');
  });

  it('shows the TXT record for a new custom domain, which serves nothing until verified', async () => {
    const visitor = await newPage(browser);
    expect((await visitor.goto(hostUrl(NEW_HOST, '/sign-in')))?.status()).toBe(404);

    await admin.goto(tenantUrl('voltway', '/settings/domains'));
    await admin.fill('input[name=host]', NEW_HOST);
    await admin.click('button:has-text("Add domain")');
    await admin.locator(`[role=status]:has-text("${NEW_HOST}")`).waitFor();
    const record = admin.locator(`[data-domain="${NEW_HOST}"] [data-testid=txt-record]`);
    await record.waitFor();
    expect(await record.textContent()).toContain(`_magma-verification.${NEW_HOST}`);
    expect(await record.textContent()).toMatch(/magma-verification=[0-9a-f]{32}/);

    // Claimed but not proven: the host still serves no one (the record is not in any DNS here).
    expect((await visitor.goto(hostUrl(NEW_HOST, '/sign-in')))?.status()).toBe(404);
    await record.locator('button:has-text("Verify")').click();
    const result = admin.locator(
      `[data-domain="${NEW_HOST}"] [data-testid=verify-result], [data-domain="${NEW_HOST}"] [role=alert]`,
    );
    await result.first().waitFor();
    expect(await result.first().textContent()).toMatch(/No TXT record|DNS could not be asked/);
    expect((await visitor.goto(hostUrl(NEW_HOST, '/sign-in')))?.status()).toBe(404);
    await visitor.context().close();

    await admin.fill('input[name=host]', E2E.voltway.customDomain);
    await admin.click('button:has-text("Add domain")');
    expect(await admin.locator('form [role=alert]').textContent()).toContain('already');
    await screenshot(admin, 'settings-voltway-domains');
  });

  it('adds a vendor and edits its revenue share', async () => {
    await admin.goto(tenantUrl('voltway', '/vendors'));
    await admin.fill('input[name=name]', 'Metro Parking');
    await admin.fill('input[name=legalName]', 'Metro Parking Pvt Ltd');
    await admin.fill('input[name=pan]', 'ABCDE1234F');
    await admin.fill('input[name=share]', '60');
    await admin.click('button:has-text("Add vendor")');
    const row = admin.locator('[data-vendor="Metro Parking"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('60%');

    await row.locator('button:has-text("Edit")').click();
    await row.locator('input[name=share]').fill('65.5');
    await row.locator('button:has-text("Save")').click();
    await admin.locator('[data-vendor="Metro Parking"]:has-text("65.50%")').waitFor();
    await screenshot(admin, 'vendors-voltway');
    const vendor = await db.vendor.findFirstOrThrow({ where: { name: 'Metro Parking' }, include: { tenant: true } });
    expect([vendor.revenueShareBps, vendor.pan, vendor.tenant.slug]).toEqual([6550, 'ABCDE1234F', 'voltway']);
  });

  it("adds a site owned by a vendor and a charger there, which inherits the site's owner", async () => {
    await admin.goto(tenantUrl('voltway', '/sites'));
    const form = admin.locator('form[aria-label="Add a site"]');
    await form.locator('input[name=name]').fill('Voltway Harbour');
    await form.locator('input[name=address]').fill('1 Marine Drive');
    await form.locator('input[name=city]').fill('Mumbai');
    await form.locator('input[name=state]').fill('Maharashtra');
    await form.locator('select[name=vendorId]').selectOption({ label: 'Voltway Partner' });
    await form.locator('button[type=submit]').click();
    await admin.locator('[data-site="Voltway Harbour"]').waitFor();

    const charger = admin.locator('form[aria-label="Add a charger"]');
    await charger.locator('input[name=identity]').fill('VOLT-0002');
    await charger.locator('select[name=siteId]').selectOption({ label: 'Voltway Harbour, Mumbai' });
    await charger.locator('button[type=submit]').click();
    await charger.locator('[role=status]:has-text("VOLT-0002")').waitFor();
    await screenshot(admin, 'sites-voltway');

    const row = await db.charger.findFirstOrThrow({
      where: { identity: 'VOLT-0002' },
      include: { site: true, vendor: true },
    });
    expect(row.site?.name).toBe('Voltway Harbour');
    expect(row.vendor?.name).toBe('Voltway Partner');
    expect(row.tenantId).toBe((await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).id);
  });

  it('invites a staff member who sets a password and gets a staff view', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/users'));
    await admin.fill('input[name=email]', 'staff@voltway.test');
    await admin.selectOption('select[name=role]', 'OPERATOR_STAFF');
    await admin.click('button:has-text("Send invitation")');
    await admin.locator('[role=status]:has-text("Invitation sent")').waitFor();
    await screenshot(admin, 'settings-voltway-users');

    const email = await db.emailOutbox.findFirstOrThrow({
      where: { to: 'staff@voltway.test', template: 'invitation' },
    });
    expect(email.from).toContain('Voltway');
    expect(`${email.subject} ${email.html}`).not.toMatch(/magma/i);
    const link = /https?:\/\/[^\s"<]+accept-invite\?token=[A-Za-z0-9_-]+/.exec(email.text ?? email.html)?.[0];
    expect(link).toBeDefined();
    const { pathname, search, hostname } = new URL(link!);
    expect(hostname).toBe('voltway.localhost');

    const staff = await newPage(browser);
    await staff.goto(tenantUrl('voltway', `${pathname}${search}`));
    await staff.fill('input[name=name]', 'Sam Staff');
    await staff.fill('input[name=password]', 'staff-pass-1');
    await staff.fill('input[name=confirm]', 'staff-pass-1');
    await screenshot(staff, 'accept-invite-voltway');
    await staff.click('button:has-text("Accept and sign in")');
    await staff.waitForURL(tenantUrl('voltway', '/'));
    expect(await staff.textContent('[data-testid=user-email]')).toBe('staff@voltway.test');
    const nav = await staff.locator('nav[aria-label=Main] a').allTextContents();
    expect(nav).toContain('Overview');
    expect(nav).not.toContain('Settings');
    await staff.context().close();
  });

  it('shows who did what on the activity page, newest first, by area', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/activity?area=user'));
    const rows = admin.locator('[data-testid=activity] tr');
    await rows.first().waitFor();
    const text = await rows.allTextContents();
    // The staff member joined after the admin invited them (the test above).
    expect(text[0]).toContain('User joined');
    expect(text[0]).toContain('staff@voltway.test');
    expect(text.find((t) => t.includes('User invited'))).toContain('OPERATOR_STAFF');
    expect(text.join(' ')).not.toContain('Site created');
    await screenshot(admin, 'settings-voltway-activity');
  });
});
