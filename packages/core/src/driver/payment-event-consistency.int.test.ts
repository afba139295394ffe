import { createHash, createHmac, randomUUID } from 'node:crypto';
import type { PaymentProvider as ProviderName } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createJuspayProvider, createPhonePeProvider, createRazorpayProvider, type Headers } from '@magma/payments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPricedConnector } from './driver.fixtures.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import type { DriverDeps } from './types.ts';
import { paymentsPort } from './wiring/payments.ts';
import { pricingPort } from './wiring/pricing.ts';

// Validly signed events that do not fit their order, in each gateway's documented webhook shape,
// through the path the web app runs (verify, record, act): a capture of another amount or in
// another currency never starts a charger, a refund beyond what was paid or below zero never
// counts, money refunded before the start never starts one. Each refused event is kept as a
// REJECTED PaymentEvent with its reason and audited. The last rows are the control: an exact
// capture does start the charger.

const RZP_SECRET = 'whsec_consistency_test';
const PP = { user: 'pp_hook_user', pass: 'pp_hook_pass_123' };
const JP = { user: 'jp_hook_user', pass: 'jp_hook_pass_123' };

const gateways = {
  RAZORPAY: createRazorpayProvider({ keyId: 'rzp_test_c', keySecret: 'ks', webhookSecret: RZP_SECRET }),
  PHONEPE: createPhonePeProvider({
    clientId: 'c',
    clientSecret: 's',
    clientVersion: '1',
    webhookUsername: PP.user,
    webhookPassword: PP.pass,
    environment: 'sandbox',
  }),
  JUSPAY: createJuspayProvider({
    apiKey: 'k',
    merchantId: 'm',
    paymentPageClientId: 'm',
    webhookUsername: JP.user,
    webhookPassword: JP.pass,
    environment: 'sandbox',
  }),
};

type Gateway = keyof typeof gateways;
type Order = { orderId: string; amountMinor: number };
type Webhook = { body: unknown; headers: Headers };

const rupees = (minor: number) =>
  `${minor < 0 ? '-' : ''}${Math.trunc(Math.abs(minor) / 100)}.${String(Math.abs(minor) % 100).padStart(2, '0')}`;

/** Each gateway's documented capture and refund notifications, signed as that gateway signs them. */
const shapes: Record<
  Gateway,
  {
    capture(o: Order, amountMinor: number, currency?: string): Webhook;
    refund(o: Order, amountMinor: number): Webhook;
  }
> = {
  RAZORPAY: {
    capture: (o, amount, currency = 'INR') =>
      razorpay({
        event: 'payment.captured',
        contains: ['payment'],
        payload: { payment: { entity: rzpPayment(o, amount, currency) } },
      }),
    refund: (o, amount) =>
      razorpay({
        event: 'refund.processed',
        contains: ['refund', 'payment'],
        payload: {
          refund: {
            entity: {
              id: `rfnd_${randomUUID().slice(0, 12)}`,
              entity: 'refund',
              amount,
              currency: 'INR',
              payment_id: `pay_${o.orderId}`,
              receipt: null,
              status: 'processed',
            },
          },
          payment: { entity: rzpPayment(o, o.amountMinor, 'INR') },
        },
      }),
  },
  PHONEPE: {
    // PhonePe carries no currency: it settles in INR only.
    capture: (o, amount) =>
      phonepe({
        event: 'checkout.order.completed',
        payload: {
          orderId: `OMO${o.orderId.slice(0, 12)}`,
          merchantId: 'MERCHANT',
          merchantOrderId: o.orderId,
          state: 'COMPLETED',
          amount: o.amountMinor,
          paymentDetails: [
            { paymentMode: 'UPI_QR', transactionId: `OM${o.orderId.slice(0, 12)}`, amount, state: 'COMPLETED' },
          ],
        },
      }),
    refund: (o, amount) =>
      phonepe({
        event: 'pg.refund.completed',
        payload: {
          merchantId: 'MERCHANT',
          merchantRefundId: `dash_${randomUUID().slice(0, 12)}`,
          originalMerchantOrderId: o.orderId,
          refundId: `OMR${randomUUID().slice(0, 12)}`,
          amount,
          state: 'COMPLETED',
        },
      }),
  },
  JUSPAY: {
    capture: (o, amount, currency = 'INR') =>
      juspay('ORDER_SUCCEEDED', {
        order_id: o.orderId,
        status: 'CHARGED',
        amount: rupees(amount),
        currency,
        txn_id: `txn_${o.orderId}`,
      }),
    refund: (o, amount) =>
      juspay('ORDER_REFUNDED', {
        order_id: o.orderId,
        status: 'CHARGED',
        amount: rupees(o.amountMinor),
        currency: 'INR',
        txn_id: `txn_${o.orderId}`,
        refunds: [
          {
            id: `rfd_${randomUUID().slice(0, 8)}`,
            unique_request_id: `dash${randomUUID().slice(0, 8)}`,
            amount: rupees(amount),
            status: 'SUCCESS',
          },
        ],
      }),
  },
};

