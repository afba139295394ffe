import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { DEMO_CHARGER_PASSWORD } from '@magma/core';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { E2E } from './e2e/seed.ts';
import { e2eDb, openBrowser, screenshot, tenantUrl } from './e2e/browser.ts';

// Issue #16, the driver's journey on a phone: a declined payment is no dead end (Try again, back to
// the charger, the operator's support contact), and a driver who leaves the session page finds it
// again on the sticker page ("your session", live figures, Stop), while another phone sees "in use".

const PHONE = { width: 390, height: 844 };
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let browser: Browser;
let db: Db;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let shortCode: string;
let driver: BrowserContext;
let tokens: string[] = [];

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  // Not the charger driver-flow.e2e uses (the first by identity): the two files may run together.
  const charger = await db.charger.findFirstOrThrow({
    where: { tenantId: tenant.id, protocol: 'OCPP16', connectors: { some: { type: 'CCS2' } } },
    include: { connectors: { orderBy: { evseId: 'asc' } } },
    orderBy: { identity: 'desc' },
  });
  shortCode = charger.connectors[0]!.shortCode!;
  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'demo',
    instanceId: 'e2e-journey-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/demo`,
    identity: charger.identity,
    protocol: 'ocpp1.6',
    password: DEMO_CHARGER_PASSWORD,
    connectors: charger.connectors.length,
    meterIntervalMs: 1000,
    powerW: 30_000,
  });
  await sim.start();
  browser = await openBrowser();
  driver = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await relay?.close();
  await bus?.close();
  await db?.$disconnect();
});

const tokenOf = (page: Page) => new URL(page.url()).pathname.split('/').pop()!;
const sessionOf = (token: string) =>
  db.driverSession.findUniqueOrThrow({ where: { tokenHash: createHash('sha256').update(token).digest('hex') } });

