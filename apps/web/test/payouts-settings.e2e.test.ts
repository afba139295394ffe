import { createHmac } from 'node:crypto';
import http, { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@magma/db';
import { e2eDb, openBrowser, screenshot, tenantUrl, voltwayAdmin } from './e2e/browser.ts';

// Settings → Payouts on a desktop and a phone: an operator saves its RazorpayX account (the secrets
// never shown again), Save validates it at once against a local server that answers as RazorpayX
// does, the rail is switched to RazorpayX, and the tenant's payout webhook URL refuses a wrong
// signature and an oversized body and accepts a signed delivery.

const X = {
  keyId: 'rzp_test_VoltwayPayouts',
  keySecret: 'volt-x-secret-value-7Hq2',
  accountNumber: '2323230041626905',
  webhookSecret: 'volt-x-webhook-secret-3Zp',
};

let browser: Browser;
let db: Db;
let admin: Page;
let rzpx: Server;
const seen: string[] = [];

function razorpayX(req: IncomingMessage, res: ServerResponse) {
  const auth = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
  seen.push(`${req.method} ${req.url}`);
  res.setHeader('content-type', 'application/json');
  if (auth !== `${X.keyId}:${X.keySecret}`) {
    res.writeHead(401);
    return res.end(JSON.stringify({ error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } }));
  }
  if (req.method === 'GET' && req.url === `/v1/transactions?account_number=${X.accountNumber}&count=1`) {
    return res.end(JSON.stringify({ entity: 'collection', count: 0, items: [] }));
  }
  res.writeHead(400);
  res.end(JSON.stringify({ error: { code: 'BAD_REQUEST_ERROR', description: 'The account number is invalid.' } }));
}

function post(path: string, body: string, headers: Record<string, string>): Promise<number> {
  const port = Number(process.env.MAGMA_E2E_PORT);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        timeout: 30_000,
        headers: { host: `voltway.localhost:${port}`, 'content-type': 'application/json', ...headers },
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

beforeAll(async () => {
  rzpx = createServer(razorpayX);
  await new Promise<void>((r) => rzpx.listen(Number(process.env.MAGMA_E2E_GATEWAY_PORT), '127.0.0.1', r));
  browser = await openBrowser();
  db = e2eDb();
  admin = await voltwayAdmin(browser);
});
afterAll(async () => {
  // Leave Voltway as seeded for other browser tests.
  const voltway = await db?.tenant.findUnique({ where: { slug: 'voltway' } });
  if (voltway) {
    await db.settlementConfig.updateMany({ where: { tenantId: voltway.id }, data: { payoutRail: 'OFFLINE' } });
    await db.payoutRailAccount.deleteMany({ where: { tenantId: voltway.id } });
  }
  await browser?.close();
  await db?.$disconnect();
  await new Promise((r) => rzpx?.close(r));
});

describe('Settings → Payouts', () => {
  it('saves a RazorpayX account that is checked at once and never shown again, then pays through it', async () => {
    await admin.goto(tenantUrl('voltway', '/settings/payouts'));
    await admin.locator('text=No RazorpayX account yet').waitFor();
    expect(await admin.locator('button:has-text("Pay through RazorpayX")').isDisabled()).toBe(true);

    await admin.fill('input[name=keyId]', X.keyId);
    await admin.fill('input[name=keySecret]', X.keySecret);
    await admin.fill('input[name=accountNumber]', X.accountNumber);
    await admin.fill('input[name=webhookSecret]', X.webhookSecret);
    await admin.click('button:has-text("Save account")');
    await admin.locator('[data-testid=save-test-result]:has-text("accepted the key")').waitFor();
    expect(seen).toContain(`GET /v1/transactions?account_number=${X.accountNumber}&count=1`);

    const account = admin.locator('[data-testid=razorpayx-account]');
    await account.waitFor();
    expect(await account.locator('[data-testid=secret-hint]').innerText()).toContain('•••• 7Hq2 · account •••• 6905');
    expect(await account.locator('[data-testid=webhook-url]').innerText()).toBe(
      tenantUrl('voltway', '/api/payouts/razorpayx/webhook'),
    );
    const html = await admin.content();
    for (const secret of [X.keySecret, X.accountNumber, X.webhookSecret]) expect(html).not.toContain(secret);

    await admin.click('button:has-text("Pay through RazorpayX")');
    await admin.locator('button:has-text("RazorpayX (in use)")').waitFor();
    const voltway = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
    expect((await db.settlementConfig.findUniqueOrThrow({ where: { tenantId: voltway.id } })).payoutRail).toBe(
      'RAZORPAYX',
    );
    await screenshot(admin, 'payouts-settings-desktop');
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.reload();
    await account.waitFor();
    await screenshot(admin, 'payouts-settings-phone');
    await admin.setViewportSize({ width: 1280, height: 800 });
  });

  it('the payout webhook takes only deliveries signed with this tenant’s secret', async () => {
    const body = JSON.stringify({
      entity: 'event',
      event: 'payout.processed',
      payload: {
        payout: {
          entity: { id: 'pout_e2e000000001', entity: 'payout', amount: 10000, currency: 'INR', status: 'processed' },
        },
      },
      created_at: 1767600000,
    });
    const sign = (secret: string, b = body) => createHmac('sha256', secret).update(b).digest('hex');
    const path = '/api/payouts/razorpayx/webhook';
    expect(await post(path, body, { 'x-razorpay-signature': sign('another-secret') })).toBe(401);
    expect(await post(path, body, {})).toBe(401);
    const big = body + ' '.repeat(70 * 1024);
    expect(await post(path, big, { 'x-razorpay-signature': sign(X.webhookSecret, big) })).toBe(413);
    // Signed, for a payout this tenant does not have: accepted, nothing to apply.
    expect(await post(path, body, { 'x-razorpay-signature': sign(X.webhookSecret) })).toBe(200);
  });
});