function rzpPayment(o: Order, amount: number, currency: string) {
  return {
    id: `pay_${o.orderId}`,
    entity: 'payment',
    amount,
    currency,
    status: 'captured',
    order_id: o.orderId,
    captured: true,
    method: 'upi',
    fee: 236,
    tax: 36,
  };
}

function razorpay(event: object): Webhook {
  const body = { entity: 'event', account_id: 'acc_test', ...event, created_at: 1733380000 };
  const raw = JSON.stringify(body);
  return {
    body,
    headers: {
      'x-razorpay-signature': createHmac('sha256', RZP_SECRET).update(raw).digest('hex'),
      'x-razorpay-event-id': `evt_${randomUUID().slice(0, 14)}`,
    },
  };
}

function phonepe(body: object): Webhook {
  return { body, headers: { authorization: createHash('sha256').update(`${PP.user}:${PP.pass}`).digest('hex') } };
}

function juspay(event_name: string, order: object): Webhook {
  return {
    body: {
      id: `evt_${randomUUID().slice(0, 12)}`,
      event_name,
      date_created: '2026-12-05T06:00:00Z',
      content: { order },
    },
    headers: { authorization: `Basic ${Buffer.from(`${JP.user}:${JP.pass}`).toString('base64')}` },
  };
}

let t: TestDatabase;
let deps: DriverDeps;
const starts: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  deps = {
    db: t.db,
    payments: paymentsPort({ gateways, preferred: 'RAZORPAY' }),
    chargers: {
      // Recorded and accepted: what matters here is whether we asked.
      remoteStart: async ({ chargerId }) => {
        starts.push(chargerId);
        return { accepted: true };
      },
      remoteStop: () => Promise.reject(new Error('no stop in these tests')),
    },
    pricing: pricingPort(),
    mail: {
      sendSessionReceipt: async () => ({ emailId: null }),
      sendRefundNotice: async () => ({ emailId: null }),
      sendRefundFailedNotice: async () => ({ emailId: null }),
    },
  };
});
afterAll(async () => {
  await t.drop();
});
beforeEach(() => {
  starts.length = 0;
});

/** A driver pressed Pay for ₹100 on `gateway`: the order exists; captured already when `captured`. */
async function anOrder(gateway: Gateway, { captured = false } = {}) {
  const fx = await aPricedConnector(t.db);
  const amountMinor = 10000;
  const created = await t.db.payment.create({
    data: { tenantId: fx.tenant.id, provider: gateway, amountMinor, chargerId: fx.charger.id, evseId: 1 },
  });
  // PhonePe keys its order on our merchantOrderId, the Payment id; the others have their own ids.
  const orderId = gateway === 'PHONEPE' ? created.id : `order${randomUUID().replaceAll('-', '').slice(0, 14)}`;
  const payment = await t.db.payment.update({
    where: { id: created.id },
    data: {
      providerOrderId: orderId,
      ...(captured ? { status: 'CAPTURED', capturedMinor: amountMinor, providerPaymentId: `pay_${orderId}` } : {}),
    },
  });
  const session = captured
    ? null
    : await t.db.driverSession.create({
        data: {
          tenantId: fx.tenant.id,
          tokenHash: hashSessionToken(newSessionToken()),
          kind: 'PAID',
          chargerId: fx.charger.id,
          connectorRowId: fx.connector.id,
          evseId: 1,
          limitMinor: amountMinor,
          paymentId: payment.id,
        },
      });
  return { tenantId: fx.tenant.id, chargerId: fx.charger.id, payment, session, order: { orderId, amountMinor } };
}

async function deliver(tenantId: string, provider: ProviderName, w: Webhook) {
  const outcome = await handlePaymentWebhook(deps, {
    tenantId,
    provider,
    rawBody: Buffer.from(JSON.stringify(w.body)),
    headers: w.headers,
  });
  expect(outcome.status).toBe(200);
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
}

async function rejectedEvents(paymentId: string) {
  const events = await t.db.paymentEvent.findMany({ where: { paymentId, status: 'REJECTED' } });
  const audits = await t.db.auditLog.findMany({ where: { entityId: paymentId, action: 'payment.event_rejected' } });
  return { reasons: events.map((e) => e.rejectionReason), audited: audits.length };
}

const all: Gateway[] = ['RAZORPAY', 'PHONEPE', 'JUSPAY'];

