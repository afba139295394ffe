import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PaymentError } from '../errors.ts';
import { basicAuth } from '../testing/local-server.ts';
import { createRazorpayXProvider } from './razorpayx-provider.ts';
import { startFakeRazorpayX, type FakeRazorpayX } from './testing/razorpayx-server.ts';
import { transitionPayout } from './transitions.ts';
import type { Beneficiary, PayoutEvent, PayoutProvider, PayoutRequest, PayoutStatus } from './types.ts';

const CREDS = {
  keyId: 'rzp_test_x1',
  keySecret: 'secret-x1',
  accountNumber: '7878780080316316',
  webhookSecret: 'whsec-x1',
};

let rzpx: FakeRazorpayX;
let provider: PayoutProvider;

beforeAll(async () => {
  rzpx = await startFakeRazorpayX(CREDS);
  provider = createRazorpayXProvider({ ...CREDS, baseUrl: rzpx.url, retryDelaysMs: [10, 20, 40] });
});
afterAll(async () => {
  await rzpx.close();
});
beforeEach(() => {
  rzpx.requests.length = 0;
  rzpx.loseAnswers(0);
  rzpx.failWith5xx(0);
});

const vendor: Beneficiary = {
  reference: 'vendor-7',
  name: 'Sunrise Malls',
  email: 'accounts@sunrise.example',
  account: {
    kind: 'bank_account',
    holderName: 'Sunrise Malls Pvt Ltd',
    ifsc: 'HDFC0000053',
    accountNumber: '765432123456789',
  },
};

let n = 0;
const aPayout = (p: Partial<PayoutRequest> = {}): PayoutRequest => ({
  idempotencyKey: `0b6f8a4e-1c1d-4f7e-9a55-${String(++n).padStart(12, '0')}`,
  beneficiary: vendor,
  amountMinor: 279_700,
  currency: 'INR',
  mode: 'NEFT',
  narration: 'Magma payout week 2026 11 23',
  ...p,
});

const payoutPosts = () => rzpx.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payouts');

