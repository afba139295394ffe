import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { parseCredentialKeys } from '@magma/payments';
import { startFakeRazorpayX, type FakeRazorpayX } from '@magma/payments/payouts-testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSettlementWeek } from '../settlements/close-week.ts';
import { aPaidSession, aTenantWithVendors } from '../settlements/settlements.fixtures.ts';
import { createSplitTerms } from '../settlements/split-terms.ts';
import { tenantScope, vendorScope } from '../tenancy/scope.ts';
import { createPayoutRun } from './create-payout-run.ts';
import {
  getPayoutRailSettings,
  openRailCredentials,
  rewrapPayoutRailAccounts,
  saveRazorpayXAccount,
  setPayoutRail,
  testRazorpayXAccount,
} from './payout-rail-account.ts';
import { handleRazorpayXPayoutWebhook } from './razorpayx-webhook.ts';
import { pollInFlightPayouts, submitQueuedPayouts } from './submit-payouts.ts';

// Payout runs on RazorpayX over real PostgreSQL and a local RazorpayX: a closed week's run queues
// its payouts, the worker's submission sends each once (a lost answer is sent again with the same
// key and makes one payout), signed webhooks move them forward once, a failed payout returns its
// money and the next week's run pays it, and a refused webhook changes nothing. Weeks close on
// Monday 00:00 Asia/Kolkata: week 1 ends 22 Nov 18:30Z, week 2 on 29 Nov 18:30Z.

const CREDS = {
  keyId: 'rzp_test_payouts1',
  keySecret: 'x-secret-0123456789',
  accountNumber: '7878780080316316',
  webhookSecret: 'x-webhook-secret-1',
};
const keyringSpec = `k1:${randomBytes(32).toString('base64')}`;
const keyring = parseCredentialKeys(keyringSpec);

let t: TestDatabase;
let rzpx: FakeRazorpayX;
let tenantId: string;
let vendorIds: [string, string];
const scope = () => tenantScope(tenantId);
const endpoints = () => ({ razorpayx: rzpx.url, retryDelaysMs: [5, 10] });
const submit = (at = '2026-11-23T06:05:00Z') =>
  submitQueuedPayouts({ db: t.db, keyring, endpoints: endpoints(), now: () => new Date(at) });
const webhook = (delivery: { rawBody: string; headers: Record<string, string> }) =>
  handleRazorpayXPayoutWebhook({ db: t.db, keyring, tenantId, ...delivery, now: new Date('2026-11-24T10:00:00Z') });
const payoutPosts = () => rzpx.requests.filter((r) => r.method === 'POST' && r.path === '/v1/payouts');

async function closeWeekWithSessions(at: Date, sessions: { vendor: number; costMinor: number }[], now: Date) {
  const w = await t.db.vendor.findMany({ where: { tenantId }, include: { sites: true, chargers: true } });
  for (const s of sessions) {
    const v = w.find((x) => x.id === vendorIds[s.vendor])!;
    await aPaidSession(t.db, {
      tenantId,
      vendorId: v.id,
      siteId: v.sites[0]!.id,
      chargerId: v.chargers[0]!.id,
      at,
      energyWh: 10_000,
      costMinor: s.costMinor,
      taxMinor: Math.round(s.costMinor * 0.18),
    });
  }
  await closeSettlementWeek({ db: t.db, tenantId, at, now });
  return t.db.settlementWeek.findFirstOrThrow({ where: { tenantId, weekStart: { lte: at }, weekEnd: { gt: at } } });
}

const netPayable = async (weekId: string, vendorId: string) =>
  Number(
    (await t.db.settlementStatement.findFirstOrThrow({ where: { weekId, vendorId, siteKey: '' } })).netPayableMinor,
  );

beforeAll(async () => {
  [t, rzpx] = await Promise.all([createTestDatabase({ max: 4 }), startFakeRazorpayX(CREDS)]);
  const w = await aTenantWithVendors(t.db, { vendors: 2, pans: ['ABCPE1234F', 'ABCPE1234G'] });
  tenantId = w.tenant.id;
  vendorIds = [w.vendors[0]!.vendor.id, w.vendors[1]!.vendor.id];
  await t.db.vendor.updateMany({
    where: { tenantId },
    data: { bankAccountName: 'Vendor Pvt Ltd', bankAccountNumber: '50100012345678', bankIfsc: 'HDFC0001234' },
  });
  for (const vendorId of vendorIds) {
    await createSplitTerms({
      db: t.db,
      scope: scope(),
      input: { vendorId, effectiveFrom: new Date('2026-01-01'), vendorShareBps: 7000 },
    });
  }
});
afterAll(async () => {
  await Promise.all([t?.drop(), rzpx?.close()]);
});

