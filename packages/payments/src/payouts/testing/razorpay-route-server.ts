import { createHmac } from 'node:crypto';
import {
  basicAuth,
  startLocalServer,
  type LocalServer,
  type RecordedRequest,
  type Reply,
} from '../../testing/local-server.ts';

// A Razorpay Route stand-in on 127.0.0.1: linked-account onboarding, transfers from captured
// payments (never more than the payment), holds, reversals, and an armed fault that makes the
// transfers and then loses the answer.

type Transfer = {
  id: string;
  entity: 'transfer';
  status: 'pending' | 'processed' | 'failed';
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

export type FakeRoute = LocalServer & {
  transfers: Map<string, Transfer>;
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
      const total = b.transfers.reduce((s, t) => s + t.amount, 0) + mine.reduce((s, t) => s + t.amount, 0);
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
    if (req.method === 'POST' && (m = /^\/v1\/transfers\/(trf_\w+)\/reversals$/.exec(req.path))) {
      const t = transfers.get(m[1]!);
      if (!t) return err(400, 'The id provided does not exist');
      const { amount } = req.json() as { amount: number };
      if (amount > t.amount - t.amount_reversed)
        return err(400, 'The reversal amount is greater than the transfer amount');
      t.amount_reversed += amount;
      return {
        status: 200,
        json: { id: id('rvrsl'), entity: 'reversal', transfer_id: t.id, amount, currency: 'INR', created_at: 1 },
      };
    }
    return undefined;
  };
  const server = await startLocalServer(route);
  return Object.assign(server, {
    transfers,
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
