import { createHmac, randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayProvider, createTestGateway } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aPricedConnector, aScriptedRelay } from './driver.fixtures.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import type { DriverDeps } from './types.ts';
import { PgBus } from '../bus/pg-bus.ts';
import { chargerCommandsPort } from './wiring/charger-commands.ts';
import { paymentsPort } from './wiring/payments.ts';
import { pricingPort } from './wiring/pricing.ts';

// Razorpay's webhook through the same path the route handler takes: raw body, HMAC signature with
// the webhook secret, event id from x-razorpay-event-id. Retries, reordering and forgeries.

const WEBHOOK_SECRET = 'whsec_driver_test_only';
const razorpay = createRazorpayProvider({
  keyId: 'rzp_test_driver',
  keySecret: 'key_secret_driver',
  webhookSecret: WEBHOOK_SECRET,
});

let t: TestDatabase;
let bus: PgBus;
let deps: DriverDeps;
let relay: Awaited<ReturnType<typeof aScriptedRelay>>;

beforeAll(async () => {
  t = await createTestDatabase();
  bus = new PgBus(t.url);
  deps = {
    db: t.db,
    payments: paymentsPort({
      gateways: { RAZORPAY: razorpay, TEST: createTestGateway({ secret: 'unused-test-gateway-secret' }) },
      preferred: 'RAZORPAY',
    }),
    chargers: chargerCommandsPort({ db: t.db, bus, timeoutMs: 1_000 }),
    pricing: pricingPort(),
    mail: {
      sendSessionReceipt: async () => ({ emailId: null }),
      sendRefundNotice: async () => ({ emailId: null }),
      sendRefundFailedNotice: async () => ({ emailId: null }),
    },
  };
  relay = await aScriptedRelay({ db: t.db, bus });
});
afterAll(async () => {
  await relay.close();
  await bus.close();
  await t.drop();
});

/** A session that pressed Pay on Razorpay: the order exists, nothing is paid yet. */
async function aRazorpaySession(amountMinor = 30000) {
  const fx = await aPricedConnector(t.db);
  const orderId = `order_${randomUUID().slice(0, 14)}`;
  const payment = await t.db.payment.create({
    data: {
      tenantId: fx.tenant.id,
      provider: 'RAZORPAY',
      providerOrderId: orderId,
      amountMinor,
      chargerId: fx.charger.id,
      evseId: 1,
    },
  });
  await t.db.driverSession.create({
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
  return { ...fx, payment, orderId, amountMinor };
}

function webhook(
  event: 'payment.authorized' | 'payment.captured',
  s: { orderId: string; amountMinor: number },
  eventId: string,
  secret = WEBHOOK_SECRET,
) {
  const rawBody = JSON.stringify({
    entity: 'event',
    account_id: 'acc_driver',
    event,
    contains: ['payment'],
    payload: {
      payment: {
        entity: {
          id: `pay_${s.orderId.slice(6)}`,
          entity: 'payment',
          amount: s.amountMinor,
          currency: 'INR',
          status: event === 'payment.authorized' ? 'authorized' : 'captured',
          order_id: s.orderId,
          captured: event === 'payment.captured',
          method: 'upi',
        },
      },
    },
    created_at: 1767674606,
  });
  const headers = {
    'x-razorpay-signature': createHmac('sha256', secret).update(rawBody).digest('hex'),
    'x-razorpay-event-id': eventId,
  };
  return { rawBody: Buffer.from(rawBody), headers };
}

async function post(tenantId: string, w: ReturnType<typeof webhook>) {
  const out = await handlePaymentWebhook(deps, { tenantId, provider: 'RAZORPAY', ...w });
  for (const paymentId of out.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
  return out;
}

describe('Razorpay webhook', () => {
  it('counts a capture once under retries and reordering, and starts the charger once', async () => {
    const s = await aRazorpaySession();
    const captured = webhook('payment.captured', s, `evt_cap_${s.orderId}`);
    const authorized = webhook('payment.authorized', s, `evt_auth_${s.orderId}`);
    const outcomes = [await post(s.tenant.id, captured)];
    outcomes.push(
      ...(await Promise.all([post(s.tenant.id, captured), post(s.tenant.id, authorized), post(s.tenant.id, captured)])),
    );
    outcomes.push(await post(s.tenant.id, authorized));

    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200, 200, 200]);
    expect(outcomes.reduce((n, o) => n + (o.body.duplicates ?? 0), 0)).toBe(3);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: s.payment.id } });
    expect(payment).toMatchObject({
      status: 'CAPTURED',
      capturedMinor: s.amountMinor,
      providerPaymentId: `pay_${s.orderId.slice(6)}`,
    });
    expect(await t.db.paymentEvent.count({ where: { paymentId: s.payment.id } })).toBe(2);
    expect(
      relay.calls.filter((c) => c.action === 'RemoteStartTransaction' && c.payload.connectorId === 1),
    ).toHaveLength(1);
    expect(await t.db.auditLog.count({ where: { tenantId: s.tenant.id, action: 'driver.start_requested' } })).toBe(1);
  });

  it.each([
    [
      'signed with another secret',
      (w: ReturnType<typeof webhook>) => ({
        ...w,
        headers: {
          ...w.headers,
          'x-razorpay-signature': webhook('payment.captured', { orderId: 'order_x', amountMinor: 1 }, 'e', 'wrong')
            .headers['x-razorpay-signature'],
        },
      }),
      401,
    ],
    [
      'with a changed amount',
      (w: ReturnType<typeof webhook>) => ({
        ...w,
        rawBody: Buffer.from(w.rawBody.toString().replace(/"amount":\d+/, '"amount":1')),
      }),
      401,
    ],
    [
      'without a signature',
      (w: ReturnType<typeof webhook>) => ({ ...w, headers: { 'x-razorpay-event-id': 'evt_nosig' } }),
      401,
    ],
  ])('refuses a webhook %s and changes nothing', async (_, tamper, status) => {
    const s = await aRazorpaySession();
    const out = await post(
      s.tenant.id,
      tamper(webhook('payment.captured', s, `evt_${randomUUID()}`)) as ReturnType<typeof webhook>,
    );
    expect(out.status).toBe(status);
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: s.payment.id } })).toMatchObject({
      status: 'CREATED',
      capturedMinor: 0,
    });
    expect(await t.db.paymentEvent.count({ where: { paymentId: s.payment.id } })).toBe(0);
    expect((await t.db.driverSession.findFirstOrThrow({ where: { paymentId: s.payment.id } })).status).toBe(
      'AWAITING_PAYMENT',
    );
  });

  it("does not touch another tenant's payment named in a webhook posted to this tenant's host", async () => {
    const mine = await aRazorpaySession();
    const theirs = await aRazorpaySession();
    const out = await post(mine.tenant.id, webhook('payment.captured', theirs, `evt_${randomUUID()}`));
    expect(out.status).toBe(200);
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: theirs.payment.id } })).toMatchObject({
      status: 'CREATED',
      capturedMinor: 0,
    });
  });
});
