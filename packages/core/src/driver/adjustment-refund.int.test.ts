import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayProvider } from '@magma/payments';
import { startLocalServer, type LocalServer } from '@magma/payments/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refundIdFor } from '../payments/refund-payment.ts';
import { billedAmounts } from '../tariffs/billed-amounts.ts';
import { getSessionDetail } from '../sessions/get-session-detail.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { adjustSettledSession } from './adjust-settled-session.ts';
import { aPricedConnector } from './driver.fixtures.ts';
import { adjustmentRefundKey, adjustmentRefundOf, settlementRefundKey } from './driver-refund.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import type { DriverDeps, DriverPricingPort, PricedTransaction } from './types.ts';
import { paymentsPort } from './wiring/payments.ts';

// A settled prepaid session whose transaction the CSMS closed, priced again on the charger's late
// stop at less than it was settled for: the difference goes back to the driver through Razorpay's
// refund API (a local server keeping Razorpay's documented X-Refund-Idempotency behaviour), once,
// under the key adjust:{sessionId}, resent by the sweep when the answer is lost; under the
// gateway's minimum nothing is sent and both pages' data say so.

type Made = { id: string; amount: number; key: string | null };

const rzp = { made: [] as Made[], dropFirst: false };
let server: LocalServer;
let t: TestDatabase;
let clock = Date.now();
/** What the re-pricing of the late stop comes to; pricing itself is the tariffs module's (tested there). */
let finalCostMinor = 9000;
const errors: unknown[] = [];
let deps: DriverDeps;

beforeAll(async () => {
  t = await createTestDatabase();
  server = await startLocalServer((req) => {
    const m = /^\/v1\/payments\/([^/]+)\/refund$/.exec(req.path);
    if (req.method !== 'POST' || !m) return undefined;
    const key = (req.headers['x-refund-idempotency'] as string | undefined) ?? null;
    const seen = key ? rzp.made.find((r) => r.key === key) : undefined;
    const refund = seen ?? {
      id: `rfnd_adj${rzp.made.length + 1}`,
      amount: (req.json() as { amount: number }).amount,
      key,
    };
    if (!seen) rzp.made.push(refund);
    if (rzp.dropFirst && server.requests.length === 1) return { drop: true };
    return {
      json: {
        id: refund.id,
        entity: 'refund',
        amount: refund.amount,
        currency: 'INR',
        payment_id: m[1],
        status: 'pending',
      },
    };
  });
  const razorpay = createRazorpayProvider({
    keyId: 'rzp_test_adj',
    keySecret: 'key_secret_adj',
    webhookSecret: 'whsec_adj',
    baseUrl: server.url,
  });
  const pricing = {
    priceTransaction: async () =>
      ({
        costMinor: finalCostMinor,
        amounts: billedAmounts({ subtotalMinor: finalCostMinor, taxMinor: 0, sponsorMinor: 0, taxRateBps: 0 }),
      }) as PricedTransaction,
    connectorPrice: async () => null,
    estimateTransaction: async () => null,
  } as unknown as DriverPricingPort;
  const unused = () => Promise.reject(new Error('no charger command in these tests'));
  deps = {
    db: t.db,
    now: () => new Date(clock),
    payments: paymentsPort({ gateways: { RAZORPAY: razorpay }, preferred: 'RAZORPAY' }),
    chargers: { remoteStart: unused, remoteStop: unused },
    pricing,
    mail: {
      sendSessionReceipt: async () => ({ emailId: null }),
      sendRefundNotice: async () => ({ emailId: null }),
      sendRefundFailedNotice: async () => ({ emailId: null }),
    },
    onError: (e) => errors.push(e),
  };
});
afterAll(async () => {
  await server.close();
  await t.drop();
});
beforeEach(() => {
  rzp.made.length = 0;
  rzp.dropFirst = false;
  server.requests.length = 0;
  errors.length = 0;
  clock = Date.now();
});

/**
 * Paid ₹200 by Razorpay, settled at ₹120 with ₹80 refunded; its transaction was closed by a newer
 * one and has just been priced again on its late stop.
 */
async function aSettledSessionRepriced() {
  const fx = await aPricedConnector(t.db);
  const tenantId = fx.tenant.id;
  const orderId = `order_${randomUUID().slice(0, 12)}`;
  const payment = await t.db.payment.create({
    data: {
      tenantId,
      provider: 'RAZORPAY',
      amountMinor: 20000,
      providerOrderId: orderId,
      providerPaymentId: `pay_${orderId.slice(6)}`,
      status: 'PARTIALLY_REFUNDED',
      capturedMinor: 20000,
      refundedMinor: 8000,
    },
  });
  const newer = await t.db.transaction.create({
    data: {
      tenantId,
      chargerId: fx.charger.id,
      evseId: 1,
      ocppTransactionId: `tx-${randomUUID()}`,
      startedAt: new Date(clock),
    },
  });
  const tx = await t.db.transaction.create({
    data: {
      tenantId,
      chargerId: fx.charger.id,
      evseId: 1,
      ocppTransactionId: `tx-${randomUUID()}`,
      status: 'COMPLETED',
      startedAt: new Date(clock - 60 * 60_000),
      stoppedAt: new Date(clock - 10 * 60_000),
      paymentId: payment.id,
      supersededById: newer.id,
      costMinor: finalCostMinor,
      taxMinor: 0,
      sponsorMinor: 0,
      costLines: [],
      pricedAt: new Date(clock - 60_000),
    },
  });
  const session = await t.db.driverSession.create({
    data: {
      tenantId,
      tokenHash: hashSessionToken(newSessionToken()),
      kind: 'PAID',
      status: 'SETTLED',
      chargerId: fx.charger.id,
      connectorRowId: fx.connector.id,
      evseId: 1,
      limitMinor: 20000,
      paymentId: payment.id,
      transactionId: tx.id,
      costMinor: 12000,
      refundMinor: 8000,
      settledAt: new Date(clock - 5 * 60_000),
    },
  });
  await t.db.refund.create({
    data: {
      id: refundIdFor(payment.id, settlementRefundKey(session.id)),
      paymentId: payment.id,
      amountMinor: 8000,
      providerRefundId: 'rfnd_settlement',
      status: 'PROCESSED',
    },
  });
  return { tenantId, payment, tx, session };
}

