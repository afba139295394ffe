import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createRazorpayProvider } from '@magma/payments';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { aTenant } from './payments.fixtures.ts';
import { recordPaymentEvent } from './record-payment-event.ts';
import { refundPayment } from './refund-payment.ts';

// Razorpay's refund API on 127.0.0.1, as its "idempotent request" page documents it: a request
// with an X-Refund-Idempotency key seen before returns the refund made the first time; without the
// header every request is a new refund. The first answer is lost (connection cut after the refund
// was made), the retry 30 s later must not pay the driver twice; and where Razorpay did make two
// refunds under one receipt, both are on our books, the second flagged.

const WEBHOOK_SECRET = 'whsec_refund_idem_test';

type Made = { id: string; amount: number; receipt: string; key: string | null };

const razorpayServer = {
  made: [] as Made[],
  requests: [] as { key: string | null; body: string }[],
  dropFirst: true,
  honourKey: true,
  /** Runs before a request is answered (the webhook racing the answer). */
  beforeAnswer: null as null | ((n: number) => Promise<void>),
};

function handle(req: IncomingMessage, res: ServerResponse) {
  let body = '';
  req.on('data', (c: Buffer) => (body += c.toString('utf8')));
  req.on('end', () => {
    const m = /^\/v1\/payments\/([^/]+)\/refund$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ error: { code: 'BAD_REQUEST_ERROR', description: 'no route' } }));
    }
    const key = (req.headers['x-refund-idempotency'] as string | undefined) ?? null;
    razorpayServer.requests.push({ key, body });
    const input = JSON.parse(body) as { amount: number; receipt: string };
    const seen = razorpayServer.honourKey && key ? razorpayServer.made.find((r) => r.key === key) : undefined;
    const refund = seen ?? {
      id: `rfnd_${razorpayServer.made.length + 1}x`,
      amount: input.amount,
      receipt: input.receipt,
      key,
    };
    if (!seen) razorpayServer.made.push(refund);
    const n = razorpayServer.requests.length;
    if (razorpayServer.dropFirst && n === 1) return req.socket.destroy();
    void (razorpayServer.beforeAnswer?.(n) ?? Promise.resolve()).then(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          id: refund.id,
          entity: 'refund',
          amount: refund.amount,
          currency: 'INR',
          payment_id: m[1],
          receipt: refund.receipt,
          status: 'pending',
          speed_requested: 'normal',
        }),
      );
    });
  });
}

let t: TestDatabase;
let tenantId: string;
let server: ReturnType<typeof createServer>;
let razorpay: ReturnType<typeof createRazorpayProvider>;

beforeAll(async () => {
  t = await createTestDatabase({ max: 4 });
  tenantId = (await aTenant(t.db)).id;
  server = createServer(handle);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  razorpay = createRazorpayProvider({
    keyId: 'rzp_test_idem',
    keySecret: 'key_secret_idem',
    webhookSecret: WEBHOOK_SECRET,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
  });
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await t.drop();
});
beforeEach(() => {
  razorpayServer.made.length = 0;
  razorpayServer.requests.length = 0;
  razorpayServer.dropFirst = true;
  razorpayServer.honourKey = true;
  razorpayServer.beforeAnswer = null;
});

async function aCapturedRazorpayPayment() {
  const orderId = `order_${randomUUID().slice(0, 12)}`;
  return t.db.payment.create({
    data: {
      tenantId,
      provider: 'RAZORPAY',
      amountMinor: 20000,
      providerOrderId: orderId,
      providerPaymentId: `pay_${orderId.slice(6)}`,
      status: 'CAPTURED',
      capturedMinor: 20000,
    },
  });
}

/** Razorpay's refund.processed webhook, verified by the adapter as the route would. */
function refundProcessed(p: { providerOrderId: string | null; providerPaymentId: string | null }, made: Made) {
  const body = JSON.stringify({
    entity: 'event',
    event: 'refund.processed',
    contains: ['refund', 'payment'],
    payload: {
      refund: {
        entity: {
          id: made.id,
          entity: 'refund',
          amount: made.amount,
          currency: 'INR',
          payment_id: p.providerPaymentId,
          receipt: made.receipt,
          status: 'processed',
        },
      },
      payment: {
        entity: {
          id: p.providerPaymentId,
          entity: 'payment',
          amount: 20000,
          currency: 'INR',
          status: 'captured',
          order_id: p.providerOrderId,
        },
      },
    },
  });
  const verified = razorpay.verifyWebhook({
    rawBody: body,
    headers: {
      'x-razorpay-signature': createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex'),
      'x-razorpay-event-id': `evt_${made.id}_${p.providerOrderId}`,
    },
  });
  if (!verified.ok) throw new Error(verified.message);
  return verified.events[0]!;
}

