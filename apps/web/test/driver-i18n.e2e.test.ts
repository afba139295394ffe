import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { DEMO_CHARGER_PASSWORD } from '@magma/core';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { E2E } from './e2e/seed.ts';
import { expectNoSeriousA11yViolations, watchRequests } from './e2e/a11y.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl } from './e2e/browser.ts';

// The driver pages and emails in Hindi (#19) and the expected power in a peak window (#21): a phone
// whose browser prefers Hindi gets the pages in Hindi, the English / हिन्दी switch changes and keeps
// the choice, the paid session's emails go out in it, and the pay and session pages state the power
// the tariff's evening cap leaves this charger.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };
const EMAIL = 'hindi.driver.e2e@example.in';
const CAP_KW = 7.5;
const quiet = { info: () => {}, warn: () => {}, error: () => {} };
const DEVANAGARI = /[\u0900-\u097F]/;

let browser: Browser;
let db: Db;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let code: string;
let tariffId: string;
let expectedKw: string;

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  // The last 1.6 charger with a site (the driver-flow test uses the first), with a tariff of its own
  // site whose evening window caps each charger at 7.5 kW; archived again after this file.
  const charger = await db.charger.findFirstOrThrow({
    where: { tenantId: tenant.id, protocol: 'OCPP16', siteId: { not: null } },
    include: { connectors: { orderBy: { evseId: 'asc' } } },
    orderBy: { identity: 'desc' },
  });
  const connector = charger.connectors[0]!;
  code = `${charger.identity}/${connector.connectorId}`;
  const max = connector.maxPowerKw ?? charger.maxPowerKw;
  expectedKw = String(max === null ? CAP_KW : Math.min(CAP_KW, Number(max)));
  const tariff = await db.tariff.create({
    data: { tenantId: tenant.id, name: 'Hindi e2e site tariff', siteId: charger.siteId },
  });
  tariffId = tariff.id;
  await db.tariffVersion.create({
    data: {
      tenantId: tenant.id,
      tariffId: tariff.id,
      version: 1,
      activeFrom: new Date('2020-01-01T00:00:00Z'),
      definition: {
        currency: 'INR',
        taxRateBps: 1800,
        elements: [{ label: 'Standard', components: [{ dimension: 'ENERGY', priceMinor: 2000 }] }],
        powerCaps: [{ label: 'Evening peak', maxKw: CAP_KW, restrictions: { startTime: '18:00', endTime: '22:00' } }],
      },
    },
  });

  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'demo',
    instanceId: 'e2e-driver-i18n-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/demo`,
    identity: charger.identity,
    protocol: 'ocpp1.6',
    password: DEMO_CHARGER_PASSWORD,
    connectors: charger.connectors.length,
    meterIntervalMs: 1000,
    powerW: 7_000,
  });
  await sim.start();
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await relay?.close();
  await bus?.close();
  if (tariffId) await db.tariff.update({ where: { id: tariffId }, data: { archived: true } });
  await db?.$disconnect();
});

