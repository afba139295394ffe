import { createHmac } from 'node:crypto';
import {
  basicAuth,
  startLocalServer,
  type LocalServer,
  type RecordedRequest,
  type Reply,
} from '../../testing/local-server.ts';

// A Razorpay Route stand-in on 127.0.0.1: linked-account onboarding, transfers from captured
// payments (never more than the payment), holds, reversals (listed per transfer, with their
// notes), and armed faults that make the transfers or the reversal and then lose the answer.

type Transfer = {
  id: string;
  entity: 'transfer';
  status: 'pending' | 'processed' | 'failed' | 'partially_reversed' | 'reversed';
  source: string;
  recipient: string;
  amount: number;
  currency: 'INR';
  amount_reversed: number;
  notes: Record<string, string>;
  on_hold: boolean;
  on_hold_until: number | null;
  settlement_status: 'on_hold' | 'pending' | 'settled';
  created_at: number;
};

type Reversal = {
  id: string;
  entity: 'reversal';
  transfer_id: string;
  amount: number;
  fee: number;
  tax: number;
  currency: 'INR';
  notes: Record<string, string> | [];
  initiator_id: string;
  customer_refund_id: string | null;
  utr: string | null;
  created_at: number;
};

export type FakeRoute = LocalServer & {
  transfers: Map<string, Transfer>;
  reversals: Reversal[];
  /** The linked account's settlement paid the transfer to its bank (it can no longer be held). */
  settle: (transferId: string) => void;
  /** A captured payment transfers can be made from. */
  addPayment: (id: string, amountMinor: number) => void;
  loseAnswers: (n: number) => void;
  webhook: (event: string, transferId: string) => { rawBody: string; headers: Record<string, string> };
};

const err = (status: number, description: string): Reply => ({
  status,
  json: {
    error: { code: 'BAD_REQUEST_ERROR', description, source: 'business', step: null, reason: null, metadata: {} },
  },
});

