import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import type { PaymentProvider as ProviderName } from '@magma/db';
import {
  createJuspayProvider,
  createPhonePeProvider,
  createRazorpayProvider,
  type PaymentProvider,
} from '@magma/payments';
import { startLocalServer, type LocalServer, type RecordedRequest, type Reply } from '@magma/payments/testing';
import { aCapturablePayment, aTenant } from './payments.fixtures.ts';
import { payerLookupKeyOf, payerLookupsOf } from './payer-identity.ts';
import { syncPaymentStatus } from './sync-payment-status.ts';

// A UPI payment confirmed by the status check (its webhook never came) records its payer as the
// webhook would have: each real gateway adapter reads its documented status answer from a local
// stand-in server, and the masked VPA/phone and their lookups land on the payment.

let t: TestDatabase;
let tenantId: string;
let server: LocalServer;
const payerLookupKey = payerLookupKeyOf('sync-payer-server-secret');

/** The status answers, in each gateway's documented shape, for order `id` paid by `vpa` / `phone`. */
function statusReply(req: RecordedRequest): Reply | undefined {
  const rzp = /^\/v1\/orders\/([^/]+)(\/payments)?$/.exec(req.path);
  if (rzp) {
    const id = rzp[1]!;
    if (!rzp[2])
      return {
        json: {
          id,
          entity: 'order',
          amount: 50000,
          amount_paid: 50000,
          amount_due: 0,
          currency: 'INR',
          receipt: 'r',
          status: 'paid',
          attempts: 2,
          notes: {},
          created_at: 1582628071,
        },
      };
    const payment = (pid: string, status: string, vpa: string, contact: string) => ({
      id: pid,
      entity: 'payment',
      amount: 50000,
      currency: 'INR',
      status,
      order_id: id,
      method: 'upi',
      captured: status === 'captured',
      vpa,
      contact,
      email: 'void@razorpay.com',
      fee: 1180,
      tax: 180,
      created_at: 1582628100,
    });
    return {
      json: {
        entity: 'collection',
        count: 2,
        // A failed first attempt by someone else: the payer is the captured attempt's.
        items: [
          payment('pay_failed1', 'failed', 'someone.else@ybl', '+919000000001'),
          payment('pay_ok1', 'captured', 'ravi.kumar@okaxis', '+919876543210'),
        ],
      },
    };
  }
  if (req.path === '/v1/oauth/token')
    return {
      json: {
        access_token: 'pp-token',
        encrypted_access_token: 'pp-token',
        expires_in: null,
        issued_at: Math.floor(Date.now() / 1000),
        expires_at: Math.floor(Date.now() / 1000) + 3600,
        session_expires_at: Math.floor(Date.now() / 1000) + 3600,
        token_type: 'O-Bearer',
      },
    };
  const pp = /^\/pg\/checkout\/v2\/order\/([^/]+)\/status$/.exec(req.path);
  if (pp)
    return {
      json: {
        orderId: 'OMO2403282020198641379508',
        state: 'COMPLETED',
        amount: 50000,
        expireAt: 1724866793837,
        paymentDetails: [
          {
            paymentMode: 'UPI_QR',
            transactionId: 'OM222',
            timestamp: 1724866794837,
            amount: 50000,
            state: 'COMPLETED',
            rail: { type: 'UPI', utr: '416455839594', upiTransactionId: 'YBL58946ea9', vpa: 'Priya.S@ybl' },
            instrument: { type: 'ACCOUNT', accountType: 'SAVINGS', maskedAccountNumber: 'XXXXXXX20000' },
          },
        ],
      },
    };
  const jp = /^\/orders\/([^/]+)$/.exec(req.path);
  if (jp)
    return {
      json: {
        id: 'ordeh_5d3b1b0f2b1a4d3c9e',
        order_id: decodeURIComponent(jp[1]!),
        merchant_id: 'voltpe',
        status: 'CHARGED',
        status_id: 21,
        amount: 500,
        currency: 'INR',
        customer_id: 'guest',
        customer_phone: '09812345678',
        txn_id: 'voltpe-1',
        txn_uuid: 'eulvd8XfGXZ5Kq9K',
        refunded: false,
        amount_refunded: 0,
        payment_method_type: 'UPI',
        upi: { txn_type: 'UPI_COLLECT', payer_vpa: 'anil-99@okicici', payer_app: 'GPAY' },
      },
    };
  return undefined;
}

const gateways = (): Record<'RAZORPAY' | 'PHONEPE' | 'JUSPAY', PaymentProvider> => ({
  RAZORPAY: createRazorpayProvider({
    keyId: 'rzp_test_1DP5mmOlF5G5ag',
    keySecret: 'thisisatestsecret',
    webhookSecret: 'wh',
    baseUrl: server.url,
    merchantName: 'VoltPe',
  }),
  PHONEPE: createPhonePeProvider({
    clientId: 'TEST-M22CLIENT',
    clientSecret: 'client-secret-test',
    clientVersion: '1',
    webhookUsername: 'magma-hook',
    webhookPassword: 'hook-password',
    environment: 'sandbox',
    authBaseUrl: server.url,
    pgBaseUrl: `${server.url}/pg`,
  }),
  JUSPAY: createJuspayProvider({
    apiKey: 'B3F1A2C4D5E6F7A8B9C0',
    merchantId: 'voltpe',
    paymentPageClientId: 'voltpe',
    responseKey: 'response-key-test',
    webhookUsername: 'hook',
    webhookPassword: 'hook-pass',
    environment: 'sandbox',
    baseUrl: server.url,
  }),
});

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await aTenant(t.db)).id;
  server = await startLocalServer(statusReply);
});
afterAll(async () => {
  await server?.close();
  await t?.drop();
});

describe('a payment confirmed by the status check records its payer', () => {
  it.each([
    ['RAZORPAY', 'ravi.kumar@okaxis', 'ra••••@okaxis', '+919876543210', '+91 ••••••3210'],
    ['PHONEPE', 'priya.s@ybl', 'pr••••@ybl', null, null],
    ['JUSPAY', 'anil-99@okicici', 'an••••@okicici', '+919812345678', '+91 ••••••5678'],
  ] as const)('%s', async (provider, vpa, vpaMasked, phone, phoneMasked) => {
    const payment = await aCapturablePayment(t.db, { tenantId, provider: provider as ProviderName });
    const r = await syncPaymentStatus({
      db: t.db,
      tenantId,
      paymentId: payment.id,
      gateway: gateways()[provider],
      payerLookupKey,
    });
    expect(r).toEqual({ status: 'CAPTURED', changed: true });
    const row = await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const lookups = (q: string) => payerLookupsOf(q, { key: payerLookupKey, tenantId });
    expect(row).toMatchObject({
      payerVpaMasked: vpaMasked,
      payerVpaLookup: lookups(vpa).vpa,
      payerPhoneMasked: phoneMasked,
      payerPhoneLookup: phone ? lookups(phone).phone : null,
    });
  });
});
