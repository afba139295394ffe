import type { Account, JournalEntry, PostingLine, SourceKind } from './accounts.ts';
import { assertBalanced } from './accounts.ts';
import { allocateProportionally, assertMinor, mulDivRoundHalfUp } from './money.ts';
import { line, type SplitSummary } from './split-session.ts';

// Everything after a session's split: refunds, adjustments, write-offs, payouts and settlements.
// Nothing is ever edited: each is a new entry, and a correction is an entry that reverses another.

type Dims = { vendorId?: string | null; siteId?: string | null; sessionId?: string | null };

function entry(kind: SourceKind, id: string, at: number, dims: Dims, memo: string, lines: PostingLine[]): JournalEntry {
  const e: JournalEntry = {
    source: { kind, id },
    effectiveAt: at,
    vendorId: dims.vendorId ?? null,
    siteId: dims.siteId ?? null,
    sessionId: dims.sessionId ?? null,
    memo,
    lines: lines.filter((l) => l.amountMinor !== 0),
  };
  assertBalanced(e);
  return e;
}

export type RefundInput = {
  split: SplitSummary;
  refund: { id: string; amountMinor: number; at: number };
  /** What was already refunded for this session (revenue refunds only), in minor units. */
  refundedBeforeMinor: number;
};

/**
 * A refund of part of a session's price to its driver. It reverses the same fraction of the session's
 * revenue split: GST, vendor share and operator share by largest remainder on the cumulative refund
 * (so several partial refunds reverse exactly what one full refund would), and the platform fee by
 * the same fraction. Gateway fees are not returned by gateways on refunds, so they stay.
 */
export function refundSession({ split, refund, refundedBeforeMinor }: RefundInput): JournalEntry {
  assertMinor('refund.amountMinor', refund.amountMinor, { min: 1 });
  assertMinor('refundedBeforeMinor', refundedBeforeMinor);
  const after = refundedBeforeMinor + refund.amountMinor;
  if (after > split.driverMinor) {
    throw new RangeError(
      `refund ${refund.id}: ${after} refunded in all exceeds the ${split.driverMinor} the driver paid for the session`,
    );
  }
  const T = split.grossMinor;
  const weights = [split.gstMinor, split.vendorShareMinor, split.operatorShareMinor];
  const upTo = (r: number) => allocateProportionally(r, weights);
  const [g1, v1, o1] = upTo(after) as [number, number, number];
  const [g0, v0, o0] = upTo(refundedBeforeMinor) as [number, number, number];
  const feeUpTo = (share: number, r: number) => mulDivRoundHalfUp(share, r, T);
  const pf = feeUpTo(split.platformFeeMinor, after) - feeUpTo(split.platformFeeMinor, refundedBeforeMinor);
  const pfVendor =
    feeUpTo(split.platformFeeVendorMinor, after) - feeUpTo(split.platformFeeVendorMinor, refundedBeforeMinor);
  const cur = split.currency;
  const vendorAcc: Account | null =
    split.vendorId === null ? null : { kind: 'VENDOR_PAYABLE', vendorId: split.vendorId };
  const lines: PostingLine[] = [
    line({ kind: 'GATEWAY_CLEARING' }, -refund.amountMinor, cur),
    line({ kind: 'GST_OUTPUT' }, g1 - g0, cur),
    line({ kind: 'OPERATOR_REVENUE' }, o1 - o0 - (pf - pfVendor), cur),
    line({ kind: 'PLATFORM_FEES' }, pf, cur),
  ];
  // Two vendor lines, never netted: the debit is the share given back, the credit the platform fee
  // returned; statements report them apart.
  if (vendorAcc) lines.push(line(vendorAcc, v1 - v0, cur), line(vendorAcc, -pfVendor, cur));
  else if (v1 - v0 !== 0) throw new RangeError('a vendor share without a vendor');
  return entry(
    'REFUND',
    refund.id,
    refund.at,
    { vendorId: split.vendorId, siteId: split.siteId, sessionId: split.sessionId },
    `refund for session ${split.sessionId}`,
    lines,
  );
}

