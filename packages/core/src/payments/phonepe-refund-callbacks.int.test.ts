import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createPhonePeProvider, type PaymentProvider } from '@magma/payments';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aTenant } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { refundPayment } from './refund-payment.ts';

// PhonePe's refund callbacks in the shapes of its webhook page, after a refund sent through the
// documented refund API (answered by a local server): accepted/completed name the refund by our
// merchantRefundId only, failed by PhonePe's refundId with an empty originalMerchantOrderId.

let t: TestDatabase;
let tenantId: string;
let server: Server;
let phonepe: PaymentProvider;
let nextRefundId = '';

const authorization = createHash('sha256').update('magma_hook:hookpass123').digest('hex');

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  tenantId = (await aTenant(t.db)).id;
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url === '/v1/oauth/token') {
        const now = Math.floor(Date.now() / 1000);
        res.end(JSON.stringify({ access_token: 'tok', expires_at: now + 3600, token_type: 'O-Bearer' }));
        return;
      }
      const { amount } = JSON.parse(body) as { amount: number };
      res.end(JSON.stringify({ refundId: nextRefundId, amount, state: 'PENDING' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  phonepe = createPhonePeProvider({
    clientId: 'TEST-CLIENT',
    clientSecret: 'secret',
    clientVersion: '1',
    webhookUsername: 'magma_hook',
    webhookPassword: 'hookpass123',
    environment: 'sandbox',
    authBaseUrl: url,
    pgBaseUrl: url,
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.drop();
});

/** A captured PhonePe payment (PhonePe keys its APIs on our merchantOrderId) with a ₹120.50 refund sent. */
async function aRefundedPhonePePayment(phonePeRefundId: string) {
  const p = await t.db.payment.create({
    data: { tenantId, provider: 'PHONEPE', amountMinor: 50000, status: 'CAPTURED', capturedMinor: 50000 },
  });
  const payment = await t.db.payment.update({
    where: { id: p.id },
    data: { providerOrderId: p.id, providerPaymentId: `OM${p.id.slice(0, 8)}` },
  });
  nextRefundId = phonePeRefundId;
  const refund = await refundPayment({ db: t.db, tenantId, paymentId: p.id, gateway: phonepe, amountMinor: 12050 });
  if (refund.outcome !== 'refunded') throw new Error(`no refund: ${refund.outcome}`);
  return { payment, refundId: refund.refundId };
}

function deliver(callback: unknown) {
  const verified = phonepe.verifyWebhook({ rawBody: JSON.stringify(callback), headers: { authorization } });
  if (!verified.ok) throw new Error(`refused: ${verified.message}`);
  return Promise.all(
    verified.events.map((event) => recordPaymentEvent({ db: t.db, tenantId, provider: 'PHONEPE', event })),
  );
}

const state = (paymentId: string) =>
  t.db.payment.findUniqueOrThrow({ where: { id: paymentId }, include: { refunds: true } });

describe('PhonePe refund callbacks', () => {
  it('a completed refund named only by our merchantRefundId settles that refund', async () => {
    const { payment, refundId } = await aRefundedPhonePePayment('OMR7878098045517540996');
    const out = await deliver({
      event: 'pg.refund.completed',
      payload: {
        merchantId: 'merchantId',
        merchantRefundId: refundId,
        originalMerchantOrderId: payment.providerOrderId,
        amount: 12050,
        state: 'COMPLETED',
        paymentDetails: [
          {
            paymentMode: 'UPI_INTENT',
            timestamp: 1706629419799,
            amount: 12050,
            transactionId: 'OMR7896789',
            state: 'COMPLETED',
          },
        ],
      },
    });
    expect(out).toEqual([{ outcome: 'applied', paymentId: payment.id, status: 'PARTIALLY_REFUNDED' }]);
    const after = await state(payment.id);
    expect(after).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 12050 });
    expect(after.refunds).toEqual([
      expect.objectContaining({
        id: refundId,
        status: 'PROCESSED',
        amountMinor: 12050,
        providerRefundId: 'OMR7878098045517540996',
      }),
    ]);
  });

  it('a failed refund named only by PhonePe refundId, with an empty order id, fails that refund', async () => {
    const { payment, refundId } = await aRefundedPhonePePayment('OMR2507211657281836129569');
    expect((await state(payment.id)).status).toBe('REFUND_PENDING');
    const out = await deliver({
      event: 'pg.refund.failed',
      payload: {
        originalMerchantOrderId: '',
        refundId: 'OMR2507211657281836129569',
        amount: 12050,
        state: 'FAILED',
        errorCode: 'AUTHORIZATION_ERROR',
        detailedErrorCode: 'ZM',
      },
    });
    expect(out).toEqual([{ outcome: 'applied', paymentId: payment.id, status: 'CAPTURED' }]);
    const after = await state(payment.id);
    expect(after).toMatchObject({ status: 'CAPTURED', refundedMinor: 0 });
    expect(after.refunds).toEqual([expect.objectContaining({ id: refundId, status: 'FAILED' })]);
  });

  it('a refund made on the PhonePe dashboard, accepted then completed, is one refund', async () => {
    const { payment } = await aRefundedPhonePePayment('OMR1112223334445556667778');
    const dashboardRefund = (event: string, state: string) => ({
      event,
      payload: {
        merchantId: 'merchantId',
        merchantRefundId: 'DASHBOARD-RF-0042',
        originalMerchantOrderId: payment.providerOrderId,
        amount: 2000,
        state,
      },
    });
    await deliver(dashboardRefund('pg.refund.accepted', 'CONFIRMED'));
    await deliver(dashboardRefund('pg.refund.completed', 'COMPLETED'));
    const after = await state(payment.id);
    const dashboard = after.refunds.filter((r) => r.amountMinor === 2000);
    expect(dashboard).toEqual([expect.objectContaining({ status: 'PROCESSED' })]);
    expect(after).toMatchObject({ refundedMinor: 2000, status: 'PARTIALLY_REFUNDED' });
  });

  it("does not settle another tenant's refund named by its PhonePe refundId", async () => {
    const { payment } = await aRefundedPhonePePayment('OMR9990001112223334445556');
    const other = (await aTenant(t.db)).id;
    const verified = phonepe.verifyWebhook({
      rawBody: JSON.stringify({
        event: 'pg.refund.failed',
        payload: { originalMerchantOrderId: '', refundId: 'OMR9990001112223334445556', amount: 12050, state: 'FAILED' },
      }),
      headers: { authorization },
    });
    if (!verified.ok) throw new Error('refused');
    const [r] = await Promise.all(
      verified.events.map((event) => recordPaymentEvent({ db: t.db, tenantId: other, provider: 'PHONEPE', event })),
    );
    expect(r).toEqual({ outcome: 'unmatched', paymentId: null });
    expect((await state(payment.id)).refunds).toEqual([expect.objectContaining({ status: 'PENDING' })]);
  });
});
