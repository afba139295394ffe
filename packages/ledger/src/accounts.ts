// The chart of accounts, journal entries and their balance rule. Amounts are signed integers in
// minor units (paise for INR): a debit is positive, a credit negative, so an entry balances when its
// lines sum to zero in each currency.

export const ACCOUNT_KINDS = [
  /** Money the gateway holds for the operator: captured payments less its fees and refunds. */
  'GATEWAY_CLEARING',
  /** Transient: a session's revenue between the payment and its split. Nets to zero per session. */
  'SESSION_REVENUE',
  /** The operator's own share of revenue (after vendor shares, platform fees it bears). */
  'OPERATOR_REVENUE',
  /** What the operator owes one vendor (one account per vendorId). */
  'VENDOR_PAYABLE',
  /** Fees owed to the platform. */
  'PLATFORM_FEES',
  /** GST collected on charging, owed to the government. */
  'GST_OUTPUT',
  /** Income tax withheld from vendors under section 194-O, owed to the government. */
  'TDS_PAYABLE',
  /** GST TCS collected under section 52, owed to the government. */
  'TCS_PAYABLE',
  /** What sponsors owe for the parts of sessions they pay. */
  'SPONSOR_RECEIVABLE',
  /**
   * What drivers billed on account owe (RFID and other id-token sessions with a price and no
   * payment, e.g. fleet cards): the receivable stands where a paid session has gateway clearing.
   */
  'ON_ACCOUNT_RECEIVABLE',
  /** Gateway fees (before GST) the operator bears. */
  'GATEWAY_FEES_EXPENSE',
  /** GST charged by the gateway on its fees (input tax credit). */
  'GST_INPUT',
  /** Money the driver paid beyond the session's price, owed back to the driver until refunded. */
  'DRIVER_BALANCE',
  /** The operator's bank (or RazorpayX) account: payouts leave from it, settlements arrive in it. */
  'BANK',
  /** Written-off amounts, kept visible for review. */
  'SUSPENSE',
] as const;

export type AccountKind = (typeof ACCOUNT_KINDS)[number];

/** An account of one tenant. vendorId is set for VENDOR_PAYABLE and only for it. */
export type Account = { kind: AccountKind; vendorId?: string };

export const SOURCE_KINDS = [
  'DRIVER_PAYMENT',
  /** A session's driver part billed on account (no payment): the receivable instead of the gateway. */
  'ON_ACCOUNT_CHARGE',
  /** An account holder paid (part of) what it owes for sessions billed on account. */
  'ON_ACCOUNT_PAYMENT',
  'REFUND',
  /** A driver's unused prepayment refunded (DRIVER_BALANCE back to the gateway). */
  'UNAPPLIED_REFUND',
  /**
   * A refund posted when the gateway accepted it, which the gateway then failed: its REFUND (or
   * UNAPPLIED_REFUND) entry undone line for line, with the same id.
   */
  'REFUND_FAILED',
  'UNAPPLIED_REFUND_FAILED',
  'GATEWAY_FEE',
  'GST_ON_CHARGING',
  'SPONSOR_SHARE',
  'PLATFORM_FEE',
  'OPERATOR_SHARE',
  'VENDOR_SHARE',
  'TDS_WITHHELD',
  'TCS_COLLECTED',
  'PAYOUT_SENT',
  'PAYOUT_FAILED',
  /** The gateway paid captured money out to the operator's bank. */
  'GATEWAY_SETTLEMENT',
  /**
   * A payout of captured money to the operator that failed or was reversed (a Razorpay Route
   * transfer of the operator's share): the money is back in gateway clearing.
   */
  'GATEWAY_SETTLEMENT_RETURNED',
  /** A sponsor paid what it owed. */
  'SPONSOR_PAYMENT',
  'ADJUSTMENT',
  'WRITE_OFF',
] as const;

export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What an entry records. (kind, id) identifies the entry: posting it twice is a no-op for the caller. */
export type Source = { kind: SourceKind; id: string };

export type PostingLine = {
  account: Account;
  /** Debit positive, credit negative, integer minor units. */
  amountMinor: number;
  currency: string;
};

