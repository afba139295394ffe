import { createHash } from 'node:crypto';
import { createPhonePeProvider } from '@magma/payments';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '@magma/payments/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { payerLookupKeyOf } from '../payments/payer-identity.ts';
import { checkDriverPaymentNow, nextPaymentCheckAt, PAGE_CHECK_INTERVAL_MS } from './check-driver-payment.ts';
import {
  aPricedConnector,
  closeDriverTestWorld,
  openDriverTestWorld,
  waitFor,
  type DriverTestWorld,
} from './driver.fixtures.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { newSessionToken } from './session-token.ts';
import { startPaidSession } from './start-paid-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import type { DriverDeps } from './types.ts';
import { paymentsPort } from './wiring/payments.ts';

// A driver's UPI payment whose webhook never arrives: the sweep (and the driver's page) ask PhonePe's
// documented status API, answered by a local stand-in, and the session moves on exactly as the
// webhook would have moved it. The charger is the scripted relay on the real bus.

type Order = { amount: number; state: 'PENDING' | 'COMPLETED' | 'FAILED'; paidAmount?: number };

let w: DriverTestWorld;
let server: LocalServer;
let deps: DriverDeps;
let clock = 0;
let down = false;
const orders = new Map<string, Order>();
const errors: unknown[] = [];
const BASE = 'https://demo.example.in';
const payerLookupKey = payerLookupKeyOf('paysync-server-secret');

function phonePe(req: RecordedRequest): Reply | undefined {
  if (req.path === '/v1/oauth/token') {
    const now = Math.floor(Date.now() / 1000);
    return { json: { access_token: 'pp-token', expires_at: now + 3600, token_type: 'O-Bearer' } };
  }
  if (req.method === 'POST' && req.path === '/pg/checkout/v2/pay') {
    const b = req.json() as { merchantOrderId: string; amount: number };
    orders.set(b.merchantOrderId, { amount: b.amount, state: 'PENDING' });
    return {
      json: {
        orderId: `OMO${b.merchantOrderId.slice(0, 12)}`,
        state: 'PENDING',
        expireAt: Date.now() + 1_200_000,
        redirectUrl: 'https://mercury-uat.phonepe.com/transact/uat_v2?token=abc',
      },
    };
  }
  const status = /^\/pg\/checkout\/v2\/order\/([^/]+)\/status$/.exec(req.path);
  if (status) {
    if (down) return { status: 503, json: { code: 'INTERNAL_SERVER_ERROR', message: 'Try again later' } };
    const id = decodeURIComponent(status[1]!);
    const o = orders.get(id);
    if (!o) return { status: 404, json: { code: 'ORDER_NOT_FOUND', message: 'no such order' } };
    return { json: orderJson(id, o) };
  }
  if (req.method === 'POST' && req.path === '/pg/payments/v2/refund') {
    const b = req.json() as { merchantRefundId: string; amount: number };
    return { json: { refundId: `OMR-${b.merchantRefundId.slice(-12)}`, amount: b.amount, state: 'PENDING' } };
  }
  return undefined;
}

/** PhonePe's order status (and order callback payload) for order `id`. */
function orderJson(id: string, o: Order) {
  return {
    orderId: `OMO${id.slice(0, 12)}`,
    state: o.state,
    amount: o.amount,
    expireAt: Date.now() + 1_200_000,
    paymentDetails:
      o.state === 'PENDING'
        ? []
        : [
            {
              paymentMode: 'UPI_QR',
              transactionId: `OM-${id.slice(0, 12)}`,
              timestamp: Date.now(),
              amount: o.paidAmount ?? o.amount,
              state: o.state,
              rail: { type: 'UPI', utr: '416455839594', upiTransactionId: 'YBL58946ea9', vpa: 'Priya.S@ybl' },
            },
          ],
  };
}

const starts = () => w.relay.calls.filter((c) => c.action === 'RemoteStartTransaction').length;
const statusAsks = (orderId: string) =>
  server.requests.filter((r) => r.path === `/pg/checkout/v2/order/${encodeURIComponent(orderId)}/status`).length;
const refundsOf = (orderId: string) =>
  server.requests
    .filter((r) => r.path === '/pg/payments/v2/refund')
    .map((r) => r.json() as { merchantRefundId: string; originalMerchantOrderId: string; amount: number })
    .filter((r) => r.originalMerchantOrderId === orderId);

async function aCheckout(rupees = 200) {
  const fx = await aPricedConnector(w.t.db);
  const token = newSessionToken();
  await startPaidSession(deps, {
    tenantId: fx.tenant.id,
    baseUrl: BASE,
    input: { sessionToken: token, code: [fx.connector.shortCode!], choice: { kind: 'amount', rupees } },
  });
  const session = await w.t.db.driverSession.findFirstOrThrow({ where: { tenantId: fx.tenant.id } });
  const payment = await w.t.db.payment.findUniqueOrThrow({ where: { id: session.paymentId! } });
  return { ...fx, token, session, payment, orderId: payment.providerOrderId! };
}

