import { createHmac } from 'node:crypto';
import http, { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, newPage, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Settings → Payments on a phone and a desktop: an operator adds its own Razorpay account, the
// secret is never shown again, Test connection asks a local server that answers as Razorpay does
// (and refuses a wrong secret as Razorpay does), and the default account is chosen.

const GOOD = {
  keyId: 'rzp_test_VoltwayE2E01',
  keySecret: 'volt-e2e-secret-value-4Q9z',
  webhookSecret: 'volt-e2e-wh-77',
};
const WRONG_SECRET = 'volt-e2e-wrong-secret-8J2k';

let browser: Browser;
let db: Db;
let admin: Page;
let gateway: Server;
const seen: { path: string; keyId: string }[] = [];

function razorpay(req: IncomingMessage, res: ServerResponse) {
  const [keyId, secret] = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
    .toString('utf8')
    .split(':');
  seen.push({ path: req.url ?? '', keyId: keyId ?? '' });
  res.setHeader('content-type', 'application/json');
  if (keyId !== GOOD.keyId || secret !== GOOD.keySecret) {
    res.writeHead(401);
    return res.end(JSON.stringify({ error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } }));
  }
  if (req.method === 'GET' && req.url?.startsWith('/v1/orders')) {
    return res.end(JSON.stringify({ entity: 'collection', count: 0, items: [] }));
  }
  res.writeHead(404);
  res.end(JSON.stringify({ error: { code: 'BAD_REQUEST_ERROR', description: 'no route' } }));
}

beforeAll(async () => {
  gateway = createServer(razorpay);
  await new Promise<void>((r) => gateway.listen(Number(process.env.MAGMA_E2E_GATEWAY_PORT), '127.0.0.1', r));
  browser = await openBrowser();
  db = e2eDb();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  await browser?.close();
  await db?.$disconnect();
  await new Promise((r) => gateway?.close(r));
});

