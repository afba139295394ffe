import {
  accountKey,
  splitSession,
  type JournalEntry,
  type PaymentFacts,
  type PricedSessionFacts,
  type SourceKind,
} from '@magma/ledger';
import { ledgerTermsOf, termsAt } from '../settlements/split-terms.ts';
import { accountOf, type Tx } from './ledger-accounts.ts';
import { minorOf } from './money-columns.ts';
import { postEntries } from './post-entries.ts';

export type PostSessionResult =
  { posted: true; entries: number } | { posted: false; reason: 'not-priced' | 'no-payment' | 'already-posted' };

/** The transaction's figures the split needs, as the settlement left them. */
export type SessionRow = {
  id: string;
  tenantId: string;
  vendorId: string | null;
  siteId: string | null;
  startedAt: Date;
  stoppedAt: Date | null;
  pricedAt: Date | null;
  energyWh: number;
  currency: string;
  costMinor: number | null;
  taxMinor: number | null;
  sponsorMinor: number | null;
  paymentId: string | null;
  /** The id token it was started with: an APP token is a driver's QR session, paid, never on account. */
  idToken: { type: string } | null;
};

export const sessionRowSelect = {
  id: true,
  tenantId: true,
  vendorId: true,
  siteId: true,
  startedAt: true,
  stoppedAt: true,
  pricedAt: true,
  energyWh: true,
  currency: true,
  costMinor: true,
  taxMinor: true,
  sponsorMinor: true,
  paymentId: true,
  idToken: { select: { type: true } },
} as const;

export type PaymentRow = {
  id: string;
  capturedMinor: number;
  gatewayFeeMinor: number | null;
  gatewayTaxMinor: number | null;
};

/** A priced transaction as the pure package's session facts. */
export function pricedFacts(tx: SessionRow): PricedSessionFacts | null {
  if (tx.pricedAt === null || tx.costMinor === null) return null;
  const subtotal = tx.costMinor;
  const tax = tx.taxMinor ?? 0;
  const total = subtotal + tax;
  const sponsor = Math.min(tx.sponsorMinor ?? 0, total);
  return {
    currency: tx.currency,
    subtotalMinor: subtotal,
    taxMinor: tax,
    totalMinor: total,
    sponsorMinor: sponsor,
    driverMinor: total - sponsor,
    energyMwh: tx.energyWh * 1000,
  };
}

/** The gateway's fee, before its GST: Razorpay reports `fee` including `tax`. */
export function paymentFacts(p: PaymentRow): PaymentFacts {
  const fee = p.gatewayFeeMinor ?? 0;
  const feeTax = Math.min(p.gatewayTaxMinor ?? 0, fee);
  return { id: p.id, capturedMinor: p.capturedMinor, gatewayFeeMinor: fee - feeTax, gatewayFeeTaxMinor: feeTax };
}

/** A session's entries, each carrying the id of the terms version it was split with. */
export type SessionEntries = { entries: (JournalEntry & { splitTermsId: string | null })[] };

/**
 * The entries of a settled session (payment, GST, vendor share, operator share, platform fee,
 * gateway fee), split with the terms effective when it started; or why it has none. A session the
 * driver owes for with no payment at all (an RFID or other id-token session, e.g. a fleet card) is
 * billed on account: the on-account receivable stands where the gateway would. A payment that
 * captured less than the driver's part has none (the driver settlement writes off the rest first).
 */
export async function sessionEntries({
  tx,
  transaction,
  payment,
  at,
  termsCache,
}: {
  tx: Tx;
  transaction: SessionRow;
  payment: PaymentRow | null;
  at: Date;
  termsCache?: TermsCache;
}): Promise<SessionEntries | { reason: 'not-priced' | 'no-payment' }> {
  const priced = pricedFacts(transaction);
  if (!priced) return { reason: 'not-priced' };
  const onAccount =
    priced.driverMinor > 0 && !payment && transaction.paymentId === null && transaction.idToken?.type !== 'APP';
  if (priced.driverMinor > 0 && !onAccount && (!payment || payment.capturedMinor < priced.driverMinor)) {
    return { reason: 'no-payment' };
  }
  const terms =
    transaction.vendorId === null
      ? null
      : await (termsCache ?? termsAt)(tx, {
          tenantId: transaction.tenantId,
          vendorId: transaction.vendorId,
          siteId: transaction.siteId,
          at: transaction.startedAt,
        });
  const split = splitSession({
    session: { id: transaction.id, vendorId: transaction.vendorId, siteId: transaction.siteId, priced },
    payment: payment && payment.capturedMinor > 0 ? paymentFacts(payment) : null,
    onAccount,
    terms: terms ? ledgerTermsOf(terms) : null,
    at: at.getTime(),
  });
  return { entries: split.entries.map((e) => ({ ...e, splitTermsId: terms?.id ?? null })) };
}