export async function startFakeRoute(opts: {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
}): Promise<FakeRoute> {
  const payments = new Map<string, number>();
  const transfers = new Map<string, Transfer>();
  const reversals: Reversal[] = [];
  let seq = 0;
  let lose = 0;
  const id = (p: string) => `${p}_${String(++seq).padStart(14, '0')}`;
  const route = (req: RecordedRequest): Reply | undefined => {
    if (req.headers.authorization !== basicAuth(opts.keyId, opts.keySecret))
      return err(401, 'The api key provided is invalid');
    let m: RegExpExecArray | null;
    if (req.method === 'POST' && req.path === '/v2/accounts') {
      const b = req.json() as Record<string, unknown>;
      if (b.type !== 'route' || typeof b.reference_id !== 'string' || b.reference_id.length > 20)
        return err(400, 'Invalid account');
      return { status: 200, json: { id: id('acc'), type: 'route', status: 'created', ...b, created_at: 1 } };
    }
    if (req.method === 'POST' && (m = /^\/v2\/accounts\/(acc_\w+)\/stakeholders$/.exec(req.path))) {
      return { status: 200, json: { entity: 'stakeholder', id: id('sth'), ...(req.json() as object) } };
    }
    if (req.method === 'POST' && (m = /^\/v2\/accounts\/(acc_\w+)\/products$/.exec(req.path))) {
      return {
        status: 200,
        json: { id: id('acc_prd'), account_id: m[1], product_name: 'route', activation_status: 'requested' },
      };
    }
    if (req.method === 'PATCH' && (m = /^\/v2\/accounts\/(acc_\w+)\/products\/(\w+)$/.exec(req.path))) {
      return {
        status: 200,
        json: { id: m[2], account_id: m[1], product_name: 'route', activation_status: 'activated' },
      };
    }
    if ((m = /^\/v1\/payments\/(\w+)\/transfers$/.exec(req.path))) {
      const pid = m[1]!;
      const amount = payments.get(pid);
      if (amount === undefined) return err(400, 'The id provided does not exist');
      const mine = [...transfers.values()].filter((t) => t.source === pid);
      if (req.method === 'GET') return { status: 200, json: { entity: 'collection', count: mine.length, items: mine } };
      const b = req.json() as {
        transfers: {
          account: string;
          amount: number;
          notes?: Record<string, string>;
          on_hold?: boolean;
          on_hold_until?: number;
        }[];
      };
      // A failed transfer moved nothing, a reversed part came back: neither counts against the payment.
      const standing = mine.filter((t) => t.status !== 'failed').reduce((s, t) => s + t.amount - t.amount_reversed, 0);
      const total = b.transfers.reduce((s, t) => s + t.amount, 0) + standing;
      if (total > amount)
        return err(400, 'The sum of amount requested for transfer is greater than the captured amount');
      const made = b.transfers.map((t) => {
        const tr: Transfer = {
          id: id('trf'),
          entity: 'transfer',
          status: 'pending',
          source: pid,
          recipient: t.account,
          amount: t.amount,
          currency: 'INR',
          amount_reversed: 0,
          notes: t.notes ?? {},
          on_hold: t.on_hold ?? false,
          on_hold_until: t.on_hold_until ?? null,
          settlement_status: t.on_hold ? 'on_hold' : 'pending',
          created_at: 1,
        };
        transfers.set(tr.id, tr);
        return tr;
      });
      if (lose > 0) {
        lose--;
        return { drop: true };
      }
      return { status: 200, json: { entity: 'collection', count: made.length, items: made } };
    }
    if (req.method === 'PATCH' && (m = /^\/v1\/transfers\/(trf_\w+)$/.exec(req.path))) {
      const t = transfers.get(m[1]!);
      if (!t) return err(400, 'The id provided does not exist');
      const b = req.json() as { on_hold: boolean; on_hold_until?: number };
      t.on_hold = b.on_hold;
      t.on_hold_until = b.on_hold_until ?? null;
      t.settlement_status = b.on_hold ? 'on_hold' : 'pending';
      return { status: 200, json: t };
    }
    if ((m = /^\/v1\/transfers\/(trf_\w+)\/reversals$/.exec(req.path))) {
      const t = transfers.get(m[1]!);
      if (!t) return err(400, 'The id provided does not exist');
      if (req.method === 'GET') {
        const mine = reversals.filter((r) => r.transfer_id === t.id);
        return { status: 200, json: { entity: 'collection', count: mine.length, items: mine } };
      }
      if (req.method !== 'POST') return undefined;
      const b = req.json() as { amount?: number; notes?: Record<string, string> };
      const amount = b.amount ?? t.amount - t.amount_reversed;
      if (!Number.isInteger(amount) || amount < 1) return err(400, 'The amount must be atleast INR 0.01');
      if (amount > t.amount - t.amount_reversed)
        return err(400, 'The reversal amount is greater than the transfer amount');
      t.amount_reversed += amount;
      t.status = t.amount_reversed === t.amount ? 'reversed' : 'partially_reversed';
      const rv: Reversal = {
        id: id('rvrsl'),
        entity: 'reversal',
        transfer_id: t.id,
        amount,
        fee: 0,
        tax: 0,
        currency: 'INR',
        notes: b.notes ?? [],
        initiator_id: 'Ghri4beeOuMTAb',
        customer_refund_id: null,
        utr: null,
        created_at: 1,
      };
      reversals.push(rv);
      if (lose > 0) {
        lose--;
        return { drop: true };
      }
      return { status: 200, json: rv };
    }
    return undefined;
  };
  const server = await startLocalServer(route);
  return Object.assign(server, {
    transfers,
    reversals,
    settle(transferId: string) {
      const t = transfers.get(transferId);
      if (!t) throw new Error(`no transfer ${transferId}`);
      t.on_hold = false;
      t.settlement_status = 'settled';
    },
    addPayment: (pid: string, amountMinor: number) => void payments.set(pid, amountMinor),
    loseAnswers: (n: number) => void (lose = n),
    webhook(event: string, transferId: string) {
      const t = transfers.get(transferId);
      if (!t) throw new Error(`no transfer ${transferId}`);
      const rawBody = JSON.stringify({
        entity: 'event',
        account_id: 'acc_00000000000001',
        event,
        contains: ['transfer'],
        payload: { transfer: { entity: t } },
        created_at: 2,
      });
      return {
        rawBody,
        headers: { 'x-razorpay-signature': createHmac('sha256', opts.webhookSecret).update(rawBody).digest('hex') },
      };
    },
  });
}
