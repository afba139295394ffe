import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createPhonePeProvider } from '@magma/payments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aPricedConnector, type SentReceipt } from './driver.fixtures.ts';
import { getDriverSession } from './get-driver-session.ts';
import { handlePaymentWebhook, onDriverPaymentUpdated } from './handle-payment-webhook.ts';
import { hashSessionToken, newSessionToken } from './session-token.ts';
import { settlementRefundKey } from './driver-refund.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import type { DriverDeps } from './types.ts';
import { paymentsPort } from './wiring/payments.ts';
import { pricingPort } from './wiring/pricing.ts';

// The refund at the end of a prepaid UPI session, through PhonePe's documented refund API answered by
// a local server: a leftover under PhonePe's 100-paise minimum is not sent, a refund PhonePe declines
// is recorded once and never sent again, and an unreachable PhonePe is asked again with the same key.

type RefundRequest = { merchantRefundId: string; originalMerchantOrderId: string; amount: number };

let t: TestDatabase;
let server: Server;
let deps: DriverDeps;
/** How the local PhonePe answers the next refund request. */
let answer: 'accept' | 'decline' | 'unavailable' = 'accept';
const refundRequests: RefundRequest[] = [];
const receipts: SentReceipt[] = [];
const errors: unknown[] = [];
let clock = Date.now();

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  server = createServer((req, res) => {
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
      refundRequests.push(r);
      if (answer === 'unavailable') return reply(503, { code: 'INTERNAL_SERVER_ERROR', message: 'Try again later' });
      if (answer === 'decline') return reply(400, { code: 'BAD_REQUEST', message: 'Refund not allowed for this VPA' });
      return reply(200, { refundId: `OMR${r.merchantRefundId.slice(0, 12)}`, amount: r.amount, state: 'PENDING' });
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
  const unused = () => Promise.reject(new Error('settlement never commands the charger'));
  deps = {
    db: t.db,
    now: () => new Date(clock),
    payments: paymentsPort({ gateways: { PHONEPE: phonepe }, preferred: 'PHONEPE' }),
    chargers: { remoteStart: unused, remoteStop: unused },
    pricing: pricingPort(),
    mail: {
      sendSessionReceipt: async (r) => {
        receipts.push(r);
        return { emailId: null };
      },
      sendRefundNotice: async () => ({ emailId: null }),
    },
    onError: (e) => errors.push(e),
  };
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  await t.drop();
});
beforeEach(() => {
  answer = 'accept';
  refundRequests.length = 0;
  receipts.length = 0;
  errors.length = 0;
  clock = Date.now();
});

/**
 * A driver prepaid ₹200 by UPI through PhonePe and the charger has stopped: the transaction is
 * priced at `usedMinor` (tax included) and nobody has settled it yet.
 */
async function anEndedUpiSession({ usedMinor }: { usedMinor: number }) {
  const fx = await aPricedConnector(t.db);
  const tenantId = fx.tenant.id;
  const created = await t.db.payment.create({
    data: {
      tenantId,
      provider: 'PHONEPE',
      amountMinor: 20000,
      status: 'CAPTURED',
      capturedMinor: 20000,
      chargerId: fx.charger.id,
      evseId: 1,
    },
  });
  // PhonePe keys its APIs on our merchantOrderId, the Payment id.
  const payment = await t.db.payment.update({
    where: { id: created.id },
    data: { providerOrderId: created.id, providerPaymentId: `OM${created.id.slice(0, 12)}` },
  });
  const tx = await t.db.transaction.create({
    data: {
      tenantId,
      chargerId: fx.charger.id,
      evseId: 1,
      ocppTransactionId: `tx-${created.id.slice(0, 8)}`,
      status: 'COMPLETED',
      startedAt: new Date(clock - 40 * 60_000),
      stoppedAt: new Date(clock - 60_000),
      energyWh: 8000,
      paymentId: payment.id,
      costMinor: usedMinor,
      taxMinor: 0,
      sponsorMinor: 0,
      costLines: [],
      pricedAt: new Date(clock - 60_000),
    },
  });
  const token = newSessionToken();
  const session = await t.db.driverSession.create({
    data: {
      tenantId,
      tokenHash: hashSessionToken(token),
      kind: 'PAID',
      status: 'CHARGING',
      chargerId: fx.charger.id,
      connectorRowId: fx.connector.id,
      evseId: 1,
      limitMinor: 20000,
      email: 'driver@example.in',
      paymentId: payment.id,
      transactionId: tx.id,
    },
  });
  return { tenantId, payment, tx, session, token };
}

