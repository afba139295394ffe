import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Db } from '@magma/db';
import { shownPrimary } from './e2e/brand.ts';
import { E2E } from './e2e/seed.ts';
import { e2eDb, hostUrl, newPage, openBrowser, platformUrl, screenshot, signIn, tenantUrl } from './e2e/browser.ts';
import { expectNoSeriousA11yViolations } from './e2e/a11y.ts';

// White-label by host, vendor scope and sign-in, through the real pages.

let browser: Browser;
let db: Db;

beforeAll(async () => {
  browser = await openBrowser({ extraHosts: [E2E.voltway.customDomain] });
  db = e2eDb();
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
});

async function brandOf(url: string, shot: string) {
  const page = await newPage(browser);
  const res = await page.goto(url);
  const primary = await page.$eval('[data-theme]', (el) =>
    getComputedStyle(el).getPropertyValue('--brand-primary').trim(),
  );
  const theme = await page.$eval('[data-theme]', (el) => el.getAttribute('data-theme'));
  const logoAlt = await page.getAttribute('img', 'alt');
  const text = (await page.textContent('body')) ?? '';
  await screenshot(page, shot);
  await page.context().close();
  return { status: res?.status(), primary, theme, logoAlt, text };
}

describe('white-label by host', () => {
  it('shows each tenant its own brand on the same page', async () => {
    const demo = await brandOf(tenantUrl('demo', '/sign-in'), 'brand-demo-sign-in');
    const volt = await brandOf(tenantUrl('voltway', '/sign-in'), 'brand-voltway-sign-in');
    expect(demo).toMatchObject({ status: 200, theme: 'magma', primary: shownPrimary('magma'), logoAlt: E2E.demo.name });
    expect(volt).toMatchObject({
      status: 200,
      theme: 'voltway',
      primary: shownPrimary('voltway'),
      logoAlt: E2E.voltway.name,
    });
    // Two different brands, each its own (the contrast rule moves lightness, never to the other's colour).
    expect(shownPrimary('magma')).not.toBe(shownPrimary('voltway'));
    expect(volt.text).toContain(`Sign in to ${E2E.voltway.name}`);
    expect(volt.text).not.toMatch(/magma/i);
  });

  it('serves a tenant on its custom domain', async () => {
    const custom = await brandOf(hostUrl(E2E.voltway.customDomain, '/sign-in'), 'brand-voltway-custom-domain');
    expect(custom).toMatchObject({ status: 200, theme: 'voltway', logoAlt: E2E.voltway.name });
  });

  it('answers an unknown host with a plain 404 and no tenant data', async () => {
    const page = await newPage(browser);
    const res = await page.goto(tenantUrl('nosuchtenant', '/sign-in'));
    const text = (await page.textContent('body')) ?? '';
    const themed = await page.$('[data-theme]');
    await screenshot(page, 'unknown-host-404');
    await page.context().close();
    expect(res?.status()).toBe(404);
    expect(text).toContain('404');
    expect(text).not.toContain(E2E.demo.name);
    expect(text).not.toContain(E2E.voltway.name);
    expect(themed).toBeNull();
  });
});

describe('sign-in', () => {
  it('says so when the password is wrong', async () => {
    const page = await newPage(browser);
    await signIn(page, { baseUrl: tenantUrl('demo'), email: E2E.demo.admin, password: 'not-the-password' });
    const alert = page.locator('form [role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Incorrect email or password.');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await screenshot(page, 'sign-in-wrong-password');
    await page.context().close();
  });

  it('slows a client down after five failed attempts on an email', async () => {
    const page = await newPage(browser);
    await page.goto(tenantUrl('demo', '/sign-in'));
    // Past five failures each attempt owes a growing wait (1 s, 2 s, 4 s…): the next ones come too early.
    const answers: string[] = [];
    for (let i = 1; i <= 9 && !answers.at(-1)?.includes('Too many'); i++) {
      await page.fill('input[name=email]', 'guesser@demo.test');
      await page.fill('input[name=password]', `guess-${i}`);
      await page.click('button[type=submit]');
      await page.locator('button[type=submit]:not([disabled])').waitFor();
      answers.push((await page.locator('form [role=alert]').textContent()) ?? '');
    }
    expect(answers.slice(0, 5).every((a) => a.includes('Incorrect email or password.'))).toBe(true);
    expect(answers.at(-1)).toContain('Too many sign-in attempts. Try again in');
    await screenshot(page, 'sign-in-rate-limited');
    await page.context().close();
  });

  it("refuses a tenant's user on another tenant's host, as if the password were wrong", async () => {
    const page = await newPage(browser);
    await signIn(page, { baseUrl: tenantUrl('voltway'), email: E2E.demo.admin, password: E2E.demo.password });
    await page.locator('form [role=alert]').waitFor();
    expect(await page.locator('form [role=alert]').textContent()).toContain('Incorrect email or password.');
    await page.context().close();
  });

  it('signs an operator admin in to the themed dashboard and out again', async () => {
    const page = await newPage(browser);
    await signIn(page, { baseUrl: tenantUrl('voltway'), email: E2E.voltway.admin, password: E2E.voltway.password });
    await page.waitForURL(tenantUrl('voltway', '/'));
    const nav = await page.locator('nav[aria-label=Main] a').allTextContents();
    expect(nav).toEqual(expect.arrayContaining(['Overview', 'Vendors', 'Settings']));
    expect(
      await page.locator('[data-connector]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-connector'))),
    ).toEqual(['VOLT-0001:1']);
    await screenshot(page, 'dashboard-voltway-admin');
    await page.click('text=Sign out');
    await page.waitForURL(tenantUrl('voltway', '/sign-in'));
    await page.goto(tenantUrl('voltway', '/'));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.context().close();
  });
});