describe('the tenant’s RazorpayX account', () => {
  it('refuses the rail without a tested account, and never returns the secrets', async () => {
    await expect(setPayoutRail({ db: t.db, scope: scope(), keyring, input: { rail: 'RAZORPAYX' } })).rejects.toThrow(
      /Save your RazorpayX account/,
    );
    const view = await saveRazorpayXAccount({ db: t.db, scope: scope(), keyring, input: CREDS });
    expect(view).toMatchObject({ keyId: CREDS.keyId, secretHint: '•••• 6789', accountNumberHint: '•••• 6316' });
    const row = await t.db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId } });
    const stored = JSON.stringify(row);
    for (const secret of [CREDS.keySecret, CREDS.accountNumber, CREDS.webhookSecret]) {
      expect(stored).not.toContain(secret);
      expect(JSON.stringify(await getPayoutRailSettings({ db: t.db, scope: scope(), keyring }))).not.toContain(secret);
    }
    await expect(setPayoutRail({ db: t.db, scope: scope(), keyring, input: { rail: 'RAZORPAYX' } })).rejects.toThrow(
      /Test the RazorpayX account/,
    );
    expect(await testRazorpayXAccount({ db: t.db, scope: scope(), keyring, endpoints: endpoints() })).toMatchObject({
      ok: true,
    });
    const settings = await setPayoutRail({ db: t.db, scope: scope(), keyring, input: { rail: 'RAZORPAYX' } });
    expect(settings.rail).toBe('RAZORPAYX');
  });

  it('says when the key is wrong, and refuses vendors and staff', async () => {
    const other = await aTenantWithVendors(t.db, { vendors: 1 });
    const s = tenantScope(other.tenant.id);
    await saveRazorpayXAccount({ db: t.db, scope: s, keyring, input: { ...CREDS, keySecret: 'wrong-secret' } });
    expect(await testRazorpayXAccount({ db: t.db, scope: s, keyring, endpoints: endpoints() })).toEqual({
      ok: false,
      message: 'RazorpayX refused the key id or key secret',
    });
    for (const refused of [vendorScope(tenantId, vendorIds[0]), tenantScope(tenantId, 'OPERATOR_STAFF')]) {
      await expect(getPayoutRailSettings({ db: t.db, scope: refused, keyring })).rejects.toThrow();
      await expect(saveRazorpayXAccount({ db: t.db, scope: refused, keyring, input: CREDS })).rejects.toThrow();
    }
  });
});

