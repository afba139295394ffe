import { createHash, createHmac } from 'node:crypto';
import {
  basicAuth,
  startLocalServer,
  type LocalServer,
  type RecordedRequest,
  type Reply,
} from '../../testing/local-server.ts';
import type { PayoutStatus } from '../types.ts';

// A RazorpayX stand-in on 127.0.0.1 for tests: contacts, fund accounts and payouts with the
// documented shapes and rules (Basic auth, the mandatory X-Payout-Idempotency header, the same key
// with another body refused, the same key and body answered with the same payout), plus faults a
// test can arm: an answer lost after the payout was made, a 5xx before it was.

type Payout = {
  id: string;
  entity: 'payout';
  fund_account_id: string;
  amount: number;
  currency: string;
  fees: number;
  tax: number;
  status: PayoutStatus;
  utr: string | null;
  mode: string;
  purpose: string;
  reference_id: string | null;
  narration: string | null;
  notes: Record<string, string>;
  status_details: { description: string; source: string; reason: string } | null;
  created_at: number;
};

export type FakeRazorpayX = LocalServer & {
  payouts: Map<string, Payout>;
  /** Lose the answer to the next N payout creations (the payout is still made). */
  loseAnswers: (n: number) => void;
  /** Answer the next N payout creations with 503 before doing anything. */
  failWith5xx: (n: number) => void;
  /** Moves a payout to a state, as the bank's news would. */
  setStatus: (id: string, status: PayoutStatus, extra?: { utr?: string; reason?: string }) => Payout;
  /** A signed webhook delivery for the payout as it stands: body and headers. */
  webhook: (event: string, id: string) => { rawBody: string; headers: Record<string, string> };
};

const ERR = (status: number, description: string, field?: string): Reply => ({
  status,
  json: {
    error: {
      code: 'BAD_REQUEST_ERROR',
      description,
      source: 'business',
      step: null,
      reason: null,
      metadata: {},
      field,
    },
  },
});

