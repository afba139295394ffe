import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { E2E } from './e2e/seed.ts';
import { expectNoSeriousA11yViolations, watchRequests } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The operator dashboard in Hindi (#19): an operator picks हिन्दी on Your account, the choice is kept
// on the user, the shell and the Overview speak Hindi (with `lang` and a Devanagari font), axe finds
// nothing serious on a laptop and a phone, and English comes back the same way. Without a stored
// choice a browser that prefers Hindi gets Hindi; a stored choice wins over the browser. Its own
// operator user, so no other browser test meets a Hindi dashboard.

const EMAIL = 'hindi.operator.e2e@example.in';
const PASSWORD = 'hindi-operator-pass-1';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const DEVANAGARI = /[\u0900-\u097F]/;

let browser: Browser;
let db: Db;
let userId: string;
let sessionRowId: string | undefined;

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.voltway.slug } });
  await db.user.deleteMany({ where: { email: EMAIL } });
  const user = await db.user.create({
    data: { email: EMAIL, name: 'Hindi Operator', passwordHash: await hashSecret(PASSWORD) },
  });
  userId = user.id;
  await db.membership.create({ data: { userId, tenantId: tenant.id, role: 'OPERATOR_ADMIN' } });
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (sessionRowId) await db.transaction.delete({ where: { id: sessionRowId } });
  if (userId) await db.user.delete({ where: { id: userId } });
  await db?.$disconnect();
});

async function signedIn(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: DESKTOP, ...options });
  const page = await context.newPage();
  watchRequests(page);
  await signIn(page, { baseUrl: tenantUrl('voltway'), email: EMAIL, password: PASSWORD });
  await page.waitForURL(tenantUrl('voltway', '/'));
  return page;
}

const shellLang = (page: Page) => page.locator('[data-testid=dashboard-shell]').getAttribute('lang');
const text = async (page: Page, selector: string) =>
  ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
const storedLocale = async () => (await db.user.findUniqueOrThrow({ where: { id: userId } })).locale;

async function chooseLanguage(page: Page, locale: 'en' | 'hi', heading: string) {
  await page.goto(tenantUrl('voltway', '/account'));
  await page.locator(`[data-testid=language-${locale}]`).check();
  await page.locator('[data-testid=language-form] button[type=submit]').click();
  await page.locator('h1', { hasText: heading }).waitFor();
}

