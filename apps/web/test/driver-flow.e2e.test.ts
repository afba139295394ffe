import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { DEMO_CHARGER_PASSWORD } from '@magma/core';
import { setDriverPin } from '@magma/core/driver';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../ocpp-relay/src/simulator/index.ts';
import { E2E } from './e2e/seed.ts';
import { e2eDb, openBrowser, screenshot, signIn, tenantUrl } from './e2e/browser.ts';

// The walk-up driver on a phone: scan the sticker, pay through the test gateway, watch the
// simulated charger deliver energy, stop, read the bill and the refund, find the receipt.

const PHONE = { width: 390, height: 844 };
const EMAIL = 'driver.e2e@example.in';
const quiet = { info: () => {}, warn: () => {}, error: () => {} };

let browser: Browser;
let db: Db;
let bus: Bus;
let relay: Relay;
let sim: SimulatedCharger;
let sim201: SimulatedCharger;
let shortCode: string;
let code201: string;
const PIN = '731946';

beforeAll(async () => {
  db = e2eDb();
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  if ((await db.tariff.count({ where: { tenantId: tenant.id, archived: false } })) === 0) {
    const tariff = await db.tariff.create({ data: { tenantId: tenant.id, name: 'Standard' } });
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
        },
      },
    });
  }
  const charger = await db.charger.findFirstOrThrow({
    where: { tenantId: tenant.id, protocol: 'OCPP16', connectors: { some: { type: 'CCS2' } } },
    include: { connectors: { orderBy: { evseId: 'asc' } } },
    orderBy: { identity: 'asc' },
  });
  shortCode = charger.connectors[0]!.shortCode!;

  bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'demo',
    instanceId: 'e2e-driver-relay',
    log: quiet,
  });
  sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/demo`,
    identity: charger.identity,
    protocol: 'ocpp1.6',
    password: DEMO_CHARGER_PASSWORD,
    connectors: charger.connectors.length,
    meterIntervalMs: 1000,
    powerW: 60_000,
  });
  await sim.start();

  const charger201 = await db.charger.findFirstOrThrow({
    where: { tenantId: tenant.id, protocol: 'OCPP201' },
    include: { connectors: { orderBy: { evseId: 'asc' } } },
    orderBy: { identity: 'asc' },
  });
  code201 = `${charger201.identity}/1`;
  sim201 = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/demo`,
    identity: charger201.identity,
    protocol: 'ocpp2.0.1',
    password: DEMO_CHARGER_PASSWORD,
    connectors: charger201.connectors.length,
    meterIntervalMs: 1000,
    powerW: 22_000,
  });
  await sim201.start();
  await setDriverPin({
    db,
    tenantId: tenant.id,
    token: 'PIN-E2E-FLEET',
    pin: PIN,
    pinLookupKey: process.env.MAGMA_E2E_PIN_LOOKUP_SECRET!,
    label: 'E2E fleet PIN',
  });
  browser = await openBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await sim201?.close();
  await relay?.close();
  await bus?.close();
  await db?.$disconnect();
});

async function phonePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  return context.newPage();
}