describe('driver journey on a phone (issue #16)', () => {
  it('shows the range, the full price schedule and an engine-priced estimate; refuses an amount on the server in words', async () => {
    const page = await driver.newPage();
    await page.goto(tenantUrl('demo', `/c/${shortCode}`));
    await expect
      .poll(() => page.textContent('[data-testid=connector-state]'), { timeout: 15_000 })
      .toContain('Available');
    // The demo tariff: ₹18/kWh, ₹22/kWh 18:00–22:00, 18% GST: both prices, not "prices vary".
    const schedule = (await page.textContent('[data-testid=price-schedule]')) ?? '';
    expect(schedule).toContain('18:00–22:00');
    expect(schedule).toContain('₹25.96/kWh');
    expect(schedule).toContain('₹21.24/kWh');
    expect(schedule).toContain('All other times');
    // The idle fee both prices share reads once, and the peak's label is not followed by its window again.
    expect(schedule.split('₹2.36 per minute idle after 10 min').length).toBe(2);
    expect(schedule.split('18:00–22:00').length).toBe(2);
    expect(await page.textContent('[data-testid=amount-range]')).toContain('Prepay ₹50 to ₹5,000');
    expect(await page.textContent('[data-testid=estimate]')).toMatch(
      /^Up to about \d{1,3}(,\d{2,3})*(\.\d)? kWh at the prices that apply from now\.$/,
    );
    await page.fill('input[name=rupees]', '5000');
    // ₹5,000 buys more than 30 kW deliver in 8 hours: said so, never "529661.0 kWh".
    expect(await page.textContent('[data-testid=estimate]')).toBe(
      'Enough for more than this connector delivers in 8 hours (about 150 kWh).',
    );
    await screenshot(page, 'journey-01-connector');

    await page.fill('input[name=rupees]', '20');
    expect(await page.textContent('[data-testid=amount-hint]')).toContain('Enter an amount between ₹50 and ₹5,000');
    // The page does not stop the driver: the server refuses, in words, and nothing is created.
    const before = await db.driverSession.count();
    await page.click('button:has-text("Pay with UPI")');
    await expect
      .poll(() => page.textContent('[data-testid=pay-error]'), { timeout: 10_000 })
      .toContain('Enter an amount between ₹50 and ₹5,000');
    expect(await db.driverSession.count()).toBe(before);
    await screenshot(page, 'journey-02-amount-refused');
    await page.close();
  });

  it('a declined payment offers Try again, the way back to the charger and the support contact', async () => {
    const page = await driver.newPage();
    await page.goto(tenantUrl('demo', `/c/${shortCode}`));
    await page.fill('input[name=rupees]', '150');
    await page.click('button:has-text("Pay ₹150.00 with UPI")');
    await page.waitForURL(/\/pay\/test\//, { timeout: 15_000 });
    await screenshot(page, 'journey-03a-test-gateway');
    await page.click('button:has-text("Decline")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=session][data-status=PAYMENT_FAILED]', { timeout: 20_000 });
    const declined = tokenOf(page);
    expect((await sessionOf(declined)).status).toBe('PAYMENT_FAILED');
    expect(await page.textContent('[data-testid=nothing-taken]')).toBe('No money was taken.');
    expect(await page.getAttribute('[data-testid=back-to-charger]', 'href')).toBe(`/c/${shortCode}`);
    const support = (await page.textContent('[data-testid=support-contact]')) ?? '';
    expect(support).toContain('support@demo.test');
    expect(support).toContain('+91 80 4000 0000');
    expect(await page.textContent('[data-testid=retry-payment]')).toContain('Try again: pay ₹150.00');
    await screenshot(page, 'journey-03-declined');

    // Try again: a new payment for the same connector and amount, approved this time.
    await page.click('[data-testid=retry-payment]');
    await page.waitForURL(/\/pay\/test\//, { timeout: 15_000 });
    expect(await page.textContent('[data-testid=test-amount]')).toContain('₹150.00');
    await page.click('button:has-text("Approve payment")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    const paid = tokenOf(page);
    expect(paid).not.toBe(declined);
    await page.waitForSelector('[data-testid=session][data-status=CHARGING]', { timeout: 30_000 });
    const s = await sessionOf(paid);
    expect(s).toMatchObject({ status: 'CHARGING', limitMinor: 15000 });
    expect((await sessionOf(declined)).status).toBe('PAYMENT_FAILED');
    await screenshot(page, 'journey-04-retried-charging');
    tokens = [declined, paid];
    await page.close();
  });

  it('the sticker page shows this phone its own session with live figures and Stop; another phone sees "in use"', async () => {
    const page = await driver.newPage();
    // The driver left the session page and scans the sticker again.
    await page.goto(tenantUrl('demo', `/c/${shortCode}`));
    await page.waitForSelector('[data-testid=your-session] [data-testid=session][data-status=CHARGING]', {
      timeout: 15_000,
    });
    expect(await page.textContent('[data-testid=availability-message]')).toContain('You are charging here');
    const energy = async () =>
      Number.parseFloat((await page.textContent('[data-testid=your-session] [data-testid=live-energy]')) ?? '0');
    const first = await energy();
    await expect.poll(energy, { timeout: 20_000 }).toBeGreaterThan(first);
    await screenshot(page, 'journey-05-your-session');

    // The cookie is HttpOnly, SameSite=Lax and this host's only.
    const cookie = (await driver.cookies()).find((c) => c.name === 'magma_driver_sessions');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', domain: 'demo.localhost' });
    expect(cookie?.value.split('.')).toContain(tokens[1]);

    const other = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
    const stranger = await other.newPage();
    await stranger.goto(tenantUrl('demo', `/c/${shortCode}`));
    expect(await stranger.textContent('[data-testid=connector-state]')).toContain('In use');
    expect(await stranger.textContent('[data-testid=availability-message]')).toContain('Someone is charging here');
    expect(await stranger.locator('[data-testid=your-session]').count()).toBe(0);
    expect(await stranger.locator('[data-testid=stop]').count()).toBe(0);
    await screenshot(stranger, 'journey-06-another-phone');
    await other.close();

    await page.click('[data-testid=your-session] [data-testid=stop]');
    await expect.poll(async () => (await sessionOf(tokens[1]!)).status, { timeout: 40_000 }).toBe('SETTLED');
    await page.reload();
    expect(await page.getAttribute('[data-testid=last-session]', 'href')).toBe(`/s/${tokens[1]}`);
    expect(await page.textContent('[data-testid=connector-state]')).toContain('Available');
    await screenshot(page, 'journey-07-after-stop');
    await page.close();
  });
});