const auditOf = (tenantId: string, action: string) => t.db.auditLog.findMany({ where: { tenantId, action } });

/** A PhonePe callback through the webhook path the web app runs (verify, record, then act). */
async function deliver(tenantId: string, callback: unknown) {
  const rawBody = JSON.stringify(callback);
  const headers = { authorization: createHash('sha256').update('magma_hook:hookpass123').digest('hex') };
  const outcome = await handlePaymentWebhook(deps, { tenantId, provider: 'PHONEPE', rawBody, headers });
  expect(outcome.status).toBe(200);
  for (const paymentId of outcome.paymentIds) await onDriverPaymentUpdated(deps, { paymentId });
}

/** PhonePe's callback for the refund a settlement sent (it names the refund by our merchantRefundId). */
function refundCallback(event: 'pg.refund.completed' | 'pg.refund.failed', r: RefundRequest) {
  const state = event === 'pg.refund.completed' ? 'COMPLETED' : 'FAILED';
  return {
    event,
    payload: {
      merchantId: 'merchantId',
      merchantRefundId: r.merchantRefundId,
      originalMerchantOrderId: r.originalMerchantOrderId,
      refundId: `OMR${r.merchantRefundId.slice(0, 12)}`,
      amount: r.amount,
      state,
      ...(state === 'FAILED' ? { errorCode: 'AUTHORIZATION_ERROR', detailedErrorCode: 'ZM' } : {}),
    },
  };
}

const pageOf = (s: { tenantId: string; token: string }) =>
  getDriverSession(deps, { tenantId: s.tenantId, token: s.token });