describe('RazorpayX payouts against a local server', () => {
  it('registers a vendor as a contact and a bank fund account, the same ids when repeated', async () => {
    const a = await provider.registerBeneficiary(vendor);
    const b = await provider.registerBeneficiary(vendor);
    expect(a).toEqual(b);
    expect(a.contactId).toMatch(/^cont_/);
    expect(a.fundAccountId).toMatch(/^fa_/);
    const [contact, fa] = rzpx.requests;
    expect(contact?.json()).toEqual({
      name: 'Sunrise Malls',
      email: 'accounts@sunrise.example',
      type: 'vendor',
      reference_id: 'vendor-7',
    });
    expect(fa?.json()).toEqual({
      contact_id: a.contactId,
      account_type: 'bank_account',
      bank_account: { name: 'Sunrise Malls Pvt Ltd', ifsc: 'HDFC0000053', account_number: '765432123456789' },
    });
  });

  it('creates a payout with Basic auth, the idempotency header and the documented body', async () => {
    const { fundAccountId } = await provider.registerBeneficiary(vendor);
    rzpx.requests.length = 0;
    const req = aPayout({ fundAccountId });
    const r = await provider.createPayout(req);
    expect(r).toMatchObject({
      status: 'processing',
      amountMinor: 279_700,
      reference: req.idempotencyKey,
      fundAccountId,
      utr: null,
    });
    const [post] = payoutPosts();
    expect(post?.headers.authorization).toBe(basicAuth(CREDS.keyId, CREDS.keySecret));
    expect(post?.headers['x-payout-idempotency']).toBe(req.idempotencyKey);
    expect(post?.json()).toEqual({
      account_number: CREDS.accountNumber,
      fund_account_id: fundAccountId,
      amount: 279_700,
      currency: 'INR',
      mode: 'NEFT',
      purpose: 'payout',
      queue_if_low_balance: true,
      reference_id: req.idempotencyKey,
      narration: 'Magma payout week 2026 11 23',
      notes: {},
    });
    expect((await provider.fetchPayout(r.providerPayoutId)).providerPayoutId).toBe(r.providerPayoutId);
  });

  it('a lost answer is retried with the same key and body, and makes one payout', async () => {
    const before = rzpx.payouts.size;
    rzpx.loseAnswers(2);
    const r = await provider.createPayout(aPayout());
    expect(rzpx.payouts.size).toBe(before + 1);
    const posts = payoutPosts();
    expect(posts).toHaveLength(3);
    expect(new Set(posts.map((p) => p.body)).size).toBe(1);
    expect(new Set(posts.map((p) => p.headers['x-payout-idempotency'])).size).toBe(1);
    expect(rzpx.payouts.get(r.providerPayoutId)?.amount).toBe(279_700);
  });

  it('after a crash the caller asks again with the same key: still one payout, the same id', async () => {
    const req = aPayout();
    rzpx.loseAnswers(4); // more than the provider's own retries: the first call gives up
    await expect(provider.createPayout(req)).rejects.toMatchObject({ code: 'UPSTREAM' });
    const made = [...rzpx.payouts.values()].filter((p) => p.reference_id === req.idempotencyKey);
    expect(made).toHaveLength(1);
    const again = await provider.createPayout(req);
    expect(again.providerPayoutId).toBe(made[0]?.id);
    expect([...rzpx.payouts.values()].filter((p) => p.reference_id === req.idempotencyKey)).toHaveLength(1);
  });

  it('a 5xx before anything happened is retried; a changed body under the same key is refused', async () => {
    rzpx.failWith5xx(1);
    const req = aPayout();
    const r = await provider.createPayout(req);
    expect(payoutPosts()).toHaveLength(2);
    const err = await provider.createPayout({ ...req, amountMinor: req.amountMinor + 1 }).catch((e: unknown) => e);
    expect(PaymentError.is(err) && err.code).toBe('REJECTED');
    expect([...rzpx.payouts.values()].filter((p) => p.reference_id === req.idempotencyKey).map((p) => p.id)).toEqual([
      r.providerPayoutId,
    ]);
  });

  it.each([
    [
      'an IFSC that is not one',
      aPayout({
        beneficiary: { ...vendor, account: { ...vendor.account, ifsc: 'HDFC000053' } as Beneficiary['account'] },
      }),
    ],
    ['UPI to a bank account', aPayout({ mode: 'UPI' })],
    ['a narration with punctuation', aPayout({ narration: 'Payout; week 48' })],
    ['less than ₹1', aPayout({ amountMinor: 99 })],
    ['a key with a slash', aPayout({ idempotencyKey: 'week/48/vendor-7' })],
  ])('refuses %s before sending anything', async (_, req) => {
    await expect(provider.createPayout(req)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(rzpx.requests).toHaveLength(0);
  });

  it('wrong keys are a refusal, not a retry', async () => {
    const wrong = createRazorpayXProvider({ ...CREDS, keySecret: 'nope', baseUrl: rzpx.url, retryDelaysMs: [10] });
    await expect(wrong.registerBeneficiary(vendor)).rejects.toMatchObject({ code: 'REJECTED', status: 401 });
    expect(rzpx.requests).toHaveLength(1);
  });
});

describe('RazorpayX payout webhooks', () => {
  async function aPaidOut() {
    const r = await provider.createPayout(aPayout());
    return r.providerPayoutId;
  }
  const events = (d: { rawBody: string; headers: Record<string, string> }): PayoutEvent[] => {
    const v = provider.verifyWebhook(d);
    if (!v.ok) throw new Error(v.message);
    return v.events;
  };

  it('reads a signed payout.processed with its UTR, and refuses a bad or missing signature', async () => {
    const id = await aPaidOut();
    rzpx.setStatus(id, 'processed', { utr: 'HDFCN00000000001' });
    const d = rzpx.webhook('payout.processed', id);
    expect(events(d)).toEqual([
      expect.objectContaining({
        providerEventId: `${id}:processed`,
        providerPayoutId: id,
        status: 'processed',
        utr: 'HDFCN00000000001',
        amountMinor: 279_700,
      }),
    ]);
    expect(
      provider.verifyWebhook({ rawBody: d.rawBody.replace('279700', '279701'), headers: d.headers }),
    ).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(provider.verifyWebhook({ rawBody: d.rawBody, headers: {} })).toMatchObject({
      ok: false,
      reason: 'missing-signature',
    });
    expect(
      provider.verifyWebhook({ rawBody: '{"entity":"event"}', headers: rzpx.webhook('payout.processed', id).headers }),
    ).toMatchObject({ ok: false });
  });

  it('duplicate and out-of-order deliveries: the state never goes back, a reversal returns the money once', async () => {
    const id = await aPaidOut();
    rzpx.setStatus(id, 'processing');
    const initiated = rzpx.webhook('payout.initiated', id);
    rzpx.setStatus(id, 'processed', { utr: 'HDFCN00000000002' });
    const processed = rzpx.webhook('payout.processed', id);
    rzpx.setStatus(id, 'reversed', { reason: 'Beneficiary account is closed' });
    const reversed = rzpx.webhook('payout.reversed', id);
    // Delivered: reversed, processed, reversed again, initiated (late).
    const seen = new Set<string>();
    let status: PayoutStatus = 'processing';
    const effects: string[] = [];
    for (const d of [reversed, processed, reversed, initiated]) {
      for (const ev of events(d)) {
        if (seen.has(ev.providerEventId)) continue; // the store's unique (provider, event id)
        seen.add(ev.providerEventId);
        const t = transitionPayout(status, ev.status);
        status = t.status;
        effects.push(t.effect);
      }
    }
    expect(status).toBe('reversed');
    expect(effects.filter((e) => e === 'returned')).toHaveLength(1);
    expect(events(reversed)[0]?.failureReason).toBe('Beneficiary account is closed');
  });

  it('a failed payout (bank down past the SLA) returns the money', async () => {
    const id = await aPaidOut();
    rzpx.setStatus(id, 'failed', { reason: 'Beneficiary bank is down' });
    const [ev] = events(rzpx.webhook('payout.failed', id));
    expect(ev).toMatchObject({ status: 'failed', failureReason: 'Beneficiary bank is down' });
    expect(transitionPayout('processing', 'failed')).toEqual({ status: 'failed', applied: true, effect: 'returned' });
  });

  it('ignores events that are not about payouts', () => {
    const rawBody = JSON.stringify({ entity: 'event', event: 'transaction.created', payload: {} });
    const headers = { 'x-razorpay-signature': signed(rawBody) };
    expect(provider.verifyWebhook({ rawBody, headers })).toEqual({ ok: true, events: [] });
  });
});

function signed(body: string): string {
  return createHmac('sha256', CREDS.webhookSecret).update(body).digest('hex');
}
