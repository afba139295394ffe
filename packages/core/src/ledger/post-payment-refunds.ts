import {
  refundFailed,
  refundSession,
  refundUnapplied,
  splitSession,
  type JournalEntry,
  type SourceKind,
} from '@magma/ledger';
import { ledgerTermsOf } from '../settlements/split-terms.ts';
import { accountOf, type Tx } from './ledger-accounts.ts';
import { minorOf } from './money-columns.ts';
import { postEntries } from './post-entries.ts';
import { paymentFacts, pricedFacts, sessionRowSelect } from './post-session-settlement.ts';

/**
 * Posts the refunds of a session's payment that the gateway accepted and the ledger has not seen:
 * first out of what the driver prepaid beyond the price (UNAPPLIED_REFUND), the rest as a refund of
 * the session's revenue, which reverses the same fraction of its split (REFUND); and undoes a posted
 * refund the gateway failed afterwards (REFUND_FAILED). Each refund row (one per gateway refund id)
 * posts once, whether the operator's action or a webhook brought it. Never edits an entry; a refund
 * after the week closed is booked into the open week. Does nothing until the session itself is
 * posted (its settlement posts the refunds made before it). Idempotent.
 */
export async function postPaymentRefunds({ tx, paymentId, at }: { tx: Tx; paymentId: string; at: Date }) {
  const payment = await tx.payment.findUnique({
    where: { id: paymentId },
    select: {
      id: true,
      tenantId: true,
      capturedMinor: true,
      gatewayFeeMinor: true,
      gatewayTaxMinor: true,
      transaction: { select: sessionRowSelect },
      refunds: { orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] },
    },
  });
  const transaction = payment?.transaction;
  if (!payment || !transaction) return 0;
  const posted = await tx.journalEntry.findMany({
    where: { tenantId: payment.tenantId, transactionId: transaction.id },
    select: {
      sourceKind: true,
      sourceId: true,
      splitTermsId: true,
      vendorId: true,
      siteId: true,
      currency: true,
      memo: true,
      occurredAt: true,
      lines: {
        orderBy: { id: 'asc' },
        select: { amountMinor: true, account: { select: { kind: true, vendorId: true } } },
      },
    },
  });
  const settled = posted.find((e) => e.sourceKind === 'OPERATOR_SHARE');
  const priced = pricedFacts(transaction);
  if (!settled || !priced) return 0;
  const terms = settled.splitTermsId ? await tx.splitTerms.findUnique({ where: { id: settled.splitTermsId } }) : null;
  const { summary } = splitSession({
    session: { id: transaction.id, vendorId: transaction.vendorId, siteId: transaction.siteId, priced },
    payment: paymentFacts(payment),
    terms: terms ? ledgerTermsOf(terms) : null,
    at: at.getTime(),
  });
  // A refund entry credits the gateway clearing account with the amount that went back.
  // (A failed refund's reversal debits it back, so it counts against its refund.)
  const refunded = (...kinds: string[]) =>
    posted
      .filter((e) => kinds.includes(e.sourceKind))
      .flatMap((e) => e.lines)
      .reduce((n, l) => (l.account.kind === 'GATEWAY_CLEARING' ? n - minorOf(l.amountMinor) : n), 0);
  const seen = new Set(posted.map((e) => `${e.sourceKind}:${e.sourceId}`));
  let unappliedLeft = summary.unappliedMinor - refunded('UNAPPLIED_REFUND', 'UNAPPLIED_REFUND_FAILED');
  let revenueBefore = refunded('REFUND', 'REFUND_FAILED');
  const entries: JournalEntry[] = [];
  for (const r of payment.refunds) {
    if (r.status === 'FAILED') {
      for (const kind of ['REFUND', 'UNAPPLIED_REFUND'] as const) {
        const original = posted.find((e) => e.sourceKind === kind && e.sourceId === r.id);
        if (!original || seen.has(`${kind}_FAILED:${r.id}`)) continue;
        const undo = refundFailed(asEntry(original, transaction.id), at.getTime());
        entries.push(undo);
        const back = undo.lines.reduce((n, l) => (l.account.kind === 'GATEWAY_CLEARING' ? n + l.amountMinor : n), 0);
        if (kind === 'REFUND') revenueBefore -= back;
        else unappliedLeft += back;
      }
      continue;
    }
    const accepted = r.status === 'PROCESSED' || (r.status === 'PENDING' && r.providerRefundId !== null);
    if (!accepted || seen.has(`UNAPPLIED_REFUND:${r.id}`) || seen.has(`REFUND:${r.id}`)) continue;
    const unapplied = Math.max(0, Math.min(r.amountMinor, unappliedLeft));
    const revenue = Math.min(r.amountMinor - unapplied, summary.driverMinor - revenueBefore);
    const dims = { sessionId: transaction.id, siteId: transaction.siteId, vendorId: transaction.vendorId };
    if (unapplied > 0) {
      entries.push(
        refundUnapplied({ id: r.id, amountMinor: unapplied, currency: summary.currency, at: at.getTime(), ...dims }),
      );
      unappliedLeft -= unapplied;
    }
    if (revenue > 0) {
      entries.push(
        refundSession({
          split: summary,
          refund: { id: r.id, amountMinor: revenue, at: at.getTime() },
          refundedBeforeMinor: revenueBefore,
        }),
      );
      revenueBefore += revenue;
    }
  }
  return postEntries({ tx, tenantId: payment.tenantId, entries, purpose: 'refund', transactionId: transaction.id });
}

type PostedEntry = {
  sourceKind: string;
  sourceId: string;
  vendorId: string | null;
  siteId: string | null;
  currency: string;
  memo: string | null;
  occurredAt: Date;
  lines: { amountMinor: bigint; account: { kind: string; vendorId: string | null } }[];
};

/** A stored entry as the pure package's, to be reversed. */
function asEntry(e: PostedEntry, sessionId: string): JournalEntry {
  return {
    source: { kind: e.sourceKind as SourceKind, id: e.sourceId },
    effectiveAt: e.occurredAt.getTime(),
    vendorId: e.vendorId,
    siteId: e.siteId,
    sessionId,
    memo: e.memo ?? '',
    lines: e.lines.map((l) => ({
      account: accountOf(l.account),
      amountMinor: minorOf(l.amountMinor),
      currency: e.currency,
    })),
  };
}