/**
 * Posts a settled session's entries in the caller's transaction. Idempotent: a session posted
 * before writes nothing.
 */
export async function postSessionSettlement({
  tx,
  transaction,
  payment,
  at,
  lastClosedWeekEnd,
  accountCache,
  termsCache,
}: {
  tx: Tx;
  transaction: SessionRow;
  payment: PaymentRow | null;
  /** When the session settled: the entries' date. */
  at: Date;
  lastClosedWeekEnd?: number | null;
  accountCache?: Map<string, string>;
  termsCache?: TermsCache;
}): Promise<PostSessionResult> {
  const made = await sessionEntries({ tx, transaction, payment, at, ...(termsCache ? { termsCache } : {}) });
  if ('reason' in made) return { posted: false, reason: made.reason };
  const n = await postEntries({
    tx,
    tenantId: transaction.tenantId,
    entries: made.entries,
    purpose: 'session-settled',
    transactionId: transaction.id,
    ...(lastClosedWeekEnd !== undefined ? { lastClosedWeekEnd } : {}),
    ...(accountCache ? { accountCache } : {}),
  });
  return n === 0 ? { posted: false, reason: 'already-posted' } : { posted: true, entries: n };
}

/** How terms are looked up (termsAt, or a caching wrapper of it when posting many sessions). */
export type TermsCache = typeof termsAt;

/**
 * Posts the session of an ended transaction once it is settled (reads it and its payment). Used by
 * the driver settlement, in its own database transaction, and by the week close's catch-up.
 */
export async function postTransactionSettlement({
  tx,
  transactionId,
  at,
}: {
  tx: Tx;
  transactionId: string;
  at: Date;
}): Promise<PostSessionResult> {
  const transaction = await tx.transaction.findUniqueOrThrow({
    where: { id: transactionId },
    select: sessionRowSelect,
  });
  const payment = transaction.paymentId
    ? await tx.payment.findUnique({
        where: { id: transaction.paymentId },
        select: { id: true, capturedMinor: true, gatewayFeeMinor: true, gatewayTaxMinor: true },
      })
    : null;
  return postSessionSettlement({ tx, transaction, payment, at });
}

export type PostPricedResult = PostSessionResult | { posted: false; reason: 'driver-session' };

/**
 * Posts a session nobody settles afterwards, when it is priced, in the pricing's own database
 * transaction: an RFID or other id-token session (billed on account when it has a price), or a free
 * one. A driver's QR session (paid, or a PIN) is left to the driver settlement, which posts it with
 * its payment and refunds. Idempotent: a session posts once, whoever posts it first.
 */
export async function postPricedTransaction({
  tx,
  transactionId,
  at,
}: {
  tx: Tx;
  transactionId: string;
  at: Date;
}): Promise<PostPricedResult> {
  const transaction = await tx.transaction.findUniqueOrThrow({
    where: { id: transactionId },
    select: sessionRowSelect,
  });
  if (transaction.paymentId !== null || transaction.idToken?.type === 'APP') {
    return { posted: false, reason: 'driver-session' };
  }
  const driver = await tx.driverSession.findFirst({ where: { transactionId }, select: { id: true } });
  if (driver) return { posted: false, reason: 'driver-session' };
  const first = await postSessionSettlement({ tx, transaction, payment: null, at });
  if (first.posted || first.reason !== 'already-posted') return first;
  const n = await postRepricedSession({ tx, transaction, at });
  return n > 0 ? { posted: true, entries: n } : first;
}

/** The session's own entries (not its refunds, adjustments or the week's withholding). */
const SESSION_KINDS: readonly SourceKind[] = [
  'DRIVER_PAYMENT',
  'ON_ACCOUNT_CHARGE',
  'SPONSOR_SHARE',
  'GST_ON_CHARGING',
  'VENDOR_SHARE',
  'OPERATOR_SHARE',
  'PLATFORM_FEE',
  'GATEWAY_FEE',
];