const adjustmentKeyOf = (s: { id: string; paymentId: string | null }) =>
  refundIdFor(s.paymentId!, adjustmentRefundKey(s.id));

async function views(s: Awaited<ReturnType<typeof aSettledSessionRepriced>>) {
  const session = await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } });
  const payment = await t.db.payment.findUniqueOrThrow({ where: { id: s.payment.id } });
  const driver = await adjustmentRefundOf(t.db, session, payment);
  const detail = await getSessionDetail({ db: t.db, scope: tenantScope(s.tenantId), input: { sessionId: s.tx.id } });
  return { driver, operator: detail.driverSession?.adjustmentRefund ?? null, session, payment };
}

describe('money a late-stop adjustment owes back', () => {
  it('is refunded through the gateway once, under the adjust key, and both pages say so', async () => {
    finalCostMinor = 9000;
    const s = await aSettledSessionRepriced();
    expect(await adjustSettledSession(deps, s.session)).toEqual({ finalCostMinor: 9000, adjustmentMinor: -3000 });

    expect(rzp.made).toEqual([{ id: 'rfnd_adj1', amount: 3000, key: adjustmentKeyOf(s.session) }]);
    const v = await views(s);
    expect(v.payment).toMatchObject({ refundedMinor: 8000, status: 'PARTIALLY_REFUNDED' });
    const expected = { outcome: 'refunded', owedMinor: 3000, amountMinor: 3000, status: 'PENDING' };
    expect(v.driver).toEqual(expected);
    expect(v.operator).toEqual(expected);
    expect(await t.db.auditLog.count({ where: { entityId: s.session.id, action: 'driver.adjustment_refunded' } })).toBe(
      1,
    );

    // The same late stop heard again, and the sweep: nothing more is sent.
    expect(await adjustSettledSession(deps, v.session)).toBeNull();
    clock += 60_000;
    await sweepDriverSessions(deps);
    expect(rzp.made).toHaveLength(1);
    expect(server.requests).toHaveLength(1);
    expect(await t.db.refund.count({ where: { paymentId: s.payment.id } })).toBe(2);
    expect(errors).toEqual([]);
  });

  it('is sent again by the sweep, same key and body, when the answer is lost, and Razorpay makes one refund', async () => {
    finalCostMinor = 9000;
    rzp.dropFirst = true;
    const s = await aSettledSessionRepriced();
    await adjustSettledSession(deps, s.session);
    expect(errors).toHaveLength(1);
    expect((await views(s)).driver).toEqual({ outcome: 'sending', owedMinor: 3000 });

    // Within 30 s the sweep waits for the first request's fate; after, it resends it.
    expect(await sweepDriverSessions(deps)).toMatchObject({ adjustmentsRefunded: 0 });
    clock += 31_000;
    expect(await sweepDriverSessions(deps)).toMatchObject({ adjustmentsRefunded: 1 });

    expect(rzp.made).toHaveLength(1);
    const keys = server.requests.map((r) => r.headers['x-refund-idempotency']);
    expect(keys).toEqual([adjustmentKeyOf(s.session), adjustmentKeyOf(s.session)]);
    expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    const v = await views(s);
    expect(v.operator).toEqual({ outcome: 'refunded', owedMinor: 3000, amountMinor: 3000, status: 'PENDING' });
    clock += 31_000;
    await sweepDriverSessions(deps);
    expect(server.requests).toHaveLength(2);
  });

  it('under the gateway’s minimum is not sent, and the driver’s and operator’s data say so', async () => {
    finalCostMinor = 11950;
    const s = await aSettledSessionRepriced();
    expect(await adjustSettledSession(deps, s.session)).toEqual({ finalCostMinor: 11950, adjustmentMinor: -50 });
    expect(server.requests).toHaveLength(0);
    const v = await views(s);
    const expected = { outcome: 'below-minimum', owedMinor: 50, minimumMinor: 100 };
    expect(v.driver).toEqual(expected);
    expect(v.operator).toEqual(expected);
    clock += 60_000;
    await sweepDriverSessions(deps);
    expect(server.requests).toHaveLength(0);
    expect(
      await t.db.auditLog.count({ where: { entityId: s.session.id, action: 'driver.adjustment_below_minimum' } }),
    ).toBe(1);
  });
});