describe('signed payment events that do not fit their order', () => {
  it.each(all)('%s: a capture of 1 paise on a ₹100 order is refused and starts nothing', async (gateway) => {
    const o = await anOrder(gateway);
    await deliver(o.tenantId, gateway, shapes[gateway].capture(o.order, 1));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id } });
    expect(p).toMatchObject({ status: 'CREATED', capturedMinor: 0 });
    expect(starts).toEqual([]);
    expect((await t.db.driverSession.findUniqueOrThrow({ where: { id: o.session!.id } })).status).toBe(
      'AWAITING_PAYMENT',
    );
    expect(await rejectedEvents(o.payment.id)).toEqual({
      reasons: ['captured INR 0.01 on an order of INR 100.00'],
      audited: 1,
    });
  });

  // PhonePe's callbacks carry no currency (INR only), so only the two gateways that send one.
  it.each(['RAZORPAY', 'JUSPAY'] as const)('%s: a capture in USD is refused and starts nothing', async (gateway) => {
    const o = await anOrder(gateway);
    await deliver(o.tenantId, gateway, shapes[gateway].capture(o.order, o.order.amountMinor, 'USD'));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id } });
    expect(p).toMatchObject({ status: 'CREATED', capturedMinor: 0 });
    expect(starts).toEqual([]);
    expect(await rejectedEvents(o.payment.id)).toEqual({
      reasons: ["currency USD is not the order's INR"],
      audited: 1,
    });
  });

  it.each(all)('%s: a refund of five times the capture is refused', async (gateway) => {
    const o = await anOrder(gateway, { captured: true });
    await deliver(o.tenantId, gateway, shapes[gateway].refund(o.order, 5 * o.order.amountMinor));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id }, include: { refunds: true } });
    expect(p).toMatchObject({ status: 'CAPTURED', capturedMinor: 10000, refundedMinor: 0, refunds: [] });
    expect(await rejectedEvents(o.payment.id)).toEqual({
      reasons: ['refund of INR 500.00 with INR 0.00 already refunded exceeds the INR 100.00 paid'],
      audited: 1,
    });
  });

  it.each(all)('%s: a negative refund is refused', async (gateway) => {
    const o = await anOrder(gateway, { captured: true });
    await deliver(o.tenantId, gateway, shapes[gateway].refund(o.order, -5000));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id }, include: { refunds: true } });
    expect(p).toMatchObject({ status: 'CAPTURED', refundedMinor: 0, refunds: [] });
    expect(await rejectedEvents(o.payment.id)).toEqual({
      reasons: ['refund of INR -50.00 is not a positive amount'],
      audited: 1,
    });
  });

  it.each(all)('%s: a payment refunded in full before its capture is heard never starts a charger', async (gateway) => {
    const o = await anOrder(gateway);
    await deliver(o.tenantId, gateway, shapes[gateway].refund(o.order, o.order.amountMinor));
    await deliver(o.tenantId, gateway, shapes[gateway].capture(o.order, o.order.amountMinor));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id } });
    expect(p).toMatchObject({ status: 'REFUNDED', capturedMinor: 10000, refundedMinor: 10000 });
    expect(starts).toEqual([]);
    const s = await t.db.driverSession.findUniqueOrThrow({ where: { id: o.session!.id } });
    expect(s).toMatchObject({
      status: 'PAYMENT_FAILED',
      failureReason: 'The payment was refunded before charging started',
    });
    expect(await rejectedEvents(o.payment.id)).toEqual({ reasons: [], audited: 0 });
  });

  it.each(all)('%s: control: the exact capture is applied and starts the charger', async (gateway) => {
    const o = await anOrder(gateway);
    await deliver(o.tenantId, gateway, shapes[gateway].capture(o.order, o.order.amountMinor));
    const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id } });
    expect(p).toMatchObject({ status: 'CAPTURED', capturedMinor: 10000 });
    expect(starts).toEqual([o.chargerId]);
    expect(await rejectedEvents(o.payment.id)).toEqual({ reasons: [], audited: 0 });
  });

  it('a redelivered rejected event is a duplicate: one row, one audit entry', async () => {
    const o = await anOrder('RAZORPAY');
    const w = shapes.RAZORPAY.capture(o.order, 1);
    await deliver(o.tenantId, 'RAZORPAY', w);
    await deliver(o.tenantId, 'RAZORPAY', w);
    expect((await rejectedEvents(o.payment.id)).audited).toBe(1);
    expect(await t.db.paymentEvent.count({ where: { paymentId: o.payment.id } })).toBe(1);
  });
});

describe('gateway fees', () => {
  it("Razorpay's fee and tax on a captured payment are stored in paise; PhonePe and Juspay report none", async () => {
    for (const gateway of all) {
      const o = await anOrder(gateway);
      await deliver(o.tenantId, gateway, shapes[gateway].capture(o.order, o.order.amountMinor));
      const p = await t.db.payment.findUniqueOrThrow({ where: { id: o.payment.id } });
      expect({ gateway, fee: p.gatewayFeeMinor, tax: p.gatewayTaxMinor }).toEqual(
        gateway === 'RAZORPAY' ? { gateway, fee: 236, tax: 36 } : { gateway, fee: null, tax: null },
      );
    }
  });
});