/**
 * A refund that the gateway failed after it had accepted it (and the ledger had posted it): the
 * refund's entry undone line for line (REFUND_FAILED or UNAPPLIED_REFUND_FAILED, the same id), so the
 * money is the session's revenue, or the driver's balance, again.
 */
export function refundFailed(original: JournalEntry, at: number): JournalEntry {
  const kind = original.source.kind;
  if (kind !== 'REFUND' && kind !== 'UNAPPLIED_REFUND') {
    throw new RangeError(`${kind}:${original.source.id} is not a refund`);
  }
  return entry(
    kind === 'REFUND' ? 'REFUND_FAILED' : 'UNAPPLIED_REFUND_FAILED',
    original.source.id,
    at,
    original,
    `refund ${original.source.id} failed at the gateway`,
    original.lines.map((l) => ({ ...l, amountMinor: 0 - l.amountMinor })),
  );
}

/** A driver's unused prepayment paid back (the DRIVER_BALANCE a split left). */
export function refundUnapplied(input: {
  id: string;
  amountMinor: number;
  currency: string;
  at: number;
  sessionId?: string | null;
  siteId?: string | null;
  vendorId?: string | null;
}): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  return entry('UNAPPLIED_REFUND', input.id, input.at, input, 'unused prepayment returned to the driver', [
    line({ kind: 'DRIVER_BALANCE' }, input.amountMinor, input.currency),
    line({ kind: 'GATEWAY_CLEARING' }, -input.amountMinor, input.currency),
  ]);
}

/**
 * An adjustment: amountMinor moves from `debit` to `credit` (a positive amount credits `credit`).
 * A credit to a vendor: { credit: VENDOR_PAYABLE(v), debit: OPERATOR_REVENUE }; a charge, the reverse.
 */
export function adjustment(input: {
  id: string;
  at: number;
  currency: string;
  amountMinor: number;
  credit: Account;
  debit: Account;
  memo: string;
  vendorId?: string | null;
  siteId?: string | null;
  sessionId?: string | null;
}): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  const vendorId = input.vendorId ?? input.credit.vendorId ?? input.debit.vendorId ?? null;
  return entry('ADJUSTMENT', input.id, input.at, { ...input, vendorId }, input.memo, [
    line(input.debit, input.amountMinor, input.currency),
    line(input.credit, -input.amountMinor, input.currency),
  ]);
}

/** An entry that undoes another, line for line (kind ADJUSTMENT, same dimensions). */
export function reverseEntry(original: JournalEntry, input: { id: string; at: number; memo?: string }): JournalEntry {
  return entry(
    'ADJUSTMENT',
    input.id,
    input.at,
    original,
    input.memo ?? `reverses ${original.source.kind}:${original.source.id}`,
    original.lines.map((l) => ({ ...l, amountMinor: -l.amountMinor })),
  );
}

/**
 * Writes off an account's balance to SUSPENSE. balanceMinor is the balance being cleared, signed as
 * the ledger signs it (a vendor who owes the operator has a positive VENDOR_PAYABLE balance).
 */
export function writeOff(input: {
  id: string;
  at: number;
  currency: string;
  account: Account;
  balanceMinor: number;
  memo: string;
  vendorId?: string | null;
  siteId?: string | null;
}): JournalEntry {
  if (!Number.isSafeInteger(input.balanceMinor) || input.balanceMinor === 0) {
    throw new RangeError('balanceMinor must be a non-zero integer');
  }
  const vendorId = input.vendorId ?? input.account.vendorId ?? null;
  return entry('WRITE_OFF', input.id, input.at, { ...input, vendorId }, input.memo, [
    line(input.account, -input.balanceMinor, input.currency),
    line({ kind: 'SUSPENSE' }, input.balanceMinor, input.currency),
  ]);
}

export type PayoutFacts = { payoutId: string; vendorId: string; amountMinor: number; currency: string; at: number };