/**
 * A session priced again after it was posted (the charger's own stop arriving after the CSMS had
 * closed and priced the transaction on its estimate): posts, for each of the session's entry kinds,
 * the difference between the new split and everything posted for it so far, under the purpose
 * `session-repriced:<instant>`, so the ledger and the week's figures follow the new price. Nothing
 * when the price did not change. Returns the entries written.
 */
async function postRepricedSession({
  tx,
  transaction,
  at,
}: {
  tx: Tx;
  transaction: SessionRow;
  at: Date;
}): Promise<number> {
  const made = await sessionEntries({ tx, transaction, payment: null, at });
  if ('reason' in made) return 0;
  const posted = await tx.journalEntry.findMany({
    where: { tenantId: transaction.tenantId, transactionId: transaction.id, sourceKind: { in: [...SESSION_KINDS] } },
    select: {
      sourceKind: true,
      sourceId: true,
      currency: true,
      lines: { select: { amountMinor: true, account: { select: { kind: true, vendorId: true } } } },
    },
  });
  // Net per (entry kind, source id, account): what is posted, then what the new split says.
  const net = new Map<string, { kind: SourceKind; id: string; key: string; amount: number; currency: string }>();
  const add = (kind: SourceKind, id: string, key: string, amount: number, currency: string) => {
    const k = `${kind}|${id}|${key}`;
    const cur = net.get(k) ?? { kind, id, key, amount: 0, currency };
    cur.amount += amount;
    net.set(k, cur);
  };
  for (const e of posted) {
    for (const l of e.lines) {
      add(
        e.sourceKind as SourceKind,
        e.sourceId,
        accountKey(accountOf(l.account)),
        -minorOf(l.amountMinor),
        e.currency,
      );
    }
  }
  for (const e of made.entries) {
    for (const l of e.lines) add(e.source.kind, e.source.id, accountKey(l.account), l.amountMinor, l.currency);
  }
  const template = new Map(made.entries.map((e) => [`${e.source.kind}|${e.source.id}`, e]));
  const postedWh = await tx.journalEntry.aggregate({
    where: { tenantId: transaction.tenantId, transactionId: transaction.id, sourceKind: 'OPERATOR_SHARE' },
    _sum: { energyWh: true },
  });
  const energyDelta = (transaction.energyWh - (postedWh._sum.energyWh ?? 0)) * 1000;
  const diffs = new Map<string, JournalEntry & { splitTermsId: string | null }>();
  for (const d of net.values()) {
    if (d.amount === 0) continue;
    const k = `${d.kind}|${d.id}`;
    let e = diffs.get(k);
    if (!e) {
      const like = template.get(k) ?? made.entries.find((x) => x.source.kind === 'OPERATOR_SHARE')!;
      // The session is counted once, by its first posting: the correction carries only its energy.
      const energyMwh = d.kind === 'OPERATOR_SHARE' ? energyDelta : 0;
      e = {
        source: { kind: d.kind, id: d.id },
        effectiveAt: at.getTime(),
        vendorId: like.vendorId,
        siteId: like.siteId,
        sessionId: like.sessionId,
        memo: `session ${transaction.id} priced again`,
        lines: [],
        splitTermsId: like.splitTermsId,
        ...(energyMwh ? { session: { sessionId: transaction.id, energyMwh, count: 0 as const } } : {}),
      };
      diffs.set(k, e);
    }
    const [kind, vendorId] = d.key.split(':') as [string, string | undefined];
    e.lines.push({
      account: vendorId ? { kind: 'VENDOR_PAYABLE', vendorId } : accountOf({ kind, vendorId: null }),
      amountMinor: d.amount,
      currency: d.currency,
    });
  }
  const share = made.entries.find((x) => x.source.kind === 'OPERATOR_SHARE')!;
  if (energyDelta !== 0 && !diffs.has(`OPERATOR_SHARE|${share.source.id}`)) {
    // Only the energy changed (a free session): its correction, at zero, like the share it corrects.
    diffs.set(`OPERATOR_SHARE|${share.source.id}`, {
      ...share,
      effectiveAt: at.getTime(),
      memo: `session ${transaction.id} priced again`,
      lines: share.lines.map((l) => ({ ...l, amountMinor: 0 })),
      session: { sessionId: transaction.id, energyMwh: energyDelta, count: 0 },
    });
  }
  return postEntries({
    tx,
    tenantId: transaction.tenantId,
    entries: [...diffs.values()],
    purpose: `session-repriced:${at.getTime()}`,
    transactionId: transaction.id,
  });
}