/** A Razorpay webhook POST to the Voltway host over real HTTP (Node cannot resolve *.localhost). */
function postWebhook(path: string, body: string, secret: string): Promise<number> {
  const port = Number(process.env.MAGMA_E2E_PORT);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        timeout: 30_000,
        headers: {
          host: `voltway.localhost:${port}`,
          'content-type': 'application/json',
          'x-razorpay-signature': createHmac('sha256', secret).update(body).digest('hex'),
          'x-razorpay-event-id': `evt_e2e_${Date.now()}_${Math.random().toString(36).slice(2)}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function addRazorpay(page: Page, label: string, keySecret: string, webhookSecret = GOOD.webhookSecret) {
  await page.fill('input[name=label]', label);
  await page.selectOption('select[name=environment]', 'sandbox');
  await page.fill('input[name=publicId]', GOOD.keyId);
  await page.fill('input[name=keySecret]', keySecret);
  await page.fill('input[name=webhookSecret]', webhookSecret);
  await page.click('button:has-text("Save account")');
  await page.locator(`[role=status]:has-text("${label} is saved")`).waitFor();
  await page.locator(`[data-account="${label}"]`).waitFor();
}

describe('Settings → Payments', () => {
  it('adds an account whose secret is never shown again, tests it against the gateway, and picks the default', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/payments'));
    await admin.locator('text=Payments are not set up').first().waitFor();
    await addRazorpay(admin, 'Voltway main', GOOD.keySecret);

    const row = admin.locator('[data-account="Voltway main"]');
    expect(await row.locator('[data-testid=secret-hint]').innerText()).toContain('•••• 4Q9z');
    expect(await row.locator('[data-testid=default-badge]').count()).toBe(1);
    const webhook = await row.locator('[data-testid=webhook-url]').innerText();
    const account = await db.paymentAccount.findFirstOrThrow({ where: { label: 'Voltway main' } });
    expect(webhook).toBe(tenantUrl('voltway', `/api/payments/razorpay/webhook/${account.id}`));
    // Not in the page, not in the database.
    expect(await admin.content()).not.toContain(GOOD.keySecret);
    expect(JSON.stringify(account)).not.toContain(GOOD.keySecret);

    await row.locator('button:has-text("Test connection")').click();
    await row.locator('[data-testid=test-result]:has-text("Connected")').waitFor();
    // Razorpay's Fetch All Orders (the SDK adds skip=0), with this account's key.
    expect(seen.at(-1)).toEqual({ path: '/v1/orders?count=1&skip=0', keyId: GOOD.keyId });

    // Each account's webhook URL verifies with that account's secret only.
    const event = JSON.stringify({
      entity: 'event',
      event: 'payment.failed',
      payload: {
        payment: {
          entity: {
            id: 'pay_e2e1',
            entity: 'payment',
            amount: 10000,
            currency: 'INR',
            status: 'failed',
            order_id: 'order_e2e_unknown',
          },
        },
      },
      created_at: 1767600000,
    });
    const path = `/api/payments/razorpay/webhook/${account.id}`;
    expect(await postWebhook(path, event, 'some-other-secret')).toBe(401);
    expect(await postWebhook(path, event, GOOD.webhookSecret)).toBe(200);
    expect(await postWebhook(`/api/payments/razorpay/webhook/${crypto.randomUUID()}`, event, GOOD.webhookSecret)).toBe(
      404,
    );

    await addRazorpay(admin, 'Voltway typo', WRONG_SECRET, 'volt-e2e-typo-wh');
    const typoAccount = await db.paymentAccount.findFirstOrThrow({ where: { label: 'Voltway typo' } });
    expect(await postWebhook(`/api/payments/razorpay/webhook/${typoAccount.id}`, event, GOOD.webhookSecret)).toBe(401);
    const typo = admin.locator('[data-account="Voltway typo"]');
    await typo.locator('button:has-text("Test connection")').click();
    const failed = typo.locator('[data-testid=test-result]');
    await failed.waitFor();
    expect(await failed.innerText()).toMatch(/refused these keys \(401\)/);
    await screenshot(admin, 'payments-settings-desktop');

    await typo.locator('button:has-text("Make default")').click();
    await typo.locator('[data-testid=default-badge]').waitFor();
    expect(await row.locator('[data-testid=default-badge]').count()).toBe(0);
    expect((await db.paymentAccount.findFirstOrThrow({ where: { label: 'Voltway typo' } })).isDefault).toBe(true);
    await row.locator('button:has-text("Make default")').click();
    await row.locator('[data-testid=default-badge]').waitFor();

    // One site may collect into another account.
    await typo.locator('select[aria-label="Default at a site"]').selectOption({ label: 'Voltway Hub' });
    await typo.locator('[data-testid=default-badge]:has-text("Default at Voltway Hub")').waitFor();
    expect(await row.locator('[data-testid=default-badge]').innerText()).toBe('Default');
    const hub = await db.site.findFirstOrThrow({ where: { name: 'Voltway Hub' } });
    expect((await db.paymentAccount.findFirstOrThrow({ where: { label: 'Voltway typo' } })).siteId).toBe(hub.id);

    await admin.click('button:has-text("Take payments through my accounts")');
    await admin.locator('text=Drivers pay through your own gateway account').waitFor();
    expect((await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } })).paymentsMode).toBe('OWN_ACCOUNTS');

    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.reload();
    await admin.locator('[data-account="Voltway main"]').waitFor();
    await screenshot(admin, 'payments-settings-phone');
    await admin.setViewportSize({ width: 1280, height: 800 });

    // Leave Voltway as seeded for other browser tests.
    await db.tenant.update({ where: { slug: 'voltway' }, data: { paymentsMode: 'NONE' } });
  });

  it('drivers see a test-mode banner in test mode, and "payments are not set up" with no Pay where there is no gateway', async () => {
    const demo = await db.tenant.findUniqueOrThrow({ where: { slug: 'demo' } });
    expect(demo.paymentsMode).toBe('TEST_MODE');
    const connector = await db.connector.findFirstOrThrow({
      where: { tenantId: demo.id, shortCode: { not: null } },
      orderBy: { shortCode: 'asc' },
    });
    const phone = await newPage(browser);
    await phone.setViewportSize({ width: 390, height: 844 });
    try {
      await phone.goto(tenantUrl('demo', `/c/${connector.shortCode}`));
      await phone.locator('[data-testid=test-mode-banner]').waitFor();
      expect(await phone.locator('[data-testid=payments-not-set-up]').count()).toBe(0);
      await screenshot(phone, 'driver-test-mode-banner-phone');

      await db.tenant.update({ where: { id: demo.id }, data: { paymentsMode: 'NONE' } });
      await phone.reload();
      await phone.locator('[data-testid=payments-not-set-up]').waitFor();
      expect(await phone.locator('[data-testid=test-mode-banner]').count()).toBe(0);
      expect(await phone.locator('button:has-text("Pay")').count()).toBe(0);
      await screenshot(phone, 'driver-payments-not-set-up-phone');
    } finally {
      await db.tenant.update({ where: { id: demo.id }, data: { paymentsMode: 'TEST_MODE' } });
      await phone.context().close();
    }
  });
});
