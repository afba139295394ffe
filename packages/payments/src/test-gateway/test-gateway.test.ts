import { describe, expect, it } from 'vitest';
import { createTestGateway } from './test-gateway.ts';

const SECRET = 'test-gateway-secret-0123456789';

function setup(start = 1_800_000_000_000) {
  let clock = start;
  const gw = createTestGateway({ secret: SECRET, baseUrl: 'https://demo.voltpe.in/', now: () => clock });
  return { gw, advance: (ms: number) => (clock += ms) };
}

async function anOrder(gw: ReturnType<typeof setup>['gw'], amountMinor = 40000) {
  const created = await gw.createOrder({ amountMinor, currency: 'INR', receipt: 'pay-1' });
  if (created.checkout.kind !== 'redirect') throw new Error('expected redirect');
  const url = new URL(created.checkout.url);
  return { orderId: created.providerOrderId, url, token: url.searchParams.get('token')! };
}

describe('TestGateway', () => {
  it('sends the driver to the local approval page of this order', async () => {
    const { gw } = setup();
    const { orderId, url } = await anOrder(gw);
    expect(url.origin).toBe('https://demo.voltpe.in');
    expect(url.pathname).toBe(`/pay/test/${orderId}`);
  });

  it('approving emits authorized then captured for the order amount, and status follows', async () => {
    const { gw } = setup();
    const { orderId, token } = await anOrder(gw, 40000);
    const page = gw.readApprovalPage({ orderId, token })!;
    expect(page).toMatchObject({ orderId, amountMinor: 40000, currency: 'INR' });
    const r = gw.decide({ orderId, token: page.approveToken });
    expect(r.ok && r.events.map((e) => [e.type, e.amountMinor, e.providerOrderId])).toEqual([
      ['payment.authorized', 40000, orderId],
      ['payment.captured', 40000, orderId],
    ]);
    expect(await gw.fetchOrderStatus(orderId)).toMatchObject({ status: 'captured', paidMinor: 40000 });
  });

  it('declining emits one failed event', async () => {
    const { gw } = setup();
    const { orderId, token } = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId, token })!;
    const r = gw.decide({ orderId, token: page.declineToken });
    expect(r.ok && r.events.map((e) => e.type)).toEqual(['payment.failed']);
  });

  it('pressing approve twice yields the same event ids, so the second press counts for nothing', async () => {
    const { gw } = setup();
    const { orderId, token } = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId, token })!;
    const a = gw.decide({ orderId, token: page.approveToken });
    const b = gw.decide({ orderId, token: page.approveToken });
    expect(a.ok && a.events.map((e) => e.providerEventId)).toEqual(b.ok && b.events.map((e) => e.providerEventId));
  });

  it.each([
    ['the page (view) token used as a button', (p: { view: string }) => p.view, 'bad-token'],
    ['a tampered token', (p: { approve: string }) => p.approve.slice(0, -2) + 'xx', 'bad-token'],
  ])('refuses %s', async (_, pick, reason) => {
    const { gw } = setup();
    const { orderId, token } = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId, token })!;
    expect(gw.decide({ orderId, token: pick({ view: token, approve: page.approveToken }) })).toEqual({
      ok: false,
      reason,
    });
  });

  it('refuses a button token of another order', async () => {
    const { gw } = setup();
    const one = await anOrder(gw);
    const two = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId: one.orderId, token: one.token })!;
    expect(gw.decide({ orderId: two.orderId, token: page.approveToken })).toEqual({ ok: false, reason: 'wrong-order' });
  });

  it('refuses an expired token and one signed by another secret', async () => {
    const { gw, advance } = setup();
    const { orderId, token } = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId, token })!;
    const other = createTestGateway({ secret: 'another-secret-abcdefghij' });
    expect(other.readApprovalPage({ orderId, token })).toBeUndefined();
    advance(31 * 60_000);
    expect(gw.decide({ orderId, token: page.approveToken })).toEqual({ ok: false, reason: 'expired' });
  });

  it('its signed webhook verifies, and a tampered one does not', async () => {
    const { gw } = setup();
    const { orderId, token } = await anOrder(gw);
    const page = gw.readApprovalPage({ orderId, token })!;
    const r = gw.decide({ orderId, token: page.approveToken });
    if (!r.ok) throw new Error('decide failed');
    const verified = gw.verifyWebhook(r.webhook);
    expect(verified.ok && verified.events.map((e) => e.providerEventId)).toEqual(
      r.events.map((e) => e.providerEventId),
    );
    const tampered = r.webhook.rawBody.replace('"amountMinor":40000', '"amountMinor":4');
    expect(gw.verifyWebhook({ rawBody: tampered, headers: r.webhook.headers })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(gw.verifyWebhook({ rawBody: r.webhook.rawBody, headers: {} })).toMatchObject({
      ok: false,
      reason: 'missing-signature',
    });
  });

  it('refunds are immediate and idempotent per key', async () => {
    const { gw } = setup();
    const a = await gw.refund({ providerPaymentId: 'p', amountMinor: 100, idempotencyKey: 'k1' });
    const b = await gw.refund({ providerPaymentId: 'p', amountMinor: 100, idempotencyKey: 'k1' });
    expect(a).toMatchObject({ status: 'processed', amountMinor: 100 });
    expect(b.providerRefundId).toBe(a.providerRefundId);
  });

  it('will not start with a short secret', () => {
    expect(() => createTestGateway({ secret: 'short' })).toThrow();
  });
});
