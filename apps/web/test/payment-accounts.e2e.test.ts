import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

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

async function addRazorpay(page: Page, label: string, keySecret: string) {
  await page.fill('input[name=label]', label);
  await page.selectOption('select[name=environment]', 'sandbox');
  await page.fill('input[name=publicId]', GOOD.keyId);
  await page.fill('input[name=keySecret]', keySecret);
  await page.fill('input[name=webhookSecret]', GOOD.webhookSecret);
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

    await addRazorpay(admin, 'Voltway typo', WRONG_SECRET);
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
});
