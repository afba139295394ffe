import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSessionDetail } from '../sessions/get-session-detail.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { getDriverSession } from './get-driver-session.ts';
import { handlePaymentWebhook } from './handle-payment-webhook.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import { aUpiDriverWorld, refundCallback } from './upi-driver.fixtures.ts';

// Refunds PhonePe will not make, through its documented refund API and refund callbacks (a local
// server): the full refund of a failed start that PhonePe declines closes the session for good, and
// a refund PhonePe accepted and later failed is taken back from what the driver was told, once.

let t: TestDatabase;
let w: Awaited<ReturnType<typeof aUpiDriverWorld>>;

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  w = await aUpiDriverWorld(t.db);
});
afterAll(async () => {
  await w.close();
  await t.drop();
});
beforeEach(() => w.reset());
afterEach(() => expect(w.errors).toEqual([]));

const auditOf = (tenantId: string, action: string) =>
  t.db.auditLog.findMany({ where: { tenantId, action } }).then((rows) => rows.map((r) => r.after));
const pageOf = (s: { tenantId: string; token: string }) =>
  getDriverSession(w.deps, { tenantId: s.tenantId, token: s.token });
const sessionRow = (id: string) => t.db.driverSession.findUniqueOrThrow({ where: { id } });

/** The sweep, run again and again over ten minutes. */
async function sweepRepeatedly() {
  const reports = [];
  for (let i = 0; i < 4; i++) {
    reports.push(await sweepDriverSessions(w.deps));
    w.clock += 3 * 60_000;
  }
  return reports;
}

describe('the refund of a failed start that PhonePe declines', () => {
  it('closes the session once: the sweep stops asking, the refusal is audited, the driver is told', async () => {
    w.answer = 'decline';
    const s = await w.aFailedStartUpiSession();

    const reports = await sweepRepeatedly();
    expect(reports.map((r) => r.refundsGivenUp)).toEqual([1, 0, 0, 0]);
    expect(w.refundRequests).toEqual([
      { merchantRefundId: expect.any(String), originalMerchantOrderId: s.payment.id, amount: 20000 },
    ]);
    expect(await sessionRow(s.session.id)).toMatchObject({
      status: 'START_FAILED',
      refundMinor: 0,
      settledAt: expect.any(Date),
    });
    expect(await auditOf(s.tenantId, 'driver.refund_declined')).toMatchObject([
      { paymentId: s.payment.id, amountMinor: 20000, gatewayReason: expect.stringContaining('not allowed') },
    ]);
    expect(w.refundFailedNotices).toMatchObject([
      { to: 'driver@example.in', sessionId: s.session.id, paymentId: s.payment.id, amountMinor: 20000 },
    ]);
    expect((await pageOf(s)).refund).toEqual({ outcome: 'declined', amountMinor: 20000 });
  });

  it('a refund PhonePe accepts is on its way, and the sweep leaves the session alone', async () => {
    const s = await w.aFailedStartUpiSession();
    const reports = await sweepRepeatedly();
    expect(reports.map((r) => r.refundsRetried)).toEqual([1, 0, 0, 0]);
    expect(w.refundRequests).toHaveLength(1);
    expect((await pageOf(s)).refund).toEqual({ outcome: 'refunded', amountMinor: 20000, status: 'PENDING' });
    expect(w.refundFailedNotices).toEqual([]);
  });
});

describe('a refund PhonePe accepted and then failed', () => {
  it('after settlement: audited once, the driver told once, both session pages show it declined', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    expect(w.receipts).toMatchObject([{ refundMinor: 8200, unrefunded: null }]);
    const failed = refundCallback('pg.refund.failed', w.refundRequests[0]!);

    // PhonePe repeats a callback until it is answered; the sweep runs in between.
    await w.deliver(s.tenantId, failed);
    await w.deliver(s.tenantId, failed);
    await sweepRepeatedly();
    await w.deliver(s.tenantId, failed);

    expect(await auditOf(s.tenantId, 'driver.refund_failed_after_settlement')).toEqual([
      { paymentId: s.payment.id, refundId: w.refundRequests[0]!.merchantRefundId, amountMinor: 8200 },
    ]);
    expect(w.refundFailedNotices).toMatchObject([
      { to: 'driver@example.in', sessionId: s.session.id, paymentId: s.payment.id, amountMinor: 8200 },
    ]);
    expect(w.receipts).toHaveLength(1);
    expect(w.refundRequests).toHaveLength(1);
    expect(await sessionRow(s.session.id)).toMatchObject({ status: 'SETTLED', refundMinor: 0 });
    expect((await pageOf(s)).refund).toEqual({ outcome: 'declined', amountMinor: 8200 });

    const operator = await getSessionDetail({
      db: t.db,
      scope: tenantScope(s.tenantId),
      input: { sessionId: s.tx.id },
    });
    expect(operator.payment).toMatchObject({
      refundedMinor: 0,
      declinedMinor: 8200,
      refunds: [{ amountMinor: 8200, status: 'FAILED' }],
    });
  });

  it('a failed start’s full refund: audited and told once, never sent again', async () => {
    const s = await w.aFailedStartUpiSession();
    await sweepDriverSessions(w.deps);
    const failed = refundCallback('pg.refund.failed', w.refundRequests[0]!);

    await w.deliver(s.tenantId, failed);
    await sweepRepeatedly();
    await w.deliver(s.tenantId, failed);

    expect(await auditOf(s.tenantId, 'driver.refund_failed_after_settlement')).toMatchObject([
      { paymentId: s.payment.id, amountMinor: 20000 },
    ]);
    expect(w.refundFailedNotices).toMatchObject([{ sessionId: s.session.id, amountMinor: 20000 }]);
    expect(w.refundRequests).toHaveLength(1);
    expect(await sessionRow(s.session.id)).toMatchObject({ status: 'START_FAILED', refundMinor: 0 });
    expect((await pageOf(s)).refund).toEqual({ outcome: 'declined', amountMinor: 20000 });
  });

  it('a callback recorded but not acted on (a restart, or a race with the settlement) is caught by the sweep', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    const rawBody = JSON.stringify(refundCallback('pg.refund.failed', w.refundRequests[0]!));
    await handlePaymentWebhook(w.deps, {
      tenantId: s.tenantId,
      provider: 'PHONEPE',
      rawBody,
      headers: w.webhookHeaders,
    });

    expect((await sweepRepeatedly()).map((r) => r.refundsFailed)).toEqual([1, 0, 0, 0]);
    expect(w.refundFailedNotices).toMatchObject([{ sessionId: s.session.id, amountMinor: 8200 }]);
    expect((await pageOf(s)).refund).toEqual({ outcome: 'declined', amountMinor: 8200 });
  });

  it('a completed refund changes nothing the driver was told', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    await w.deliver(s.tenantId, refundCallback('pg.refund.completed', w.refundRequests[0]!));
    expect(await auditOf(s.tenantId, 'driver.refund_failed_after_settlement')).toEqual([]);
    expect(w.refundFailedNotices).toEqual([]);
    expect(await sessionRow(s.session.id)).toMatchObject({ refundMinor: 8200 });
  });
});