export async function startFakeRazorpayX(opts: {
  keyId: string;
  keySecret: string;
  accountNumber: string;
  webhookSecret: string;
}): Promise<FakeRazorpayX> {
  const payouts = new Map<string, Payout>();
  const byKey = new Map<string, { bodyHash: string; id: string }>();
  const contacts = new Map<string, { id: string }>();
  const fundAccounts = new Map<string, { id: string; contact_id: string; account_type: string }>();
  let seq = 0;
  let lose = 0;
  let fail = 0;
  const id = (prefix: string) => `${prefix}_${String(++seq).padStart(14, '0')}`;

  const route = (req: RecordedRequest): Reply | undefined => {
    if (req.headers.authorization !== basicAuth(opts.keyId, opts.keySecret)) {
      return {
        status: 401,
        json: { error: { code: 'BAD_REQUEST_ERROR', description: 'The api key provided is invalid' } },
      };
    }
    if (req.method === 'POST' && req.path === '/v1/contacts') {
      const b = req.json() as { name?: string; reference_id?: string };
      if (!b.name) return ERR(400, 'The name field is required.', 'name');
      const key = JSON.stringify(b);
      let c = contacts.get(key);
      if (!c) contacts.set(key, (c = { id: id('cont') }));
      return { status: 201, json: { id: c.id, entity: 'contact', ...b, active: true, notes: [], created_at: 1 } };
    }
    if (req.method === 'POST' && req.path === '/v1/fund_accounts') {
      const b = req.json() as { contact_id?: string; account_type?: string };
      if (!b.contact_id || !b.account_type) return ERR(400, 'The contact id field is required.', 'contact_id');
      const key = JSON.stringify(b);
      let fa = fundAccounts.get(key);
      if (!fa) fundAccounts.set(key, (fa = { id: id('fa'), contact_id: b.contact_id, account_type: b.account_type }));
      return {
        status: 201,
        json: { ...fa, entity: 'fund_account', ...b, active: true, batch_id: null, created_at: 1 },
      };
    }
    if (req.method === 'POST' && req.path === '/v1/payouts') {
      if (fail > 0) {
        fail--;
        return {
          status: 503,
          json: {
            error: {
              code: 'SERVER_ERROR',
              description: 'We are facing some trouble completing your request at the moment.',
            },
          },
        };
      }
      const key = req.headers['x-payout-idempotency'];
      if (typeof key !== 'string' || !key) {
        return ERR(
          400,
          'Idempotency key is missing. Include idempotency header and key in the request.',
          'X-Payout-Idempotency',
        );
      }
      const bodyHash = createHash('sha256').update(req.body).digest('hex');
      const seen = byKey.get(key);
      if (seen && seen.bodyHash !== bodyHash)
        return ERR(400, 'Different request body sent for the same idempotency key');
      let p = seen ? payouts.get(seen.id) : undefined;
      if (!p) {
        const b = req.json() as Record<string, unknown>;
        if (b.account_number !== opts.accountNumber)
          return ERR(400, 'The account number is invalid.', 'account_number');
        if (typeof b.amount !== 'number' || b.amount < 100)
          return ERR(400, 'The amount must be at least INR 1.00.', 'amount');
        p = {
          id: id('pout'),
          entity: 'payout',
          fund_account_id: String(b.fund_account_id),
          amount: b.amount,
          currency: String(b.currency),
          fees: 0,
          tax: 0,
          status: 'processing',
          utr: null,
          mode: String(b.mode),
          purpose: String(b.purpose),
          reference_id: (b.reference_id as string) ?? null,
          narration: (b.narration as string) ?? null,
          notes: (b.notes as Record<string, string>) ?? {},
          status_details: null,
          created_at: 1_700_000_000 + seq,
        };
        payouts.set(p.id, p);
        byKey.set(key, { bodyHash, id: p.id });
      }
      if (lose > 0) {
        lose--;
        return { drop: true };
      }
      return { status: 200, json: p };
    }
    if (req.method === 'GET' && req.path === '/v1/transactions') {
      if (req.query.get('account_number') !== opts.accountNumber) {
        return ERR(400, 'The account number is invalid.', 'account_number');
      }
      return { status: 200, json: { entity: 'collection', count: 0, items: [] } };
    }
    const m = /^\/v1\/payouts\/([A-Za-z0-9_]+)$/.exec(req.path);
    if (req.method === 'GET' && m) {
      const p = payouts.get(m[1]!);
      return p
        ? { status: 200, json: p }
        : {
            status: 404,
            json: { error: { code: 'BAD_REQUEST_ERROR', description: 'The id provided does not exist' } },
          };
    }
    return undefined;
  };

  const server = await startLocalServer(route);
  return Object.assign(server, {
    payouts,
    loseAnswers: (n: number) => void (lose = n),
    failWith5xx: (n: number) => void (fail = n),
    setStatus(pid: string, status: PayoutStatus, extra: { utr?: string; reason?: string } = {}) {
      const p = payouts.get(pid);
      if (!p) throw new Error(`no payout ${pid}`);
      p.status = status;
      if (extra.utr) p.utr = extra.utr;
      if (status === 'processing' || status === 'processed') {
        p.fees = 590;
        p.tax = 90;
      }
      p.status_details = extra.reason
        ? { description: extra.reason, source: 'beneficiary_bank', reason: 'bank_failure' }
        : null;
      return p;
    },
    webhook(event: string, pid: string) {
      const p = payouts.get(pid);
      if (!p) throw new Error(`no payout ${pid}`);
      const rawBody = JSON.stringify({
        entity: 'event',
        account_id: 'acc_00000000000001',
        event,
        contains: ['payout'],
        payload: { payout: { entity: p } },
        created_at: 1_700_000_100,
      });
      return {
        rawBody,
        headers: { 'x-razorpay-signature': createHmac('sha256', opts.webhookSecret).update(rawBody).digest('hex') },
      };
    },
  });
}
