import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRazorpayRouteClient, routeReference, type RazorpayRouteClient } from './razorpay-route.ts';
import { startFakeRoute, type FakeRoute } from './testing/razorpay-route-server.ts';

const CREDS = { keyId: 'rzp_test_route', keySecret: 'route-secret', webhookSecret: 'route-whsec' };
let rp: FakeRoute;
let client: RazorpayRouteClient;

beforeAll(async () => {
  rp = await startFakeRoute(CREDS);
  client = createRazorpayRouteClient({ ...CREDS, baseUrl: rp.url, retryDelaysMs: [10, 20, 40] });
});
afterAll(async () => {
  await rp.close();
});
beforeEach(() => {
  rp.requests.length = 0;
  rp.loseAnswers(0);
});

const HOLD = 1_796_000_000; // the week's close, epoch seconds

describe('Razorpay Route against a local server', () => {
  it('onboards a vendor as a linked account with its settlement bank account', async () => {
    const la = await client.createLinkedAccount({
      reference: routeReference('7f3c2a10-9b8e-4d61-a2f0-0c1d2e3f4a5b'),
      email: 'accounts@sunrise.example',
      phone: '9000090000',
      legalBusinessName: 'Sunrise Malls Pvt Ltd',
      businessType: 'private_limited',
      contactName: 'Asha Rao',
      category: 'housing',
      subcategory: 'space_rental',
      address: {
        street1: '12 MG Road',
        street2: 'Ashok Nagar',
        city: 'Bengaluru',
        state: 'KARNATAKA',
        postalCode: '560001',
        country: 'IN',
      },
      pan: 'AAACS1234K',
      settlement: { accountNumber: '765432123456789', ifsc: 'HDFC0000053', beneficiaryName: 'Sunrise Malls Pvt Ltd' },
    });
    expect(la).toMatchObject({ accountId: expect.stringMatching(/^acc_/), activationStatus: 'activated' });
    expect(
      rp.requests.map(
        (r) => `${r.method} ${r.path.replace(/\/products\/\w+/, '/products/:id').replace(/acc_\w+/g, ':acc')}`,
      ),
    ).toEqual([
      'POST /v2/accounts',
      'POST /v2/accounts/:acc/stakeholders',
      'POST /v2/accounts/:acc/products',
      'PATCH /v2/accounts/:acc/products/:id',
    ]);
    expect(rp.requests[0]?.json()).toMatchObject({
      type: 'route',
      reference_id: '7f3c2a109b8e4d61a2f0',
      legal_info: { pan: 'AAACS1234K' },
    });
    expect(rp.requests[3]?.json()).toEqual({
      settlements: {
        account_number: '765432123456789',
        ifsc_code: 'HDFC0000053',
        beneficiary_name: 'Sunrise Malls Pvt Ltd',
      },
      tnc_accepted: true,
    });
  });

  it('transfers shares out of a payment on hold, exactly once even when the answer is lost', async () => {
    rp.addPayment('pay_A1', 11_800);
    const shares = [
      { reference: 'VENDOR_SHARE:s1', account: 'acc_vendor1', amountMinor: 2_869, holdUntil: HOLD },
      { reference: 'OPERATOR_SHARE:s1', account: 'acc_operator', amountMinor: 6_860, holdUntil: null },
    ];
    rp.loseAnswers(1);
    const made = await client.transferFromPayment({ paymentId: 'pay_A1', transfers: shares });
    expect(made.map((t) => [t.reference, t.amountMinor, t.onHold])).toEqual([
      ['VENDOR_SHARE:s1', 2_869, true],
      ['OPERATOR_SHARE:s1', 6_860, true],
    ]);
    expect([...rp.transfers.values()].filter((t) => t.source === 'pay_A1')).toHaveLength(2);
    const posts = rp.requests.filter((r) => r.method === 'POST');
    expect(posts).toHaveLength(1); // the lookup after the lost answer found both: no second create
    expect(posts[0]?.json()).toEqual({
      transfers: [
        {
          account: 'acc_vendor1',
          amount: 2_869,
          currency: 'INR',
          notes: { magma_ref: 'VENDOR_SHARE:s1' },
          on_hold: true,
          on_hold_until: HOLD,
        },
        {
          account: 'acc_operator',
          amount: 6_860,
          currency: 'INR',
          notes: { magma_ref: 'OPERATOR_SHARE:s1' },
          on_hold: true,
        },
      ],
    });
    // Asked again (a retry of the whole job): the same transfers come back, nothing new is made.
    const again = await client.transferFromPayment({ paymentId: 'pay_A1', transfers: shares });
    expect(again.map((t) => t.transferId)).toEqual(made.map((t) => t.transferId));
    expect(rp.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('releases a hold when the week closes and reverses a vendor share on a refund', async () => {
    rp.addPayment('pay_B1', 5_000);
    const [t] = await client.transferFromPayment({
      paymentId: 'pay_B1',
      transfers: [{ reference: 'VENDOR_SHARE:s2', account: 'acc_vendor1', amountMinor: 1_500, holdUntil: null }],
    });
    const released = await client.releaseHold(t!.transferId);
    expect(released).toMatchObject({ onHold: false, settlementStatus: 'pending' });
    const posts = () => rp.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/reversals')).length;
    // The answer is lost after the reversal was made: the retry finds it by its reference.
    rp.loseAnswers(1);
    const rv = await client.reverseTransfer({ transferId: t!.transferId, amountMinor: 500, reference: 'rev-1' });
    expect(rv).toMatchObject({ amountMinor: 500, transferId: t!.transferId, reference: 'rev-1' });
    expect(rv.reversalId).toMatch(/^rvrsl_/);
    expect(posts()).toBe(1);
    expect(rp.transfers.get(t!.transferId)!.amount_reversed).toBe(500);
    // Asked again with the same reference: the same reversal, nothing taken twice.
    expect(
      (await client.reverseTransfer({ transferId: t!.transferId, amountMinor: 500, reference: 'rev-1' })).reversalId,
    ).toBe(rv.reversalId);
    expect(posts()).toBe(1);
    expect(await client.reversalsOf(t!.transferId)).toHaveLength(1);
    await expect(
      client.reverseTransfer({ transferId: t!.transferId, amountMinor: 1_001, reference: 'rev-2' }),
    ).rejects.toMatchObject({ code: 'REJECTED' });
  });

  it('refuses more than the payment, and duplicate references, before or at Razorpay', async () => {
    rp.addPayment('pay_C1', 1_000);
    await expect(
      client.transferFromPayment({
        paymentId: 'pay_C1',
        transfers: [{ reference: 'x', account: 'acc_v', amountMinor: 1_001, holdUntil: null }],
      }),
    ).rejects.toMatchObject({ code: 'REJECTED' });
    await expect(
      client.transferFromPayment({
        paymentId: 'pay_C1',
        transfers: [
          { reference: 'x', account: 'acc_v', amountMinor: 100, holdUntil: null },
          { reference: 'x', account: 'acc_v', amountMinor: 100, holdUntil: null },
        ],
      }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('reads signed transfer webhooks, refuses a forged one', async () => {
    rp.addPayment('pay_D1', 2_000);
    const [t] = await client.transferFromPayment({
      paymentId: 'pay_D1',
      transfers: [{ reference: 'VENDOR_SHARE:s3', account: 'acc_vendor1', amountMinor: 700, holdUntil: null }],
    });
    rp.transfers.get(t!.transferId)!.status = 'processed';
    const d = rp.webhook('transfer.processed', t!.transferId);
    const v = client.verifyWebhook(d);
    expect(v.ok && v.events.map((e) => [e.providerEventId, e.transfer.reference])).toEqual([
      [`${t!.transferId}:processed`, 'VENDOR_SHARE:s3'],
    ]);
    expect(client.verifyWebhook({ rawBody: d.rawBody.replace('700', '701'), headers: d.headers })).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
  });
});
