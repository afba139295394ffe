import { splitSession, type PaymentFacts, type PricedSessionFacts } from '@magma/ledger';
import { ledgerTermsOf, termsAt } from '../settlements/split-terms.ts';
import type { Tx } from './ledger-accounts.ts';
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

/**
 * Posts a settled session's split (payment, GST, vendor share, operator share, platform fee, gateway
 * fee) in the caller's transaction, with the split terms effective when the session started.
 * Idempotent: a session posted before writes nothing. A session the driver owes for without a
 * captured payment (billed on account) is not posted: the ledger has no receivable for it yet.
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
  /** `${vendorId}:${siteId}:${startedAt}`-independent cache of terms rows by id, for streams. */
  termsCache?: TermsCache;
}): Promise<PostSessionResult> {
  const priced = pricedFacts(transaction);
  if (!priced) return { posted: false, reason: 'not-priced' };
  if (priced.driverMinor > 0 && (!payment || payment.capturedMinor < priced.driverMinor)) {
    return { posted: false, reason: 'no-payment' };
  }
  const terms =
    transaction.vendorId === null
      ? null
      : await (termsCache ?? defaultTermsLookup)(tx, {
          tenantId: transaction.tenantId,
          vendorId: transaction.vendorId,
          siteId: transaction.siteId,
          at: transaction.startedAt,
        });
  const split = splitSession({
    session: { id: transaction.id, vendorId: transaction.vendorId, siteId: transaction.siteId, priced },
    payment: payment && payment.capturedMinor > 0 ? paymentFacts(payment) : null,
    terms: terms ? ledgerTermsOf(terms) : null,
    at: at.getTime(),
  });
  const n = await postEntries({
    tx,
    tenantId: transaction.tenantId,
    entries: split.entries,
    purpose: 'session-settled',
    transactionId: transaction.id,
    splitTermsId: terms?.id ?? null,
    ...(lastClosedWeekEnd !== undefined ? { lastClosedWeekEnd } : {}),
    ...(accountCache ? { accountCache } : {}),
  });
  return n === 0 ? { posted: false, reason: 'already-posted' } : { posted: true, entries: n };
}

export type TermsCache = typeof termsAt;
const defaultTermsLookup: TermsCache = termsAt;

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
