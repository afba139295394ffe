import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Db } from '@magma/db';
import { hashSessionToken, newSessionToken } from '@magma/core/driver';
import { E2E } from './e2e/seed.ts';
import { e2eDb, newPage, openBrowser, tenantUrl } from './e2e/browser.ts';

// The driver's session page, back from a redirect checkout with the payment not yet heard of, asks
// the server to check it with the gateway's status API (POST …/payment-check) instead of waiting
// for a webhook that may never come; the server does so at most every few seconds per session.

let browser: Browser;
let db: Db;
const created: { sessionId: string; paymentId: string }[] = [];

beforeAll(async () => {
  db = e2eDb();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  // Its order exists nowhere: left behind, every sweep of the shared e2e server would ask about it.
  for (const { sessionId, paymentId } of created) {
    await db.driverSession.delete({ where: { id: sessionId } });
    await db.payment.delete({ where: { id: paymentId } });
  }
});

/** A paid session awaiting its payment at the demo operator, as Pay leaves it. */
async function anAwaitingSession() {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: E2E.demo.slug } });
  const connector = await db.connector.findFirstOrThrow({ where: { tenantId: tenant.id } });
  const payment = await db.payment.create({
    data: {
      tenantId: tenant.id,
      provider: 'TEST',
      providerOrderId: `order_e2e_${randomUUID().slice(0, 12)}`,
      amountMinor: 10000,
      chargerId: connector.chargerId,
      evseId: connector.evseId,
    },
  });
  const token = newSessionToken();
  const session = await db.driverSession.create({
    data: {
      tenantId: tenant.id,
      tokenHash: hashSessionToken(token),
      kind: 'PAID',
      status: 'AWAITING_PAYMENT',
      chargerId: connector.chargerId,
      connectorRowId: connector.id,
      evseId: connector.evseId,
      connectorId: connector.connectorId,
      limitMinor: 10000,
      paymentId: payment.id,
    },
  });
  created.push({ sessionId: session.id, paymentId: payment.id });
  return { tenant, token, session };
}

describe("the driver's page checks a payment whose webhook has not come", () => {
  it('asks on opening, and the server answers a second ask within seconds with 429', async () => {
    const { token, session } = await anAwaitingSession();
    const page = await newPage(browser);
    const answered = page.waitForResponse(
      (r) => r.url().endsWith(`/api/driver/sessions/${token}/payment-check`) && r.request().method() === 'POST',
    );
    await page.goto(tenantUrl(E2E.demo.slug, `/s/${token}`));
    const first = await answered;
    expect(first.status()).toBe(200);
    expect(await first.json()).toEqual({ checked: true });
    const row = await db.driverSession.findUniqueOrThrow({ where: { id: session.id } });
    expect(row.paymentCheckedAt).not.toBeNull();

    // The same page asking again at once (as a reload or a second tab would) is refused.
    const again = await page.evaluate(async (t) => {
      const r = await fetch(`/api/driver/sessions/${t}/payment-check`, { method: 'POST' });
      return { status: r.status, body: (await r.json()) as unknown };
    }, token);
    expect(again).toEqual({ status: 429, body: { checked: false, reason: 'too-soon' } });
    expect((await db.driverSession.findUniqueOrThrow({ where: { id: session.id } })).paymentCheckedAt).toEqual(
      row.paymentCheckedAt,
    );

    // Someone else's token finds nothing.
    const unknown = await page.evaluate(async (t) => {
      const r = await fetch(`/api/driver/sessions/${t}/payment-check`, { method: 'POST' });
      return r.status;
    }, newSessionToken());
    expect(unknown).toBe(404);
    await page.close();
  });
});