describe('the dashboard in Hindi', () => {
  it('an operator switches to हिन्दी on Your account, sees the shell and Overview in Hindi, and switches back', async () => {
    const page = await signedIn();
    expect(await shellLang(page)).toBe('en');
    expect(await text(page, '[data-testid=overview-title]')).toBe('Overview');

    await chooseLanguage(page, 'hi', 'आपका खाता');
    expect(await storedLocale()).toBe('hi');
    expect(await shellLang(page)).toBe('hi');
    expect(await page.locator('[data-testid=language-hi]').isChecked()).toBe(true);

    await page.goto(tenantUrl('voltway', '/'));
    expect(await shellLang(page)).toBe('hi');
    const bar = page.locator('[data-testid=nav-bar]');
    for (const label of ['अवलोकन', 'साइटें', 'चार्जर', 'सेशन', 'खराबियाँ', 'सेटिंग्स']) {
      expect(await bar.getByRole('link', { name: label, exact: true }).count(), label).toBe(1);
    }
    expect(await bar.getByRole('button', { name: 'और' }).isVisible()).toBe(true);
    expect(await text(page, '[data-testid=overview-title]')).toBe('अवलोकन');
    expect(await text(page, '[data-testid=kpi-active]')).toContain('चालू सेशन');
    expect(await text(page, '[data-testid=kpi-connectors]')).toContain('चार्ज कर रहे कनेक्टर');
    expect(await text(page, '[data-testid=power-card] h2')).toBe('पावर · पिछले 24 घंटे');
    expect(await page.locator('thead').first().textContent()).toContain('जगह');
    expect(await text(page, '[data-testid=connector-filters]')).toContain('सभी शहर');
    expect(await page.locator('a[href="#main"]').textContent()).toBe('सामग्री पर जाएँ');
    expect(await page.getByRole('button', { name: 'साइन आउट' }).isVisible()).toBe(true);
    // English is left where this change does not reach: no English nav label remains.
    expect(await bar.textContent()).not.toMatch(/Overview|Faults|More/);

    // Devanagari is drawn with the self-hosted Noto Sans Devanagari, first in the stack.
    const font = await page.evaluate(async () => {
      await document.fonts.ready;
      const shell = document.querySelector('[data-testid=dashboard-shell]')!;
      return {
        family: getComputedStyle(shell).fontFamily,
        loaded: [...document.fonts].some(
          (f) => f.family.replace(/"/g, '') === 'Noto Sans Devanagari' && f.status === 'loaded',
        ),
      };
    });
    expect(font.family).toMatch(/^"?Noto Sans Devanagari"?,/);
    expect(font.loaded).toBe(true);

    await expectNoSeriousA11yViolations(page, 'Overview in Hindi, 1440×900');
    await screenshot(page, 'dashboard-hi-desktop');

    await page.setViewportSize(PHONE);
    await page.goto(tenantUrl('voltway', '/faults'));
    expect(await text(page, 'h1')).toBe('खराबियाँ');
    await page.locator('[data-testid=nav-menu-button]').click();
    const panel = page.locator('[data-testid=nav-panel]');
    await panel.getByRole('link', { name: 'अवलोकन' }).waitFor();
    expect(await panel.textContent()).toMatch(DEVANAGARI);
    await expectNoSeriousA11yViolations(page, 'Faults in Hindi with the menu open, 390×844');
    await screenshot(page, 'dashboard-hi-phone');
    await page.keyboard.press('Escape');

    await page.setViewportSize(DESKTOP);
    await chooseLanguage(page, 'en', 'Your account');
    expect(await storedLocale()).toBe('en');
    expect(await shellLang(page)).toBe('en');
    await page.goto(tenantUrl('voltway', '/'));
    expect(await text(page, '[data-testid=overview-title]')).toBe('Overview');
    expect(await bar.getByRole('button', { name: 'More' }).isVisible()).toBe(true);
    await page.context().close();
  }, 180_000);

  it('without a stored choice a browser that prefers Hindi gets Hindi; a stored choice wins over the browser', async () => {
    await db.user.update({ where: { id: userId }, data: { locale: null } });
    const page = await signedIn({
      locale: 'hi-IN',
      extraHTTPHeaders: { 'accept-language': 'hi-IN,hi;q=0.9,en;q=0.5' },
    });
    expect(await shellLang(page)).toBe('hi');
    expect(await text(page, '[data-testid=overview-title]')).toBe('अवलोकन');

    await db.user.update({ where: { id: userId }, data: { locale: 'en' } });
    await page.goto(tenantUrl('voltway', '/sites'));
    expect(await shellLang(page)).toBe('en');
    expect(await text(page, 'h1')).toBe('Sites');
    await page.context().close();
  }, 120_000);
  it('Chargers and Sessions speak Hindi: headings, columns, filters, states and pages, axe clean at 1440 and 390', async () => {
    // A finished session on Voltway's charger, so the Sessions table (not its empty state) is drawn.
    const charger = await db.charger.findFirstOrThrow({
      where: { identity: 'VOLT-0001', tenant: { slug: E2E.voltway.slug } },
    });
    const startedAt = new Date(Date.now() - 3 * 3_600_000);
    sessionRowId = (
      await db.transaction.create({
        data: {
          tenantId: charger.tenantId,
          chargerId: charger.id,
          siteId: charger.siteId,
          vendorId: charger.vendorId,
          evseId: 1,
          ocppTransactionId: 'HINDI-LIST-E2E-1',
          idTag: 'HINDI-CARD',
          status: 'COMPLETED',
          startedAt,
          stoppedAt: new Date(startedAt.getTime() + 65 * 60_000),
          energyWh: 12_345,
          costMinor: 24_690,
        },
      })
    ).id;
    await db.user.update({ where: { id: userId }, data: { locale: 'hi' } });
    const page = await signedIn();
    const main = page.locator('main');
    // English words of these two pages that must not be left on them in Hindi.
    const ENGLISH =
      /\b(Identity|Protocol|Last seen|Connectors|Status|Filter|Apply|Export CSV|Sort by|Any|Page \d|Started|Energy|Net|Charger ID|ID token|From|Running|Completed|Available|Offline|Charging|Faulted|Unknown|running|connector|min)\b/;

    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      const size = `${viewport.width}×${viewport.height}`;

      await page.goto(tenantUrl('voltway', '/chargers'));
      expect(await shellLang(page)).toBe('hi');
      expect(await text(page, 'h1')).toBe('चार्जर');
      expect(await page.title()).toContain('चार्जर');
      const chargerHead = await text(page, 'thead');
      for (const header of ['पहचान', 'साइट', 'स्थिति']) expect(chargerHead).toContain(header);
      const chargerFilters = page.getByRole('form', { name: 'चार्जर छाँटें' });
      // Each field's label, the words before its control (a select's name also carries its choice).
      const chargerLabels = await chargerFilters.locator('label > span:first-child').allTextContents();
      expect(chargerLabels).toEqual(['पहचान', 'स्थिति', 'कनेक्शन', 'शहर', 'साइट', 'मॉडल', 'फ़र्मवेयर', 'प्रोटोकॉल', 'क्रम']);
      expect(await chargerFilters.getByLabel('कनेक्शन').locator('option').allTextContents()).toEqual([
        'कोई भी',
        'ऑनलाइन',
        'ऑफ़लाइन',
      ]);
      expect(await chargerFilters.getByRole('button', { name: 'लागू करें' }).isVisible()).toBe(true);
      expect(await chargerFilters.locator('select[name=sort] option').first().textContent()).toBe('पहचान A→Z');
      expect(await text(page, '[data-testid=chargers-page-no]')).toMatch(/^पेज 1 · \d+ चार्जर दिखाए गए$/);
      expect(await text(page, '[data-testid=export-chargers]')).toBe('CSV निर्यात करें');
      // VOLT-0001 never connected: its state badge is in Hindi.
      expect(await text(page, '[data-charger=VOLT-0001]')).toContain('ऑफ़लाइन');
      expect(await main.innerText()).not.toMatch(ENGLISH);
      await expectNoSeriousA11yViolations(page, `Chargers in Hindi, ${size}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `dashboard-hi-chargers-${viewport.width}`);

      await page.goto(tenantUrl('voltway', '/sessions'));
      expect(await shellLang(page)).toBe('hi');
      expect(await text(page, 'h1')).toBe('सेशन');
      const sessionHead = await text(page, 'thead');
      for (const header of ['शुरू हुआ', 'चार्जर', 'ऊर्जा', 'शुद्ध (GST से पहले)']) expect(sessionHead).toContain(header);
      const sessionFilters = page.getByRole('form', { name: 'सेशन छाँटें' });
      expect(await sessionFilters.locator('label > span:first-child').allTextContents()).toEqual([
        'तारीख़ से',
        'तारीख़ तक (उस दिन समेत)',
        'साइट',
        'चार्जर ID',
        'स्थिति',
        'ID टोकन',
        'क्रम',
      ]);
      expect(await sessionFilters.getByLabel('ID टोकन').getAttribute('placeholder')).toBe('RFID / ऐप टोकन');
      expect(await text(page, '[data-testid=session-totals]')).toContain('शुद्ध आय (GST से पहले)');
      const row = page.locator('[data-testid=session-rows] tr', { hasText: 'VOLT-0001' }).first();
      expect(await text(page, '[data-testid=session-rows] tr:has-text("VOLT-0001")')).toContain('कनेक्टर 1');
      expect(await row.textContent()).toContain('1 घंटे 5 मिनट');
      expect(await page.getByRole('navigation', { name: 'पेज' }).textContent()).toMatch(/पेज 1 \/ \d+/);
      expect(await main.innerText()).not.toMatch(ENGLISH);
      await expectNoSeriousA11yViolations(page, `Sessions in Hindi, ${size}`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await screenshot(page, `dashboard-hi-sessions-${viewport.width}`);
    }
    await db.user.update({ where: { id: userId }, data: { locale: 'en' } });
    await page.context().close();
  }, 180_000);
});
