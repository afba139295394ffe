import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRazorpayXAccount, razorpayXCredentialsSchema } from './razorpayx-account.ts';
import { startFakeRazorpayX, type FakeRazorpayX } from './testing/razorpayx-server.ts';

const CREDS = {
  keyId: 'rzp_test_acc1',
  keySecret: 'secret-acc1',
  accountNumber: '2323230041626905',
  webhookSecret: 'w',
};
let rzpx: FakeRazorpayX;
beforeAll(async () => {
  rzpx = await startFakeRazorpayX(CREDS);
});
afterAll(async () => {
  await rzpx.close();
});

describe('checking a RazorpayX account', () => {
  it.each([
    ['the right key and account', {}, true, /accepted/],
    ['a wrong secret', { keySecret: 'nope' }, false, /refused the key/],
    ['another account number', { accountNumber: '999999999' }, false, /account number is invalid/],
  ])('%s', async (_name, patch, ok, message) => {
    const r = await checkRazorpayXAccount({ ...CREDS, ...patch, baseUrl: rzpx.url });
    expect(r.ok).toBe(ok);
    expect(r.message).toMatch(message);
  });

  it('sends a GET that moves no money, with Basic auth and the account number', async () => {
    rzpx.requests.length = 0;
    await checkRazorpayXAccount({ ...CREDS, baseUrl: rzpx.url });
    expect(rzpx.requests.map((r) => [r.method, r.path, r.query.get('account_number')])).toEqual([
      ['GET', '/v1/transactions', CREDS.accountNumber],
    ]);
  });

  it('says an unreachable RazorpayX is unreachable', async () => {
    const r = await checkRazorpayXAccount({ ...CREDS, baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 });
    expect(r).toEqual({ ok: false, message: expect.stringMatching(/unreachable/) });
  });

  it.each([
    [{ keyId: 'key_1' }, /rzp_test_ or rzp_live_/],
    [{ accountNumber: '12 34' }, /5 to 35 letters or digits/],
    [{ webhookSecret: '' }, /Webhook secret is required/],
  ])('refuses credentials %j', (patch, message) => {
    const r = razorpayXCredentialsSchema.safeParse({ ...CREDS, ...patch });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(message);
  });
});