describe('a week paid through RazorpayX', () => {
  let week1Id: string;

  it('queues the run’s payouts and sends each once, a lost answer included', async () => {
    const week = await closeWeekWithSessions(
      new Date('2026-11-18T06:00:00Z'),
      [
        { vendor: 0, costMinor: 600_000 },
        { vendor: 1, costMinor: 20_000 },
      ],
      new Date('2026-11-24T00:00:00Z'),
    );
    week1Id = week.id;
    const run = await createPayoutRun({
      db: t.db,
      scope: scope(),
      weekId: week.id,
      now: new Date('2026-11-23T06:00:00Z'),
    });
    expect(run).toMatchObject({ rail: 'RAZORPAYX', created: 2 });
    const queued = await t.db.payout.findMany({ where: { runId: run.runId } });
    expect(queued.map((p) => p.status)).toEqual(['QUEUED', 'QUEUED']);
    expect(rzpx.requests.filter((r) => r.method === 'POST')).toHaveLength(0);

    // The first payout's answer is lost three times (every retry of this attempt): it waits.
    rzpx.loseAnswers(3);
    expect(await submit()).toEqual({ submitted: 1, failed: 0, waiting: 1 });
    const waiting = await t.db.payout.findFirstOrThrow({ where: { runId: run.runId, providerPayoutId: null } });
    expect(waiting.lastSubmitError).toMatch(/answer was lost/);
    // A restarted worker sends it again with the same key and body: RazorpayX answers the one payout.
    expect(await submit()).toEqual({ submitted: 1, failed: 0, waiting: 0 });
    expect(await submit()).toEqual({ submitted: 0, failed: 0, waiting: 0 });

    expect(rzpx.payouts.size).toBe(2);
    const sent = await t.db.payout.findMany({ where: { runId: run.runId }, orderBy: { createdAt: 'asc' } });
    for (const p of sent) {
      expect(p).toMatchObject({ status: 'PROCESSING', lastSubmitError: null });
      const posts = payoutPosts().filter((r) => r.headers['x-payout-idempotency'] === p.id);
      expect(new Set(posts.map((r) => r.body.toString()))).toHaveProperty('size', 1);
      const at = rzpx.payouts.get(p.providerPayoutId!)!;
      expect(at).toMatchObject({ amount: Number(p.amountMinor), reference_id: p.id, mode: 'IMPS' });
      expect(at.amount).toBe(await netPayable(week.id, p.vendorId!));
      expect(at.narration).toBe('Settlement 2026 11 22');
    }
    // One contact and fund account per vendor, kept and reused.
    const funds = await t.db.vendorFundAccount.findMany({ where: { tenantId } });
    expect(funds.map((f) => f.providerFundAccountId)).toEqual([
      expect.stringMatching(/^fa_/),
      expect.stringMatching(/^fa_/),
    ]);
  });

  it('applies a signed webhook once: PAID with its UTR; duplicates and late ones change nothing', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[0] } });
    rzpx.setStatus(p.providerPayoutId!, 'processed', { utr: 'HDFCN52026112300001' });
    const processed = rzpx.webhook('payout.processed', p.providerPayoutId!);
    expect(await webhook(processed)).toEqual({ status: 200, body: { ok: true, applied: 1 } });
    expect(await webhook(processed)).toEqual({ status: 200, body: { ok: true, applied: 0 } });
    rzpx.setStatus(p.providerPayoutId!, 'processing');
    expect(await webhook(rzpx.webhook('payout.updated', p.providerPayoutId!))).toMatchObject({ status: 200 });
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: 'PROCESSED',
      utr: 'HDFCN52026112300001',
    });
    expect(await t.db.payoutEvent.count({ where: { payoutId: p.id, status: 'PROCESSED' } })).toBe(1);
  });

  it.each([
    [
      'a wrong signature',
      (d: { rawBody: string; headers: Record<string, string> }) => ({
        ...d,
        headers: { 'x-razorpay-signature': '0'.repeat(64) },
      }),
      401,
    ],
    ['no signature', (d: { rawBody: string; headers: Record<string, string> }) => ({ ...d, headers: {} }), 401],
    [
      'a changed body',
      (d: { rawBody: string; headers: Record<string, string> }) => ({
        ...d,
        rawBody: d.rawBody.replace('failed', 'processed'),
      }),
      401,
    ],
  ])('refuses %s and changes nothing', async (_name, tamper, status) => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[1] } });
    rzpx.setStatus(p.providerPayoutId!, 'failed', { reason: 'Beneficiary bank is offline' });
    const before = await t.db.payout.findUniqueOrThrow({ where: { id: p.id } });
    const r = await webhook(tamper(rzpx.webhook('payout.failed', p.providerPayoutId!)));
    expect(r.status).toBe(status);
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).toEqual(before);
  });

  it('a failed payout returns its money, and the next week’s run pays it', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[1] } });
    expect(await webhook(rzpx.webhook('payout.failed', p.providerPayoutId!))).toMatchObject({ status: 200 });
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: 'FAILED',
      failureReason: 'Beneficiary bank is offline',
    });
    expect(await t.db.journalEntry.count({ where: { tenantId, sourceKind: 'PAYOUT_FAILED' } })).toBe(1);
    // Running week 1 again pays nothing more: the returned money belongs to the next statement.
    expect(
      (await createPayoutRun({ db: t.db, scope: scope(), weekId: week1Id, now: new Date('2026-11-24T11:00:00Z') }))
        .created,
    ).toBe(0);

    const week2 = await closeWeekWithSessions(
      new Date('2026-11-25T06:00:00Z'),
      [{ vendor: 1, costMinor: 10_000 }],
      new Date('2026-12-01T00:00:00Z'),
    );
    const statement = await t.db.settlementStatement.findFirstOrThrow({
      where: { weekId: week2.id, vendorId: vendorIds[1], siteKey: '' },
    });
    // The returned payout is back in the week it came back in (an adjustment), so this statement pays it.
    expect(Number(statement.adjustmentsMinor)).toBe(Number(p.amountMinor));
    await createPayoutRun({ db: t.db, scope: scope(), weekId: week2.id, now: new Date('2026-11-30T06:00:00Z') });
    expect(await submit('2026-11-30T06:05:00Z')).toEqual({ submitted: 1, failed: 0, waiting: 0 });
    const again = await t.db.payout.findFirstOrThrow({
      where: { tenantId, vendorId: vendorIds[1], run: { weekId: week2.id } },
    });
    expect(Number(again.amountMinor)).toBe(Number(statement.netPayableMinor));
    expect(again.amountMinor).toBeGreaterThan(p.amountMinor);
    // Same vendor, same bank account: the fund account registered last week is reused.
    expect(rzpx.payouts.get(again.providerPayoutId!)!.fund_account_id).toBe(
      rzpx.payouts.get(p.providerPayoutId!)!.fund_account_id,
    );
    expect(rzpx.requests.filter((r) => r.path === '/v1/fund_accounts')).toHaveLength(2);
  });

  it('asks RazorpayX about a payout whose webhook never came, and applies the answer once', async () => {
    const p = await t.db.payout.findFirstOrThrow({
      where: { tenantId, vendorId: vendorIds[1], status: 'PROCESSING' },
    });
    rzpx.setStatus(p.providerPayoutId!, 'processed', { utr: 'HDFCN52026120100002' });
    const poll = (staleAfterMs: number) =>
      pollInFlightPayouts({ db: t.db, keyring, endpoints: endpoints(), staleAfterMs, now: () => new Date() });
    // Not quiet for long enough yet: nothing is asked.
    rzpx.requests.length = 0;
    expect(await poll(3_600_000)).toBe(0);
    expect(rzpx.requests).toHaveLength(0);
    expect(await poll(0)).toBe(1);
    expect(await poll(0)).toBe(0);
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: p.id } })).toMatchObject({
      status: 'PROCESSED',
      utr: 'HDFCN52026120100002',
    });
  });

  it('a payout RazorpayX can never take (under ₹1) fails and returns its money at once', async () => {
    const p = await t.db.payout.findFirstOrThrow({ where: { tenantId, vendorId: vendorIds[0] } });
    const tiny = await t.db.payout.create({
      data: {
        tenantId,
        runId: p.runId,
        vendorId: p.vendorId,
        amountMinor: 50,
        rail: 'RAZORPAYX',
        status: 'QUEUED',
        idempotencyKey: `test-tiny-${p.id}`,
      },
    });
    expect(await submit('2026-11-30T07:00:00Z')).toEqual({ submitted: 0, failed: 1, waiting: 0 });
    expect(await t.db.payout.findUniqueOrThrow({ where: { id: tiny.id } })).toMatchObject({
      status: 'FAILED',
      providerPayoutId: null,
    });
  });

  it('answers 404 at a tenant without a RazorpayX account, and 400 to a signed body that is not an event', async () => {
    const other = await aTenantWithVendors(t.db, { vendors: 1 });
    const d = rzpx.webhook('payout.processed', [...rzpx.payouts.keys()][0]!);
    expect((await handleRazorpayXPayoutWebhook({ db: t.db, keyring, tenantId: other.tenant.id, ...d })).status).toBe(
      404,
    );
    const { createHmac } = await import('node:crypto');
    const rawBody = '{"entity":"nope"}';
    const headers = { 'x-razorpay-signature': createHmac('sha256', CREDS.webhookSecret).update(rawBody).digest('hex') };
    expect((await webhook({ rawBody, headers })).status).toBe(400);
  });

  it('replacing the account with another business forgets the vendors registered with the old one', async () => {
    expect(await t.db.vendorFundAccount.count({ where: { tenantId, providerFundAccountId: { not: null } } })).toBe(2);
    await saveRazorpayXAccount({ db: t.db, scope: scope(), keyring, input: CREDS });
    expect(await t.db.vendorFundAccount.count({ where: { tenantId, providerFundAccountId: { not: null } } })).toBe(2);
    await saveRazorpayXAccount({
      db: t.db,
      scope: scope(),
      keyring,
      input: { ...CREDS, accountNumber: '4564563559247998' },
    });
    expect(await t.db.vendorFundAccount.count({ where: { tenantId, providerFundAccountId: { not: null } } })).toBe(0);
  });

  it('a key rotation re-wraps the sealed account, which then opens with the new key alone', async () => {
    const k2 = `k2:${randomBytes(32).toString('base64')}`;
    const rotated = parseCredentialKeys(`${k2},${keyringSpec}`);
    expect((await rewrapPayoutRailAccounts({ db: t.db, keyring: rotated })).rewrapped).toBeGreaterThan(0);
    const row = await t.db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId } });
    expect(row.kekId).toBe('k2');
    expect(openRailCredentials(parseCredentialKeys(k2), row).keySecret).toBe(CREDS.keySecret);
  });
});