/** Sweeps as of `ms` after the session was created. */
async function sweepAt(createdAt: Date, ms: number) {
  clock = createdAt.getTime() + ms;
  return sweepDriverSessions(deps);
}

const sessionOf = (id: string) => w.t.db.driverSession.findUniqueOrThrow({ where: { id } });

async function deliverWebhook(tenantId: string, orderId: string) {
  const rawBody = JSON.stringify({
    event: 'checkout.order.completed',
    payload: { ...orderJson(orderId, orders.get(orderId)!), merchantOrderId: orderId },
  });
  const authorization = createHash('sha256').update('magma-hook:hook-password').digest('hex');
  const r = await handlePaymentWebhook(deps, { tenantId, provider: 'PHONEPE', rawBody, headers: { authorization } });
  expect(r.status).toBe(200);
  for (const paymentId of r.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
  return r;
}

beforeAll(async () => {
  w = await openDriverTestWorld();
  server = await startLocalServer(phonePe);
  const phonepe = createPhonePeProvider({
    clientId: 'TEST-M22CLIENT',
    clientSecret: 'client-secret-test',
    clientVersion: '1',
    webhookUsername: 'magma-hook',
    webhookPassword: 'hook-password',
    environment: 'sandbox',
    authBaseUrl: server.url,
    pgBaseUrl: `${server.url}/pg`,
  });
  deps = {
    ...w.world.deps,
    payments: paymentsPort({ gateways: { PHONEPE: phonepe }, preferred: 'PHONEPE', payerLookupKey }),
    now: () => new Date(clock),
    onError: (e) => errors.push(e),
  };
});
afterAll(async () => {
  await server?.close();
  await closeDriverTestWorld(w);
});
beforeEach(() => {
  clock = Date.now();
  down = false;
  errors.length = 0;
  w.relay.script('Accepted');
  w.relay.calls.length = 0;
});

describe('the backoff of a payment check', () => {
  it('30 s, 1, 2, 5, 10, 30 min after the session was created, then hourly', () => {
    const c = new Date('2026-01-01T00:00:00Z');
    const next = (ms: number) => (nextPaymentCheckAt(c, new Date(c.getTime() + ms)).getTime() - c.getTime()) / 1000;
    expect([0, 30_000, 45_000, 60_000, 120_000, 300_000, 600_000, 1_800_000, 3_000_000, 5_400_000].map(next)).toEqual([
      30, 60, 60, 120, 300, 600, 1800, 5400, 5400, 9000,
    ]);
  });
});

describe('a payment whose webhook never came', () => {
  it('is captured by the sweep, which starts the charger once; the late webhook and more syncs change nothing', async () => {
    const c = await aCheckout(200);
    const createdAt = c.session.createdAt;
    await sweepAt(createdAt, 10_000);
    expect(statusAsks(c.orderId)).toBe(0); // younger than 30 s: the webhook's turn
    await sweepAt(createdAt, 31_000);
    expect(statusAsks(c.orderId)).toBe(1);
    expect((await sessionOf(c.session.id)).status).toBe('AWAITING_PAYMENT');

    orders.get(c.orderId)!.state = 'COMPLETED';
    await sweepAt(createdAt, 40_000); // the next check is at 1 min
    expect(statusAsks(c.orderId)).toBe(1);
    await sweepAt(createdAt, 61_000);
    expect(statusAsks(c.orderId)).toBe(2);
    const s = await sessionOf(c.session.id);
    expect(['STARTING', 'CHARGING']).toContain(s.status);
    await waitFor(async () => starts() === 1);

    const p = await w.t.db.payment.findUniqueOrThrow({ where: { id: c.payment.id } });
    expect(p).toMatchObject({ status: 'CAPTURED', capturedMinor: 20000, payerVpaMasked: 'pr••••@ybl' });
    expect(p.payerVpaLookup).not.toBeNull();

    // The real webhook, late, and more syncs: still one capture, one start.
    await deliverWebhook(c.tenant.id, c.orderId);
    expect(await deps.payments.syncStatus({ db: w.t.db, tenantId: c.tenant.id, paymentId: c.payment.id })).toEqual({
      status: 'CAPTURED',
      changed: false,
    });
    await deps.payments.syncStatus({ db: w.t.db, tenantId: c.tenant.id, paymentId: c.payment.id });
    await sweepAt(createdAt, 3 * 60_000);
    expect(await w.t.db.payment.findUniqueOrThrow({ where: { id: c.payment.id } })).toMatchObject({
      status: 'CAPTURED',
      capturedMinor: 20000,
      refundedMinor: 0,
    });
    expect(starts()).toBe(1);
    expect(refundsOf(c.orderId)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('another amount in the status answer never starts the charger: flagged as the webhook path flags it, then the checkout expires', async () => {
    const c = await aCheckout(200);
    Object.assign(orders.get(c.orderId)!, { state: 'COMPLETED', paidAmount: 15000 });
    await sweepAt(c.session.createdAt, 31_000);
    await sweepAt(c.session.createdAt, 61_000);
    clock += PAGE_CHECK_INTERVAL_MS;
    expect(await checkDriverPaymentNow(deps, { tenantId: c.tenant.id, token: c.token })).toEqual({
      checked: true,
      outcome: 'none',
    });
    expect(statusAsks(c.orderId)).toBe(3);
    expect((await sessionOf(c.session.id)).status).toBe('AWAITING_PAYMENT');
    // Kept once for review, audited once, the payment untouched: the webhook path's rejection.
    expect(
      await w.t.db.paymentEvent.findMany({ where: { paymentId: c.payment.id }, select: { status: true } }),
    ).toEqual([{ status: 'REJECTED' }]);
    expect(await w.t.db.auditLog.count({ where: { tenantId: c.tenant.id, action: 'payment.event_rejected' } })).toBe(1);
    expect(await w.t.db.payment.findUniqueOrThrow({ where: { id: c.payment.id } })).toMatchObject({ capturedMinor: 0 });

    await sweepAt(c.session.createdAt, 31 * 60_000);
    expect((await sessionOf(c.session.id)).status).toBe('PAYMENT_FAILED');
    expect(starts()).toBe(0);
    expect(refundsOf(c.orderId)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('a gateway that is down is asked again at the next step, and nothing is lost', async () => {
    const c = await aCheckout(150);
    down = true;
    orders.get(c.orderId)!.state = 'COMPLETED';
    const report = await sweepAt(c.session.createdAt, 31_000);
    expect(report.paymentsChecked).toBe(1);
    expect((await sessionOf(c.session.id)).status).toBe('AWAITING_PAYMENT');
    expect(errors.length).toBeGreaterThan(0);
    down = false;
    await sweepAt(c.session.createdAt, 61_000);
    expect(['STARTING', 'CHARGING']).toContain((await sessionOf(c.session.id)).status);
    await waitFor(async () => starts() === 1);
  });

  it('a payment the gateway reports failed ends the session', async () => {
    const c = await aCheckout(100);
    orders.get(c.orderId)!.state = 'FAILED';
    await sweepAt(c.session.createdAt, 31_000);
    expect((await sessionOf(c.session.id)).status).toBe('PAYMENT_FAILED');
    expect(starts()).toBe(0);
  });

  it('a checkout that expired unpaid fails; paid after that, it is refunded in full, once', async () => {
    const c = await aCheckout(200);
    await sweepAt(c.session.createdAt, 31 * 60_000);
    let s = await sessionOf(c.session.id);
    expect(s.status).toBe('PAYMENT_FAILED');
    expect(s.failureReason).toBe('The payment was not completed in time');
    expect(await w.t.db.auditLog.count({ where: { entityId: s.id, action: 'driver.payment_expired' } })).toBe(1);

    orders.get(c.orderId)!.state = 'COMPLETED';
    await sweepAt(c.session.createdAt, 40 * 60_000); // the next check is at 1 h 30
    expect(refundsOf(c.orderId)).toEqual([]);
    await sweepAt(c.session.createdAt, 91 * 60_000);
    s = await sessionOf(c.session.id);
    expect(s.status).toBe('PAYMENT_FAILED');
    expect(s.refundMinor).toBe(20000);
    expect(refundsOf(c.orderId)).toEqual([expect.objectContaining({ amount: 20000 })]);
    await deliverWebhook(c.tenant.id, c.orderId);
    await sweepAt(c.session.createdAt, 3 * 60 * 60_000);
    expect(refundsOf(c.orderId)).toHaveLength(1);
    expect(starts()).toBe(0);
    expect(errors).toEqual([]);
  });
});

describe("the driver's page asks too", () => {
  it('at once after the redirect, then at most every few seconds per session', async () => {
    const c = await aCheckout(200);
    const check = () => checkDriverPaymentNow(deps, { tenantId: c.tenant.id, token: c.token });
    expect(await check()).toEqual({ checked: true, outcome: 'none' });
    expect(await check()).toEqual({ checked: false, reason: 'too-soon' });
    expect(statusAsks(c.orderId)).toBe(1);
    orders.get(c.orderId)!.state = 'COMPLETED';
    clock += PAGE_CHECK_INTERVAL_MS;
    expect(await check()).toEqual({ checked: true, outcome: 'started' });
    expect(await check()).toEqual({ checked: false, reason: 'not-awaiting-payment' });
    await waitFor(async () => starts() === 1);
    // Another operator's host never finds the session.
    const other = await aPricedConnector(w.t.db);
    await expect(checkDriverPaymentNow(deps, { tenantId: other.tenant.id, token: c.token })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