/** Figures of a charging session, carried by exactly one entry per session (its OPERATOR_SHARE). */
export type SessionStats = {
  sessionId: string;
  energyMwh: number;
  /** 1 (the default): the session itself; 0: a correction of its energy only (the session priced again). */
  count?: 0 | 1;
};

export type JournalEntry = {
  source: Source;
  /**
   * The instant (epoch ms) the entry takes effect; it decides the week the entry belongs to. The
   * caller must never date an entry into a week that is already closed (see `effectiveInstant`).
   */
  effectiveAt: number;
  /** Dimensions for statements: the vendor and site the money belongs to (null for neither). */
  vendorId: string | null;
  siteId: string | null;
  sessionId: string | null;
  memo: string;
  lines: PostingLine[];
  session?: SessionStats;
};

/** The entry's identity, e.g. "VENDOR_SHARE:7f3c…". Unique per tenant. */
export function entryKey(entry: Pick<JournalEntry, 'source'>): string {
  return `${entry.source.kind}:${entry.source.id}`;
}

/** "VENDOR_PAYABLE:<vendorId>" or the bare kind. */
export function accountKey(account: Account): string {
  return account.kind === 'VENDOR_PAYABLE' ? `VENDOR_PAYABLE:${account.vendorId ?? ''}` : account.kind;
}

export function parseAccountKey(key: string): Account {
  const i = key.indexOf(':');
  const kind = (i < 0 ? key : key.slice(0, i)) as AccountKind;
  if (!(ACCOUNT_KINDS as readonly string[]).includes(kind)) throw new RangeError(`unknown account ${key}`);
  if (kind === 'VENDOR_PAYABLE') {
    const vendorId = i < 0 ? '' : key.slice(i + 1);
    if (!vendorId) throw new RangeError(`vendor payable account without a vendor: ${key}`);
    return { kind, vendorId };
  }
  if (i >= 0) throw new RangeError(`only VENDOR_PAYABLE takes a vendor: ${key}`);
  return { kind };
}

/** The amount by which each currency's lines miss zero; empty when the entry balances. */
export function imbalance(lines: readonly PostingLine[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.currency, (sums.get(l.currency) ?? 0) + l.amountMinor);
  for (const [c, s] of sums) if (s === 0) sums.delete(c);
  return sums;
}

export function isBalanced(entry: Pick<JournalEntry, 'lines'>): boolean {
  return imbalance(entry.lines).size === 0;
}

export class UnbalancedEntryError extends Error {
  constructor(
    readonly key: string,
    readonly by: Map<string, number>,
  ) {
    super(`entry ${key} does not balance: ${[...by].map(([c, s]) => `${c} ${s}`).join(', ')}`);
    this.name = 'UnbalancedEntryError';
  }
}

/** Throws unless every line is a safe integer and the entry sums to zero in each currency. */
export function assertBalanced(entry: JournalEntry): void {
  for (const l of entry.lines) {
    if (!Number.isSafeInteger(l.amountMinor))
      throw new RangeError(`${entryKey(entry)}: ${l.amountMinor} is not an integer`);
    if (l.account.kind === 'VENDOR_PAYABLE' && !l.account.vendorId) {
      throw new RangeError(`${entryKey(entry)}: a vendor payable line needs a vendorId`);
    }
  }
  const by = imbalance(entry.lines);
  if (by.size) throw new UnbalancedEntryError(entryKey(entry), by);
}

/** Balances per account key and currency ("GST_OUTPUT|INR" → −1800), derived from the lines. */
export function balances(entries: Iterable<Pick<JournalEntry, 'lines'>>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of entries) {
    for (const l of e.lines) {
      const k = `${accountKey(l.account)}|${l.currency}`;
      out.set(k, (out.get(k) ?? 0) + l.amountMinor);
    }
  }
  return out;
}

/**
 * The instant a new entry takes effect: the event's own instant, or the end of the last closed week
 * when the event falls inside a week already closed (a late refund rolls into the open week).
 */
export function effectiveInstant(eventAt: number, lastClosedWeekEnd: number | null): number {
  return lastClosedWeekEnd !== null && eventAt < lastClosedWeekEnd ? lastClosedWeekEnd : eventAt;
}
