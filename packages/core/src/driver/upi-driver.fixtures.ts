import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Db } from '@magma/db';
import { createPhonePeProvider } from '@magma/payments';
import { aPricedConnector, type SentReceipt, type SentRefundFailedNotice } from './driver.fixtures.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import type { DriverDeps } from './types.ts';
import { paymentsPort } from './wiring/payments.ts';
import { pricingPort } from './wiring/pricing.ts';

// Prepaid UPI sessions refunded through PhonePe's documented refund API, answered by a local
// server, and PhonePe's refund callbacks delivered through the webhook path the web app runs.

export type RefundRequest = { merchantRefundId: string; originalMerchantOrderId: string; amount: number };

const WEBHOOK_AUTHORIZATION = createHash('sha256').update('magma_hook:hookpass123').digest('hex');

export async function aUpiDriverWorld(db: Db) {
  const world = {
    /** How the local PhonePe answers the next refund request. */
    answer: 'accept' as 'accept' | 'decline' | 'unavailable',
    clock: Date.now(),
    refundRequests: [] as RefundRequest[],
    receipts: [] as SentReceipt[],
    refundFailedNotices: [] as SentRefundFailedNotice[],
    errors: [] as unknown[],
  };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.url === '/v1/oauth/token') {
        const now = Math.floor(Date.now() / 1000);
        return reply(200, { access_token: 'tok', expires_at: now + 3600, token_type: 'O-Bearer' });
      }
      if (req.url !== '/payments/v2/refund') return reply(404, { code: 'NOT_FOUND', message: 'no route' });
      const r = JSON.parse(body) as RefundRequest;
      world.refundRequests.push(r);
      if (world.answer === 'unavailable') {
        return reply(503, { code: 'INTERNAL_SERVER_ERROR', message: 'Try again later' });
      }
      if (world.answer === 'decline') {
        return reply(400, { code: 'BAD_REQUEST', message: 'Refund not allowed for this VPA' });
      }
      return reply(200, { refundId: phonePeRefundId(r), amount: r.amount, state: 'PENDING' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const phonepe = createPhonePeProvider({
    clientId: 'TEST-CLIENT',
    clientSecret: 'secret',
    clientVersion: '1',
    webhookUsername: 'magma_hook',
    webhookPassword: 'hookpass123',
    environment: 'sandbox',
    authBaseUrl: url,
    pgBaseUrl: url,
  });
  const unused = () => Promise.reject(new Error('refunds never command the charger'));
  const deps: DriverDeps = {
    db,
    now: () => new Date(world.clock),
    payments: paymentsPort({ gateways: { PHONEPE: phonepe }, preferred: 'PHONEPE' }),
    chargers: { remoteStart: unused, remoteStop: unused },
    pricing: pricingPort(),
    mail: {
      sendSessionReceipt: async (r) => {
        world.receipts.push(r);
        return { emailId: null };
      },
      sendRefundNotice: async () => ({ emailId: null }),
      sendRefundFailedNotice: async (r) => {
        world.refundFailedNotices.push(r);
        return { emailId: null };
      },
    },
    onError: (e) => world.errors.push(e),
  };

  return Object.assign(world, {
    deps,
    webhookHeaders: { authorization: WEBHOOK_AUTHORIZATION },
    reset() {
      world.answer = 'accept';
      world.clock = Date.now();
      for (const list of [world.refundRequests, world.receipts, world.refundFailedNotices, world.errors]) {
        list.length = 0;
      }
    },
    close: () => new Promise<void>((r) => server.close(() => r())),

    /** A PhonePe callback through the webhook path the web app runs (verify, record, then act). */
    async deliver(tenantId: string, callback: unknown) {
      const rawBody = JSON.stringify(callback);
      const headers = { authorization: WEBHOOK_AUTHORIZATION };
      const outcome = await handlePaymentWebhook(deps, { tenantId, provider: 'PHONEPE', rawBody, headers });
      if (outcome.status !== 200) throw new Error(`webhook refused: ${JSON.stringify(outcome.body)}`);
      for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
    },

    /**
     * A driver prepaid ₹200 by UPI through PhonePe and the charger has stopped: the transaction is
     * priced at `usedMinor` (tax included) and nobody has settled it yet.
     */
    async anEndedUpiSession({ usedMinor }: { usedMinor: number }) {
      const { fx, payment } = await aCapturedUpiPayment(db);
      const tx = await db.transaction.create({
        data: {
          tenantId: fx.tenant.id,
          chargerId: fx.charger.id,
          evseId: 1,
          ocppTransactionId: `tx-${payment.id.slice(0, 8)}`,
          status: 'COMPLETED',
          startedAt: new Date(world.clock - 40 * 60_000),
          stoppedAt: new Date(world.clock - 60_000),
          energyWh: 8000,
          paymentId: payment.id,
          costMinor: usedMinor,
          taxMinor: 0,
          sponsorMinor: 0,
          costLines: [],
          pricedAt: new Date(world.clock - 60_000),
        },
      });
      const s = await aDriverSession(db, fx, { paymentId: payment.id, status: 'CHARGING', transactionId: tx.id });
      return { ...s, payment, tx };
    },

    /** A driver prepaid ₹200 by UPI through PhonePe and the charger never started; nothing refunded yet. */
    async aFailedStartUpiSession() {
      const { fx, payment } = await aCapturedUpiPayment(db);
      const s = await aDriverSession(db, fx, {
        paymentId: payment.id,
        status: 'START_FAILED',
        failureReason: 'The charger did not start charging in time',
      });
      return { ...s, payment };
    },
  });
}

/** The id the local PhonePe gives a refund. */
export const phonePeRefundId = (r: RefundRequest) => `OMR${r.merchantRefundId.slice(0, 12)}`;

/** PhonePe's callback for a refund we sent (it names the refund by our merchantRefundId). */
export function refundCallback(event: 'pg.refund.completed' | 'pg.refund.failed', r: RefundRequest) {
  const failed = event === 'pg.refund.failed';
  return {
    event,
    payload: {
      merchantId: 'merchantId',
      merchantRefundId: r.merchantRefundId,
      originalMerchantOrderId: r.originalMerchantOrderId,
      refundId: phonePeRefundId(r),
      amount: r.amount,
      state: failed ? 'FAILED' : 'COMPLETED',
      ...(failed ? { errorCode: 'AUTHORIZATION_ERROR', detailedErrorCode: 'ZM' } : {}),
    },
  };
}

async function aCapturedUpiPayment(db: Db) {
  const fx = await aPricedConnector(db);
  const created = await db.payment.create({
    data: {
      tenantId: fx.tenant.id,
      provider: 'PHONEPE',
      amountMinor: 20000,
      status: 'CAPTURED',
      capturedMinor: 20000,
      chargerId: fx.charger.id,
      evseId: 1,
    },
  });
  // PhonePe keys its APIs on our merchantOrderId, the Payment id.
  const payment = await db.payment.update({
    where: { id: created.id },
    data: { providerOrderId: created.id, providerPaymentId: `OM${created.id.slice(0, 12)}` },
  });
  return { fx, payment };
}

async function aDriverSession(
  db: Db,
  fx: Awaited<ReturnType<typeof aPricedConnector>>,
  over: { paymentId: string; status: 'CHARGING' | 'START_FAILED'; transactionId?: string; failureReason?: string },
) {
  const token = newSessionToken();
  const session = await db.driverSession.create({
    data: {
      tenantId: fx.tenant.id,
      tokenHash: hashSessionToken(token),
      kind: 'PAID',
      chargerId: fx.charger.id,
      connectorRowId: fx.connector.id,
      evseId: 1,
      limitMinor: 20000,
      email: 'driver@example.in',
      ...over,
    },
  });
  return { tenantId: fx.tenant.id, session, token };
}