/** Money sent to a vendor: their payable goes down, the bank too. */
export function payoutSent(p: PayoutFacts): JournalEntry {
  assertMinor('amountMinor', p.amountMinor, { min: 1 });
  return entry('PAYOUT_SENT', p.payoutId, p.at, { vendorId: p.vendorId }, `payout ${p.payoutId}`, [
    line({ kind: 'VENDOR_PAYABLE', vendorId: p.vendorId }, p.amountMinor, p.currency),
    line({ kind: 'BANK' }, -p.amountMinor, p.currency),
  ]);
}

/** A payout that failed or was reversed: the money is back in the bank and owed to the vendor again. */
export function payoutReturned(p: PayoutFacts & { reason: string }): JournalEntry {
  assertMinor('amountMinor', p.amountMinor, { min: 1 });
  return entry(
    'PAYOUT_FAILED',
    p.payoutId,
    p.at,
    { vendorId: p.vendorId },
    `payout ${p.payoutId} returned: ${p.reason}`,
    [
      line({ kind: 'BANK' }, p.amountMinor, p.currency),
      line({ kind: 'VENDOR_PAYABLE', vendorId: p.vendorId }, -p.amountMinor, p.currency),
    ],
  );
}

/**
 * Part of a payout taken back from the vendor (a Razorpay Route transfer reversed after a refund of
 * the payment it came out of): the money is back and owed to the vendor again, so the refund's
 * share, which the vendor gave back this way, is not taken from its next statement a second time.
 */
export function payoutReversed(p: PayoutFacts & { reversalId: string; reason: string }): JournalEntry {
  assertMinor('amountMinor', p.amountMinor, { min: 1 });
  return entry(
    'PAYOUT_FAILED',
    p.reversalId,
    p.at,
    { vendorId: p.vendorId },
    `payout ${p.payoutId}: ${p.amountMinor} taken back (${p.reason})`,
    [
      line({ kind: 'BANK' }, p.amountMinor, p.currency),
      line({ kind: 'VENDOR_PAYABLE', vendorId: p.vendorId }, -p.amountMinor, p.currency),
    ],
  );
}

/** The gateway paid captured money (net of its fees and refunds) into the operator's bank. */
export function gatewaySettlement(input: {
  id: string;
  amountMinor: number;
  currency: string;
  at: number;
}): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  return entry('GATEWAY_SETTLEMENT', input.id, input.at, {}, `gateway settlement ${input.id}`, [
    line({ kind: 'BANK' }, input.amountMinor, input.currency),
    line({ kind: 'GATEWAY_CLEARING' }, -input.amountMinor, input.currency),
  ]);
}

/**
 * A gateway settlement to the operator that came back (a Route transfer of the operator's share
 * failed or was reversed): gateway clearing holds the money again.
 */
export function gatewaySettlementReturned(input: {
  id: string;
  amountMinor: number;
  currency: string;
  at: number;
  reason: string;
}): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  return entry(
    'GATEWAY_SETTLEMENT_RETURNED',
    input.id,
    input.at,
    {},
    `gateway settlement ${input.id} returned: ${input.reason}`,
    [
      line({ kind: 'GATEWAY_CLEARING' }, input.amountMinor, input.currency),
      line({ kind: 'BANK' }, -input.amountMinor, input.currency),
    ],
  );
}

/** A sponsor paid (part of) what it owes. */
export function sponsorPayment(input: { id: string; amountMinor: number; currency: string; at: number }): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  return entry('SPONSOR_PAYMENT', input.id, input.at, {}, `sponsor payment ${input.id}`, [
    line({ kind: 'BANK' }, input.amountMinor, input.currency),
    line({ kind: 'SPONSOR_RECEIVABLE' }, -input.amountMinor, input.currency),
  ]);
}

/** An account holder paid (part of) what it owes for sessions billed on account. */
export function onAccountPayment(input: {
  id: string;
  amountMinor: number;
  currency: string;
  at: number;
}): JournalEntry {
  assertMinor('amountMinor', input.amountMinor, { min: 1 });
  return entry('ON_ACCOUNT_PAYMENT', input.id, input.at, {}, `on-account payment ${input.id}`, [
    line({ kind: 'BANK' }, input.amountMinor, input.currency),
    line({ kind: 'ON_ACCOUNT_RECEIVABLE' }, -input.amountMinor, input.currency),
  ]);
}
