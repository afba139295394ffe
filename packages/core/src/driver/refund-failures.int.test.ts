import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDriverSession } from './get-driver-session.ts';
import { sweepDriverSessions } from './sweep-driver-sessions.ts';
import { aUpiDriverWorld } from './upi-driver.fixtures.ts';

// Refunds PhonePe will not make, through its documented refund API (a local server): the full
// refund of a failed start that PhonePe declines closes the session for good.

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