describe('vendor scope', () => {
  it("shows a vendor user only their vendor's chargers and no admin pages", async () => {
    const membership = await db.membership.findFirstOrThrow({ where: { user: { email: E2E.demo.vendor } } });
    const own = await db.charger.findMany({
      where: { vendorId: membership.vendorId, connectors: { some: {} } },
      select: { identity: true },
    });
    const others = await db.charger.count({
      where: { tenant: { slug: 'demo' }, NOT: { vendorId: membership.vendorId } },
    });
    expect(own.length).toBeGreaterThan(0);
    expect(others).toBeGreaterThan(0);

    const page = await newPage(browser);
    await signIn(page, { baseUrl: tenantUrl('demo'), email: E2E.demo.vendor, password: E2E.demo.password });
    await page.waitForURL(tenantUrl('demo', '/'));
    await page.locator('[data-connector]').first().waitFor();
    const shown = await page
      .locator('[data-connector]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-connector')!.split(':')[0]));
    expect([...new Set(shown)].sort()).toEqual(own.map((c) => c.identity).sort());
    const nav = await page.locator('nav[aria-label=Main] a').allTextContents();
    expect(nav).not.toContain('Settings');
    expect(nav).not.toContain('Vendors');
    await screenshot(page, 'dashboard-demo-vendor');
    const ownSites = await db.site.findMany({ where: { vendorId: membership.vendorId }, select: { name: true } });
    await page.goto(tenantUrl('demo', '/sites'));
    const sites = await page.locator('[data-site]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')));
    expect(sites.sort()).toEqual(ownSites.map((s) => s.name).sort());
    expect(await page.locator('main form').count()).toBe(0); // the header's search form is not an admin form
    await screenshot(page, 'sites-demo-vendor');
    // An admin-only page says so in words rather than jumping back to the overview.
    await page.goto(tenantUrl('demo', '/settings'));
    // The page streams its placeholder first, so the redirect can come after the first paint.
    await page.waitForURL((u) => u.pathname === '/not-available');
    expect(await page.textContent('[data-testid=not-available]')).toContain('not available for vendor accounts');
    await page.context().close();
  });
});