async function hindiPage(viewport = PHONE): Promise<Page> {
  const context = await browser.newContext({
    viewport,
    locale: 'hi-IN',
    extraHTTPHeaders: { 'accept-language': 'hi-IN,hi;q=0.9,en;q=0.8' },
    ...(viewport === PHONE ? { deviceScaleFactor: 2, isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  watchRequests(page);
  return page;
}

const text = async (page: Page, selector: string) => ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ');

describe('driver pages in Hindi', () => {
  it('a browser that prefers Hindi gets the pay page in Hindi, with the evening peak power', async () => {
    for (const [viewport, name] of [
      [PHONE, 'phone'],
      [DESKTOP, 'desktop'],
    ] as const) {
      const page = await hindiPage(viewport);
      await page.goto(tenantUrl('demo', `/c/${code}`));
      await expect.poll(() => text(page, '[data-testid=connector-state]'), { timeout: 15_000 }).toBe('उपलब्ध');
      expect(await page.getAttribute('[data-testid=driver-shell]', 'lang')).toBe('hi');
      expect(await page.getAttribute('[data-testid=language-hi]', 'aria-pressed')).toBe('true');
      expect(await text(page, '[data-testid=availability-message]')).toMatch(DEVANAGARI);
      expect(await page.textContent('button[type=submit]')).toBe('UPI से ₹200.00 का भुगतान करें');
      expect(await text(page, '[data-testid=amount-range]')).toContain('₹50 से ₹5,000 तक पहले से भुगतान करें');
      // 18:00–22:00 in the site's zone (India), the lower of the cap and the connector's maximum.
      expect(await text(page, '[data-testid=expected-power-line]')).toMatch(
        new RegExp(`18:00 से 22:00 के बीच यह चार्जर लगभग ${expectedKw.replace('.', '\\.')} kW देता है \\(Evening peak\\)।$`),
      );
      // The Devanagari font is served with the app (self-hosted), so no phone shows empty boxes.
      await page.evaluate(() => document.fonts.ready);
      expect(
        await page.evaluate(async () => (await document.fonts.load('16px "Noto Sans Devanagari"', 'उपलब्ध')).length),
      ).toBeGreaterThan(0);
      await screenshot(page, `driver-hi-01-connector-${name}`);
      await expectNoSeriousA11yViolations(page, `Hindi pay page (${name})`);
      await page.context().close();
    }
  });

  it('the switch changes the language and keeps it, over the browser’s preference', async () => {
    const page = await hindiPage();
    await page.goto(tenantUrl('demo', `/c/${code}`));
    await page.waitForSelector('[data-testid=driver-shell][lang=hi]');
    await page.click('[data-testid=language-en]');
    await page.waitForSelector('[data-testid=driver-shell][lang=en]', { timeout: 15_000 });
    expect(await text(page, '[data-testid=connector-state]')).toBe('Available');
    expect(await text(page, '[data-testid=expected-power-line]')).toMatch(
      new RegExp(
        `^(.+, )?[Bb]etween 18:00 and 22:00 this charger delivers about ${expectedKw.replace('.', '\\.')} kW \\(Evening peak\\)\\.$`,
      ),
    );
    const cookie = (await page.context().cookies()).find((c) => c.name === 'magma-locale');
    expect(cookie?.value).toBe('en');
    await page.reload();
    expect(await page.getAttribute('[data-testid=driver-shell]', 'lang')).toBe('en');
    await screenshot(page, 'driver-hi-02-switched-to-english');
    await page.click('[data-testid=language-hi]');
    await page.waitForSelector('[data-testid=driver-shell][lang=hi]', { timeout: 15_000 });
    expect(await text(page, '[data-testid=connector-state]')).toBe('उपलब्ध');
    await page.context().close();
  });

  it('a sticker code that names nothing says so in Hindi', async () => {
    const page = await hindiPage();
    const res = await page.goto(tenantUrl('demo', '/c/NO-SUCH-CHARGER/9'));
    expect(res?.status()).toBe(404);
    expect(await text(page, '[data-testid=driver-not-found]')).toContain('पेज नहीं मिला');
    await page.context().close();
  });

  it('pays in Hindi: the test gateway and live session speak Hindi, and the emails go out in Hindi', async () => {
    const page = await hindiPage();
    await page.goto(tenantUrl('demo', `/c/${code}`));
    await expect.poll(() => text(page, '[data-testid=connector-state]'), { timeout: 15_000 }).toBe('उपलब्ध');
    await page.fill('input[name=email]', EMAIL);
    await page.click('button:has-text("UPI से ₹200.00 का भुगतान करें")');
    await page.waitForURL(/\/pay\/test\//, { timeout: 15_000 });
    expect(await text(page, 'h1')).toBe(`${E2E.demo.name} को भुगतान करें`);
    await screenshot(page, 'driver-hi-03-test-gateway');
    await expectNoSeriousA11yViolations(page, 'Hindi test gateway');

    await page.click('button:has-text("भुगतान स्वीकृत करें")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=session][data-status=CHARGING]', { timeout: 30_000 });
    expect(await text(page, '[data-testid=session-headline]')).toBe('चार्जिंग जारी है');
    expect(await text(page, '[data-testid=stop]')).toBe('चार्जिंग रोकें');
    expect(await text(page, '[data-testid=expected-power-line]')).toContain(`लगभग ${expectedKw} kW देता है`);
    await screenshot(page, 'driver-hi-04-charging');
    await expectNoSeriousA11yViolations(page, 'Hindi live session');

    const token = new URL(page.url()).pathname.split('/').pop()!;
    const session = await db.driverSession.findUniqueOrThrow({
      where: { tokenHash: createHash('sha256').update(token).digest('hex') },
    });
    expect(session.locale).toBe('hi');
    const paid = await db.emailOutbox.findFirstOrThrow({ where: { to: EMAIL, template: 'payment-receipt' } });
    expect(paid.subject).toBe(`${E2E.demo.name}: ₹200.00 का भुगतान मिल गया`);
    expect(paid.html).toContain('lang="hi"');

    await page.click('[data-testid=stop]');
    await page.waitForSelector('[data-testid=session][data-status=SETTLED]', { timeout: 40_000 });
    expect(await text(page, '[data-testid=session-headline]')).toBe('चार्जिंग पूरी हुई');
    expect(await text(page, '[data-testid=final-bill] h2')).toBe('आपका बिल');
    await screenshot(page, 'driver-hi-05-bill');
    await expectNoSeriousA11yViolations(page, 'Hindi bill');
    const receipt = await db.emailOutbox.findFirstOrThrow({ where: { to: EMAIL, template: 'session-receipt' } });
    expect(receipt.subject).toMatch(new RegExp(`^${E2E.demo.name} रसीद .+ के लिए ₹`));
    expect((receipt.text ?? '').replace(/\s+/g, ' ')).toContain('आपको लौटाया गया');
    await page.context().close();
  });
});