describe('the refund at settlement', () => {
  it('sends the unused amount back once, under the session’s key', async () => {
    const s = await anEndedUpiSession({ usedMinor: 11800 });
    expect(await settleDriverSession(deps, { transactionId: s.tx.id })).toMatchObject({
      settled: true,
      costMinor: 11800,
      refundMinor: 8200,
      unrefunded: null,
    });
    expect(refundRequests).toEqual([
      { merchantRefundId: expect.any(String), originalMerchantOrderId: s.payment.id, amount: 8200 },
    ]);
    expect(receipts).toMatchObject([{ refundMinor: 8200, unrefunded: null }]);
  });

  it('does not ask PhonePe to refund less than its 100-paise minimum: settles, says so, audits it', async () => {
    const s = await anEndedUpiSession({ usedMinor: 19950 });
    const settled = await settleDriverSession(deps, { transactionId: s.tx.id });

    expect(settled).toMatchObject({
      settled: true,
      costMinor: 19950,
      refundMinor: 0,
      unrefunded: { reason: 'below-minimum', amountMinor: 50, minimumMinor: 100 },
    });
    expect(refundRequests).toHaveLength(0);
    expect(await t.db.refund.count({ where: { paymentId: s.payment.id } })).toBe(0);
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      costMinor: 19950,
      refundMinor: 0,
    });
    expect(receipts).toMatchObject([
      {
        to: 'driver@example.in',
        paidMinor: 20000,
        refundMinor: 0,
        unrefunded: { reason: 'below-minimum', amountMinor: 50, minimumMinor: 100 },
      },
    ]);
    expect((await auditOf(s.tenantId, 'driver.refund_below_minimum')).map((a) => a.after)).toMatchObject([
      { paymentId: s.payment.id, amountMinor: 50, minimumMinor: 100 },
    ]);
    expect(await sweepDriverSessions(deps)).toMatchObject({ settled: 0 });
    expect(refundRequests).toHaveLength(0);
  });

  it('records a refund PhonePe declines once: settled, one request however often it is retried, receipt and audit', async () => {
    answer = 'decline';
    const s = await anEndedUpiSession({ usedMinor: 11800 });
    const settled = await settleDriverSession(deps, { transactionId: s.tx.id });

    expect(settled).toMatchObject({
      settled: true,
      costMinor: 11800,
      refundMinor: 0,
      unrefunded: { reason: 'declined', amountMinor: 8200, gatewayReason: expect.stringContaining('not allowed') },
    });
    // Every way settlement can be asked again: the live event, the sweep, a second process.
    await settleDriverSession(deps, { transactionId: s.tx.id });
    await sweepDriverSessions(deps);
    clock += 10 * 60_000;
    await sweepDriverSessions(deps);
    await settleDriverSession(deps, { transactionId: s.tx.id });
    // And the refund itself asked again under the session's key (a settlement that crashed after it).
    expect(
      await deps.payments.refundUnused({
        db: t.db,
        tenantId: s.tenantId,
        paymentId: s.payment.id,
        reason: 'Unused prepaid amount',
        idempotencyKey: settlementRefundKey(s.session.id),
      }),
    ).toMatchObject({ outcome: 'declined', unrefundedMinor: 8200 });

    expect(refundRequests).toEqual([
      { merchantRefundId: expect.any(String), originalMerchantOrderId: s.payment.id, amount: 8200 },
    ]);
    expect(await t.db.refund.findMany({ where: { paymentId: s.payment.id } })).toMatchObject([
      { amountMinor: 8200, status: 'FAILED' },
    ]);
    expect(await t.db.payment.findUniqueOrThrow({ where: { id: s.payment.id } })).toMatchObject({
      status: 'CAPTURED',
      refundedMinor: 0,
    });
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      refundMinor: 0,
    });
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ refundMinor: 0, unrefunded: { reason: 'declined', amountMinor: 8200 } });
    expect((await auditOf(s.tenantId, 'driver.refund_declined')).map((a) => a.after)).toMatchObject([
      { paymentId: s.payment.id, amountMinor: 8200, gatewayReason: expect.stringContaining('not allowed') },
    ]);
    expect(errors).toEqual([]);
  });

  it('asks an unreachable PhonePe again with the same key, and settles once it answers', async () => {
    answer = 'unavailable';
    const s = await anEndedUpiSession({ usedMinor: 11800 });
    await expect(settleDriverSession(deps, { transactionId: s.tx.id })).rejects.toMatchObject({ code: 'UPSTREAM' });
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'CHARGING',
      settledAt: null,
    });
    expect(await t.db.refund.findMany({ where: { paymentId: s.payment.id } })).toMatchObject([
      { amountMinor: 8200, status: 'PENDING', providerRefundId: null },
    ]);

    // Moments later the request is still taken as in flight: nothing is sent, nothing settles.
    answer = 'accept';
    expect(await sweepDriverSessions(deps)).toMatchObject({ settled: 0 });
    expect(refundRequests).toHaveLength(1);

    clock += 60_000;
    expect(await sweepDriverSessions(deps)).toMatchObject({ settled: 1 });
    expect(refundRequests).toHaveLength(2);
    expect(refundRequests[1]).toEqual(refundRequests[0]);
    expect(await t.db.refund.findMany({ where: { paymentId: s.payment.id } })).toMatchObject([
      { amountMinor: 8200, status: 'PENDING', providerRefundId: expect.stringMatching(/^OMR/) },
    ]);
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      refundMinor: 8200,
    });
    expect(receipts).toMatchObject([{ refundMinor: 8200, unrefunded: null }]);
    expect(errors).toEqual([]);
  });
});

describe('what the driver’s session page says about the refund', () => {
  it.each([
    ['accept', 11800, { outcome: 'refunded', amountMinor: 8200, status: 'PENDING' }],
    ['accept', 19950, { outcome: 'below-minimum', amountMinor: 50, minimumMinor: 100 }],
    ['decline', 11800, { outcome: 'declined', amountMinor: 8200 }],
    ['accept', 20000, null],
  ] as const)('PhonePe answers %s, the session used %i paise: %o', async (reply, usedMinor, refund) => {
    answer = reply;
    const s = await anEndedUpiSession({ usedMinor });
    expect((await pageOf(s)).refund).toBeNull();
    await settleDriverSession(deps, { transactionId: s.tx.id });
    expect(await pageOf(s)).toMatchObject({ status: 'SETTLED', refund });
  });

  it('a refund PhonePe completes later shows as processed', async () => {
    const s = await anEndedUpiSession({ usedMinor: 11800 });
    await settleDriverSession(deps, { transactionId: s.tx.id });
    await deliver(s.tenantId, refundCallback('pg.refund.completed', refundRequests[0]!));
    expect((await pageOf(s)).refund).toEqual({ outcome: 'refunded', amountMinor: 8200, status: 'PROCESSED' });
  });
});