describe('platform host', () => {
  it('lets the platform admin see every tenant', async () => {
    const page = await newPage(browser);
    await signIn(page, { baseUrl: platformUrl(), email: 'platform@magma.test', password: E2E.demo.password });
    await page.waitForURL(platformUrl('/'));
    const rows = await page.locator('[data-testid=tenants] tr').allTextContents();
    expect(rows.join(' ')).toContain(E2E.demo.name);
    expect(rows.join(' ')).toContain(E2E.voltway.name);
    await screenshot(page, 'platform-tenants');
    await page.context().close();
  });

  it('checks the new sub-domain in the browser and invites the first admin in plain words', async () => {
    const page = await newPage(browser);
    const logged: string[] = [];
    page.on('console', (m) => logged.push(m.text()));
    await signIn(page, { baseUrl: platformUrl(), email: 'platform@magma.test', password: E2E.demo.password });
    await page.waitForURL(platformUrl('/'));
    const slug = page.locator('input[name=slug]');
    const mismatch = () => slug.evaluate((el) => (el as HTMLInputElement).validity.patternMismatch);
    // Chromium compiles `pattern` with the v flag; an invalid one is reported and then checks nothing.
    for (const bad of ['Bad_Slug', '-acme', 'acme-']) {
      await slug.fill(bad);
      expect(await mismatch(), bad).toBe(true);
    }
    // Longer than the server's 32 characters cannot be typed.
    await slug.fill('a'.repeat(33));
    expect(await slug.inputValue()).toHaveLength(32);
    await slug.fill('e2e-wattson');
    expect(await mismatch()).toBe(false);
    expect(logged.filter((t) => /not a valid regular expression/i.test(t))).toEqual([]);

    await page.fill('input[name=name]', 'Wattson Charging');
    await page.fill('input[name=adminEmail]', 'first-admin@wattson.example');
    await page.click('button:has-text("Create tenant")');
    await page.waitForSelector('text=Wattson Charging created.');
    await screenshot(page, 'platform-tenant-created');
    const mail = await db.emailOutbox.findFirstOrThrow({
      where: { to: 'first-admin@wattson.example', template: 'invitation' },
      select: { subject: true, text: true },
    });
    expect(mail.subject).toBe('platform@magma.test invited you to Wattson Charging');
    expect(mail.text).toContain('invited you to join Wattson Charging as an administrator.');
    expect(`${mail.subject}\n${mail.text}`).not.toContain('Wattson Charging on Wattson Charging');
    await page.context().close();
  });

  const inviteLink = (text: string | null) =>
    /https?:\/\/[^\s"<]+accept-invite\?token=[A-Za-z0-9_-]+/.exec(text ?? '')?.[0] ?? null;

  it.each([
    ['1440', { width: 1440, height: 900 }],
    ['390', { width: 390, height: 844 }],
  ])("shows the first admin's invitation and sends it again under a new link at %s px", async (w, viewport) => {
    const page = await (await browser.newContext({ viewport })).newPage();
    await signIn(page, { baseUrl: platformUrl(), email: 'platform@magma.test', password: E2E.demo.password });
    await page.waitForURL(platformUrl('/'));
    const name = `Resend Charging ${w}`;
    const slug = `e2e-resend-${w}`;
    const to = `first-admin-${w}@resend.example`;
    await page.fill('input[name=name]', name);
    await page.fill('input[name=slug]', slug);
    await page.fill('input[name=adminEmail]', to);
    await page.click('button:has-text("Create tenant")');
    await page.waitForSelector(`text=${name} created.`);

    const cell = page.locator('[data-testid=tenants] tr', { hasText: name }).locator('[data-testid=first-admin]');
    await expect.poll(() => cell.textContent()).toContain(to);
    expect(await cell.textContent()).toContain('Pending');
    expect(await cell.textContent()).toMatch(/sent \d{1,2} \w{3} \d{4}/);
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, `platform-first-admin-pending-${w}`);
    await expectNoSeriousA11yViolations(page, `platform console, pending invitation (${w})`);

    const first = await db.emailOutbox.findFirstOrThrow({ where: { to, template: 'invitation' } });
    const oldLink = inviteLink(first.text);
    expect(oldLink).not.toBeNull();

    await cell.getByRole('button', { name: `Resend invitation to ${to}` }).click();
    await cell.locator('[role=status]').waitFor();
    expect(await cell.locator('[role=status]').textContent()).toBe(
      `New link sent to ${to}; the old one no longer works.`,
    );
    expect(await cell.textContent()).toContain('Pending');
    await cell.scrollIntoViewIfNeeded();
    await screenshot(page, `platform-first-admin-resent-${w}`);
    await expectNoSeriousA11yViolations(page, `platform console, invitation resent (${w})`);

    const mails = await db.emailOutbox.findMany({
      where: { to, template: 'invitation' },
      orderBy: { createdAt: 'asc' },
      select: { subject: true, text: true },
    });
    expect(mails).toHaveLength(2);
    expect(mails[1]!.subject).toBe(`platform@magma.test invited you to ${name}`);
    expect(mails[1]!.text).toContain(`invited you to join ${name} as an administrator.`);
    const newLink = inviteLink(mails[1]!.text);
    expect(newLink).not.toBeNull();
    expect(newLink).not.toBe(oldLink);
    expect(new URL(newLink!).hostname).toBe(`${slug}.localhost`);

    // The old link is refused on the new tenant's site; the new one opens the set-password form.
    const invitee = await (await browser.newContext({ viewport })).newPage();
    const { pathname: oldPath, search: oldSearch } = new URL(oldLink!);
    await invitee.goto(tenantUrl(slug, `${oldPath}${oldSearch}`));
    expect(await invitee.textContent('main')).toContain('This invitation link is not valid.');
    const { pathname, search } = new URL(newLink!);
    await invitee.goto(tenantUrl(slug, `${pathname}${search}`));
    await invitee.locator('input[name=password]').waitFor();
    expect(await invitee.textContent('h1')).toBe(`Join ${name}`);
    await screenshot(invitee, `platform-first-admin-new-link-${w}`);
    await invitee.context().close();
    await page.context().close();
  });
});
