import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settlementRefundKey } from './driver-refund.ts';
import { getDriverSession } from './get-driver-session.ts';
import { settleDriverSession } from './settle-driver-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import { aUpiDriverWorld, refundCallback } from './upi-driver.fixtures.ts';

// The refund at the end of a prepaid UPI session, through PhonePe's documented refund API answered by
// a local server: a leftover under PhonePe's 100-paise minimum is not sent, a refund PhonePe declines
// is recorded once and never sent again, and an unreachable PhonePe is asked again with the same key.

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

const auditOf = (tenantId: string, action: string) => t.db.auditLog.findMany({ where: { tenantId, action } });
const pageOf = (s: { tenantId: string; token: string }) =>
  getDriverSession(w.deps, { tenantId: s.tenantId, token: s.token });

describe('the refund at settlement', () => {
  it('sends the unused amount back once, under the session’s key', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    expect(await settleDriverSession(w.deps, { transactionId: s.tx.id })).toMatchObject({
      settled: true,
      costMinor: 11800,
      refundMinor: 8200,
      unrefunded: null,
    });
    expect(w.refundRequests).toEqual([
      { merchantRefundId: expect.any(String), originalMerchantOrderId: s.payment.id, amount: 8200 },
    ]);
    expect(w.receipts).toMatchObject([{ refundMinor: 8200, unrefunded: null }]);
  });

  it('does not ask PhonePe to refund less than its 100-paise minimum: settles, says so, audits it', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 19950 });
    const settled = await settleDriverSession(w.deps, { transactionId: s.tx.id });

    expect(settled).toMatchObject({
      settled: true,
      costMinor: 19950,
      refundMinor: 0,
      unrefunded: { reason: 'below-minimum', amountMinor: 50, minimumMinor: 100 },
    });
    expect(w.refundRequests).toHaveLength(0);
    expect(await t.db.refund.count({ where: { paymentId: s.payment.id } })).toBe(0);
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      costMinor: 19950,
      refundMinor: 0,
    });
    expect(w.receipts).toMatchObject([
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
    expect(await sweepDriverSessions(w.deps)).toMatchObject({ settled: 0 });
    expect(w.refundRequests).toHaveLength(0);
  });

  it('records a refund PhonePe declines once: settled, one request however often it is retried, receipt and audit', async () => {
    w.answer = 'decline';
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    const settled = await settleDriverSession(w.deps, { transactionId: s.tx.id });

    expect(settled).toMatchObject({
      settled: true,
      costMinor: 11800,
      refundMinor: 0,
      unrefunded: { reason: 'declined', amountMinor: 8200, gatewayReason: expect.stringContaining('not allowed') },
    });
    // Every way settlement can be asked again: the live event, the sweep, a second process.
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    await sweepDriverSessions(w.deps);
    w.clock += 10 * 60_000;
    await sweepDriverSessions(w.deps);
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    // And the refund itself asked again under the session's key (a settlement that crashed after it).
    expect(
      await w.deps.payments.refundUnused({
        db: t.db,
        tenantId: s.tenantId,
        paymentId: s.payment.id,
        reason: 'Unused prepaid amount',
        idempotencyKey: settlementRefundKey(s.session.id),
      }),
    ).toMatchObject({ outcome: 'declined', unrefundedMinor: 8200 });

    expect(w.refundRequests).toEqual([
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
    expect(w.receipts).toHaveLength(1);
    expect(w.receipts[0]).toMatchObject({ refundMinor: 0, unrefunded: { reason: 'declined', amountMinor: 8200 } });
    expect((await auditOf(s.tenantId, 'driver.refund_declined')).map((a) => a.after)).toMatchObject([
      { paymentId: s.payment.id, amountMinor: 8200, gatewayReason: expect.stringContaining('not allowed') },
    ]);
    expect(w.errors).toEqual([]);
  });

  it('asks an unreachable PhonePe again with the same key, and settles once it answers', async () => {
    w.answer = 'unavailable';
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    await expect(settleDriverSession(w.deps, { transactionId: s.tx.id })).rejects.toMatchObject({ code: 'UPSTREAM' });
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'CHARGING',
      settledAt: null,
    });
    expect(await t.db.refund.findMany({ where: { paymentId: s.payment.id } })).toMatchObject([
      { amountMinor: 8200, status: 'PENDING', providerRefundId: null },
    ]);

    // Moments later the request is still taken as in flight: nothing is sent, nothing settles.
    w.answer = 'accept';
    expect(await sweepDriverSessions(w.deps)).toMatchObject({ settled: 0 });
    expect(w.refundRequests).toHaveLength(1);

    w.clock += 60_000;
    expect(await sweepDriverSessions(w.deps)).toMatchObject({ settled: 1 });
    expect(w.refundRequests).toHaveLength(2);
    expect(w.refundRequests[1]).toEqual(w.refundRequests[0]);
    expect(await t.db.refund.findMany({ where: { paymentId: s.payment.id } })).toMatchObject([
      { amountMinor: 8200, status: 'PENDING', providerRefundId: expect.stringMatching(/^OMR/) },
    ]);
    expect(await t.db.driverSession.findUniqueOrThrow({ where: { id: s.session.id } })).toMatchObject({
      status: 'SETTLED',
      refundMinor: 8200,
    });
    expect(w.receipts).toMatchObject([{ refundMinor: 8200, unrefunded: null }]);
    expect(w.errors).toEqual([]);
  });
});

describe('what the driver’s session page says about the refund', () => {
  it.each([
    ['accept', 11800, { outcome: 'refunded', amountMinor: 8200, status: 'PENDING' }],
    ['accept', 19950, { outcome: 'below-minimum', amountMinor: 50, minimumMinor: 100 }],
    ['decline', 11800, { outcome: 'declined', amountMinor: 8200 }],
    ['accept', 20000, null],
  ] as const)('PhonePe answers %s, the session used %i paise: %o', async (reply, usedMinor, refund) => {
    w.answer = reply;
    const s = await w.anEndedUpiSession({ usedMinor });
    expect((await pageOf(s)).refund).toBeNull();
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    expect(await pageOf(s)).toMatchObject({ status: 'SETTLED', refund });
  });

  it('a refund PhonePe completes later shows as processed', async () => {
    const s = await w.anEndedUpiSession({ usedMinor: 11800 });
    await settleDriverSession(w.deps, { transactionId: s.tx.id });
    await w.deliver(s.tenantId, refundCallback('pg.refund.completed', w.refundRequests[0]!));
    expect((await pageOf(s)).refund).toEqual({ outcome: 'refunded', amountMinor: 8200, status: 'PROCESSED' });
  });
});
