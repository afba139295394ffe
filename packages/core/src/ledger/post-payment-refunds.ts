import { refundSession, refundUnapplied, splitSession, type JournalEntry } from '@magma/ledger';
import { ledgerTermsOf } from '../settlements/split-terms.ts';
import type { Tx } from './ledger-accounts.ts';
import { minorOf } from './money-columns.ts';
import { postEntries } from './post-entries.ts';
import { paymentFacts, pricedFacts, sessionRowSelect } from './post-session-settlement.ts';

/**
 * Posts the refunds of a session's payment that the gateway accepted and the ledger has not seen:
 * first out of what the driver prepaid beyond the price (UNAPPLIED_REFUND), the rest as a refund of
 * the session's revenue, which reverses the same fraction of its split (REFUND). Never edits an
 * entry; a refund after the week closed is booked into the open week. Does nothing until the
 * session itself is posted (its settlement posts the refunds made before it). Idempotent.
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
      lines: { select: { amountMinor: true, account: { select: { kind: true } } } },
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
  const refunded = (kind: string) =>
    posted
      .filter((e) => e.sourceKind === kind)
      .flatMap((e) => e.lines)
      .reduce((n, l) => (l.account.kind === 'GATEWAY_CLEARING' ? n - minorOf(l.amountMinor) : n), 0);
  const seen = new Set(posted.map((e) => `${e.sourceKind}:${e.sourceId}`));
  let unappliedLeft = summary.unappliedMinor - refunded('UNAPPLIED_REFUND');
  let revenueBefore = refunded('REFUND');
  const entries: JournalEntry[] = [];
  for (const r of payment.refunds) {
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