const rupees = (minor: number) =>
  `₹${(minor / 100).toLocaleString('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

describe('driver: QR → UPI → charge → receipt', () => {
  it('pays on the branded page, charges, stops, gets the final bill, the refund and the receipt', async () => {
    const page = await phonePage();
    await page.goto(tenantUrl('demo', `/c/${shortCode}`));
    await expect
      .poll(() => page.textContent('[data-testid=connector-state]'), { timeout: 15_000 })
      .toContain('Available');
    expect(await page.textContent('[data-testid=price-per-kwh]')).toMatch(/₹[\d.,]+\/kWh/);
    await screenshot(page, 'driver-01-connector');

    await page.fill('input[name=email]', EMAIL);
    await page.click('button:has-text("Pay ₹200.00")');
    await page.waitForURL(/\/pay\/test\//, { timeout: 15_000 });
    expect(await page.textContent('[data-testid=test-amount]')).toContain('200.00');
    await screenshot(page, 'driver-02-test-gateway');

    await page.click('button:has-text("Approve payment")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=session][data-status=CHARGING]', { timeout: 30_000 });
    expect(sim.received.map((r) => r.action)).toContain('RemoteStartTransaction');
    await screenshot(page, 'driver-03-charging');

    const energy = async () => Number.parseFloat((await page.textContent('[data-testid=live-energy]')) ?? '0');
    const first = await energy();
    await expect.poll(energy, { timeout: 20_000 }).toBeGreaterThan(first);
    await expect.poll(energy, { timeout: 20_000 }).toBeGreaterThanOrEqual(0.05);
    expect(await page.textContent('[data-testid=live-cost]')).toMatch(/₹/);
    await screenshot(page, 'driver-04-energy-rising');

    await page.click('[data-testid=stop]');
    await page.waitForSelector('[data-testid=session][data-status=SETTLED]', { timeout: 40_000 });
    await page.waitForSelector('[data-testid=final-bill]');
    await screenshot(page, 'driver-05-final-bill');

    const token = new URL(page.url()).pathname.split('/').pop()!;
    const { createHash } = await import('node:crypto');
    const session = await db.driverSession.findUniqueOrThrow({
      where: { tokenHash: createHash('sha256').update(token).digest('hex') },
    });
    expect(session.status).toBe('SETTLED');
    expect(session.costMinor).toBeGreaterThan(0);
    expect(session.refundMinor).toBe(20000 - session.costMinor!);
    expect(await page.textContent('[data-testid=final-cost]')).toContain(rupees(session.costMinor!));
    expect(await page.textContent('[data-testid=refund]')).toContain(rupees(session.refundMinor));
    const payment = await db.payment.findUniqueOrThrow({ where: { id: session.paymentId! } });
    expect(payment).toMatchObject({ capturedMinor: 20000, refundedMinor: session.refundMinor });

    const receipt = await db.emailOutbox.findFirstOrThrow({ where: { to: EMAIL, template: 'session-receipt' } });
    expect(receipt.html).toContain(E2E.demo.name);
    // One email for the session: the receipt carries the refund (issue #16).
    expect((receipt.text ?? '').replace(/\s+/g, ' ')).toContain(`Refunded to you ${rupees(session.refundMinor)}`);
    expect(await db.emailOutbox.count({ where: { to: EMAIL, template: 'refund-notice' } })).toBe(0);
    // When charging began, one payment email already carried the link back to the live session.
    const paid = await db.emailOutbox.findMany({ where: { to: EMAIL, template: 'payment-receipt' } });
    expect(paid).toHaveLength(1);
    expect(paid[0]!.html).toMatch(/\/s\/open\//);
    expect(paid[0]!.html).not.toContain(token);

    // The receipt's "Your session" link opens this session on another phone (a new browser with no
    // cookie), which then remembers it; the token itself is neither in the email nor in the database.
    const link = /href="(http:\/\/[^"]+\/s\/open\/[^"]+)"/.exec(receipt.html)?.[1];
    expect(link).toBeTruthy();
    expect(receipt.html).not.toContain(token);
    expect(JSON.stringify(session)).not.toContain(token);
    const other = await phonePage();
    await other.goto(link!);
    await other.waitForSelector('[data-testid=session][data-status=SETTLED]');
    expect(new URL(other.url()).pathname).toBe(`/s/${token}`);
    expect((await other.context().cookies()).some((c) => c.value.includes(token))).toBe(true);
    await screenshot(other, 'driver-07-session-from-email-link');
    const [id, exp, mac] = new URL(link!).pathname.split('/').pop()!.split('.') as [string, string, string];
    const later = (Number.parseInt(exp, 36) + 86_400).toString(36);
    for (const bad of [`${id}.${exp}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`, `${id}.${later}.${mac}`]) {
      const res = await other.goto(tenantUrl('demo', `/s/open/${bad}`));
      expect(res?.status()).toBe(404);
      expect(await other.textContent('body')).toContain('This link has expired or is not valid');
    }
    await other.context().close();

    await signIn(page, { baseUrl: tenantUrl('demo'), email: E2E.demo.admin, password: E2E.demo.password });
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 15_000 });
    await page.goto(tenantUrl('demo', '/outbox'));
    await page.click(`a[href="/outbox/${receipt.id}"]`);
    await page.waitForSelector('[data-testid=email-frame]');
    const frame = page.frameLocator('[data-testid=email-frame]');
    await expect
      .poll(() => frame.locator('body').textContent(), { timeout: 10_000 })
      .toContain(rupees(session.costMinor!));
    await screenshot(page, 'driver-06-outbox-receipt');
    await page.context().close();
  });

  it('says an offline charger is offline before anyone pays', async () => {
    const offline = await db.charger.findFirstOrThrow({
      where: { tenant: { slug: 'demo' }, online: false },
      include: { connectors: true },
    });
    const page = await phonePage();
    await page.goto(tenantUrl('demo', `/c/${offline.identity}/1`));
    expect(await page.textContent('[data-testid=connector-state]')).toContain('Offline');
    expect(await page.textContent('[data-testid=availability-message]')).toContain('Please do not pay');
    expect(await page.locator('button:has-text("Pay")').count()).toBe(0);
    await screenshot(page, 'driver-07-offline');
    await page.context().close();
  });

  it('prints a sheet of branded QR stickers for a site, one per connector, each pointing at /c/{code}', async () => {
    const site = await db.site.findFirstOrThrow({
      where: { tenant: { slug: 'demo' } },
      include: { chargers: { include: { connectors: true } } },
      orderBy: { name: 'asc' },
    });
    const connectors = site.chargers.flatMap((c) => c.connectors);
    const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const page = await context.newPage();
    await signIn(page, { baseUrl: tenantUrl('demo'), email: E2E.demo.admin, password: E2E.demo.password });
    await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'), { timeout: 15_000 });
    await page.goto(tenantUrl('demo', `/sites/${site.id}/stickers`));
    await expect.poll(() => page.locator('[data-testid=sticker]').count()).toBe(connectors.length);
    expect(await page.locator('[data-testid=sticker] svg').count()).toBe(connectors.length);
    const text = (await page.textContent('main')) ?? '';
    for (const c of connectors)
      expect(text).toContain(`demo.localhost:${new URL(tenantUrl('demo')).port}/c/${c.shortCode}`);
    await screenshot(page, 'driver-08-stickers');
    await context.close();
  });

  it('starts an OCPP 2.0.1 charger with an operator PIN instead of paying, and shows the bill at the end', async () => {
    const page = await phonePage();
    await page.goto(tenantUrl('demo', `/c/${code201}`));
    await expect
      .poll(() => page.textContent('[data-testid=connector-state]'), { timeout: 15_000 })
      .toContain('Available');
    await page.click('text=Have a PIN from the operator?');
    await page.fill('input[name=pin]', '000000');
    await page.click('button:has-text("Start with PIN")');
    await expect.poll(() => page.textContent('[role=alert]'), { timeout: 10_000 }).toContain('not valid');
    await page.fill('input[name=pin]', PIN);
    await page.click('button:has-text("Start with PIN")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=session][data-status=CHARGING]', { timeout: 30_000 });
    expect(sim201.received.map((r) => r.action)).toContain('RequestStartTransaction');
    await expect
      .poll(async () => Number.parseFloat((await page.textContent('[data-testid=live-energy]')) ?? '0'), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    await screenshot(page, 'driver-09-pin-charging');
    await page.click('[data-testid=stop]');
    await page.waitForSelector('[data-testid=session][data-status=SETTLED]', { timeout: 40_000 });
    expect(await page.locator('[data-testid=refund]').count()).toBe(0);
    expect(await page.textContent('[data-testid=final-cost]')).toMatch(/₹/);
    await screenshot(page, 'driver-10-pin-final');
    await page.context().close();
  });

  it('settles and refunds when the car is unplugged while no page is open', async () => {
    const page = await phonePage();
    await expect
      .poll(
        async () => {
          await page.goto(tenantUrl('demo', `/c/${shortCode}`));
          return page.textContent('[data-testid=connector-state]');
        },
        { timeout: 20_000 },
      )
      .toContain('Available');
    await page.click('button:has-text("₹100")');
    await page.click('button:has-text("Pay ₹100.00")');
    await page.waitForURL(/\/pay\/test\//, { timeout: 15_000 });
    await page.click('button:has-text("Approve payment")');
    await page.waitForURL(/\/s\/[A-Za-z0-9_-]{43}$/, { timeout: 15_000 });
    await page.waitForSelector('[data-testid=session][data-status=CHARGING]', { timeout: 30_000 });
    const token = new URL(page.url()).pathname.split('/').pop()!;
    await page.context().close();

    await new Promise((r) => setTimeout(r, 2_000));
    await sim.stopTransaction({ evseId: 1, reason: 'EVDisconnected' });
    const { createHash } = await import('node:crypto');
    const tokenHash = createHash('sha256').update(token).digest('hex');
    // The web server's background subscriber hears the relay's transaction.ended; no browser is involved.
    await expect
      .poll(async () => (await db.driverSession.findUniqueOrThrow({ where: { tokenHash } })).status, {
        timeout: 12_000,
      })
      .toBe('SETTLED');
    const session = await db.driverSession.findUniqueOrThrow({ where: { tokenHash } });
    expect(session.refundMinor).toBe(10000 - session.costMinor!);
    expect((await db.payment.findUniqueOrThrow({ where: { id: session.paymentId! } })).refundedMinor).toBe(
      session.refundMinor,
    );
  });
});