describe('a Razorpay refund whose answer is lost', () => {
  it('is sent again 30 s later with the same X-Refund-Idempotency key and body, and Razorpay makes one refund', async () => {
    const p = await aCapturedRazorpayPayment();
    let clock = Date.now();
    const refund = () =>
      refundPayment({
        db: t.db,
        tenantId,
        paymentId: p.id,
        gateway: razorpay,
        amountMinor: 5000,
        idempotencyKey: 'start-failed:s1',
        now: () => new Date(clock),
      });

    await expect(refund()).rejects.toMatchObject({ code: 'UPSTREAM' });
    // Within the resend delay the sweep waits for the first request's fate.
    expect(await refund()).toMatchObject({ outcome: 'in-progress' });
    clock += 31_000;
    const again = await refund();
    expect(again).toMatchObject({ outcome: 'refunded', amountMinor: 5000, refundStatus: 'PENDING' });

    const rows = await t.db.refund.findMany({ where: { paymentId: p.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ providerRefundId: 'rfnd_1x', amountMinor: 5000, anomaly: null });
    expect(razorpayServer.made).toHaveLength(1);
    expect(razorpayServer.requests.map((r) => r.key)).toEqual([rows[0]!.id, rows[0]!.id]);
    expect(razorpayServer.requests[1]!.body).toBe(razorpayServer.requests[0]!.body);

    // Its webhook lands on the same row.
    await recordPaymentEvent({
      db: t.db,
      tenantId,
      provider: 'RAZORPAY',
      event: refundProcessed(p, razorpayServer.made[0]!),
    });
    const after = await t.db.payment.findUniqueOrThrow({ where: { id: p.id }, include: { refunds: true } });
    expect(after).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedMinor: 5000 });
    expect(after.refunds).toHaveLength(1);
  });
});

describe('two refunds at Razorpay under one receipt (a gateway that did not de-duplicate)', () => {
  it('are both on the books: the second its own row, flagged and audited, whichever way we hear of it', async () => {
    razorpayServer.honourKey = false;
    const p = await aCapturedRazorpayPayment();
    let clock = Date.now();
    const refund = () =>
      refundPayment({
        db: t.db,
        tenantId,
        paymentId: p.id,
        gateway: razorpay,
        amountMinor: 5000,
        idempotencyKey: 'start-failed:s1',
        now: () => new Date(clock),
      });

    await expect(refund()).rejects.toMatchObject({ code: 'UPSTREAM' });
    const [first] = razorpayServer.made;
    // The first refund's webhook arrives while the retry is due.
    await recordPaymentEvent({ db: t.db, tenantId, provider: 'RAZORPAY', event: refundProcessed(p, first!) });
    clock += 31_000;
    // The row is bound to rfnd_1x now, so nothing is resent for it.
    expect(await refund()).toMatchObject({ outcome: 'refunded', refundStatus: 'PROCESSED' });
    expect(razorpayServer.made).toHaveLength(1);

    // Another refund with our receipt (say, sent again by someone from an old log) shows up in a webhook.
    const ourRow = await t.db.refund.findFirstOrThrow({ where: { paymentId: p.id } });
    const second: Made = { id: 'rfnd_dup', amount: 5000, receipt: ourRow.id, key: null };
    const r = await recordPaymentEvent({ db: t.db, tenantId, provider: 'RAZORPAY', event: refundProcessed(p, second) });
    expect(r).toMatchObject({ outcome: 'applied', status: 'PARTIALLY_REFUNDED' });

    const rows = await t.db.refund.findMany({ where: { paymentId: p.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((x) => [x.providerRefundId, x.amountMinor, x.status, x.anomaly])).toEqual([
      ['rfnd_1x', 5000, 'PROCESSED', null],
      ['rfnd_dup', 5000, 'PROCESSED', 'DUPLICATE_AT_GATEWAY'],
    ]);
    const payment = await t.db.payment.findUniqueOrThrow({ where: { id: p.id } });
    expect(payment.refundedMinor).toBe(10000);
    const audits = await t.db.auditLog.findMany({
      where: { entityId: p.id, action: 'payment.refund_duplicate_at_gateway' },
    });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ providerRefundId: 'rfnd_dup', duplicateOfRefundId: ourRow.id });
  });

  it('the retry’s answer naming another refund than the webhook did is recorded as a second refund, flagged', async () => {
    razorpayServer.honourKey = false;
    const p = await aCapturedRazorpayPayment();
    let clock = Date.now();
    const refund = () =>
      refundPayment({
        db: t.db,
        tenantId,
        paymentId: p.id,
        gateway: razorpay,
        amountMinor: 5000,
        idempotencyKey: 'start-failed:s1',
        now: () => new Date(clock),
      });
    await expect(refund()).rejects.toMatchObject({ code: 'UPSTREAM' });
    clock += 31_000;
    // The retry goes out (Razorpay makes rfnd_2x) and, before its answer arrives, rfnd_1x's webhook
    // binds our row to rfnd_1x.
    razorpayServer.beforeAnswer = async () => {
      await recordPaymentEvent({
        db: t.db,
        tenantId,
        provider: 'RAZORPAY',
        event: refundProcessed(p, razorpayServer.made[0]!),
      });
    };
    await refund();
    const rows = await t.db.refund.findMany({ where: { paymentId: p.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((x) => [x.providerRefundId, x.status, x.anomaly])).toEqual([
      ['rfnd_1x', 'PROCESSED', null],
      ['rfnd_2x', 'PENDING', 'DUPLICATE_AT_GATEWAY'],
    ]);
    expect((await t.db.payment.findUniqueOrThrow({ where: { id: p.id } })).refundedMinor).toBe(5000);
    expect(
      await t.db.auditLog.count({ where: { entityId: p.id, action: 'payment.refund_duplicate_at_gateway' } }),
    ).toBe(1);
    expect(razorpayServer.made).toHaveLength(2);
  });
});
