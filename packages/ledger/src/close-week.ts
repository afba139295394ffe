import type { JournalEntry } from './accounts.ts';
import { assertBalanced } from './accounts.ts';
import { allocateProportionally, divRoundHalfUp } from './money.ts';
import { line } from './split-session.ts';
import { rateIndexOn, tdsTableFor, type RateTable, type TaxRules, type VendorTaxProfile } from './tax.ts';
import { localDate, type Week } from './week.ts';
import { localToUtc } from '@magma/tariff';

// Closing a week: a fold over the week's entries into per-vendor, per-site figures, then TDS and TCS
// on the totals, then each vendor's net payable and carry. Memory grows with vendors × sites, not
// with sessions, so a caller can stream a million sessions' entries through `addEntry`. The result
// depends only on the set of entries (sums commute), so the same week closed twice is identical.

export type StatementFigures = {
  /** Sessions settled in the week, and their energy (mWh). */
  sessions: number;
  energyMwh: number;
  /** Price incl. GST of those sessions: driver (paid or billed on account) + sponsor. */
  grossCollectedMinor: number;
  gstMinor: number;
  /** Refunded to drivers in the week (incl. GST), and the GST part of it. */
  refundsMinor: number;
  refundedGstMinor: number;
  /** gross − GST − (refunds − refunded GST): charging revenue before GST, after refunds. */
  netRevenueMinor: number;
  /** Gateway fees incl. their GST on the week's payments, and the part the vendor bears. */
  gatewayFeesMinor: number;
  gatewayFeesVendorMinor: number;
  /** Platform fees net of refunds, and the part the vendor bears. */
  platformFeesMinor: number;
  platformFeesVendorMinor: number;
  /** Vendor share credited on the week's sessions, and the share given back on refunds. */
  vendorShareMinor: number;
  vendorRefundsMinor: number;
  /** The operator's share net of platform fees it bears, refunds and adjustments. */
  operatorShareMinor: number;
  tdsMinor: number;
  tcsMinor: number;
  /** Adjustments and write-offs on the vendor's payable (positive: in the vendor's favour). */
  adjustmentsMinor: number;
  /** Failed or reversed payouts returned to the vendor's balance in the week. */
  payoutsReturnedMinor: number;
  /** Payouts sent in the week (for earlier statements): shown, not part of this week's movement. */
  payoutsSentMinor: number;
  /**
   * The week's change in what the operator owes the vendor, payouts sent excluded:
   * share − fees borne − refunds + adjustments + returned payouts − TDS − TCS.
   * Equals −Σ of the week's VENDOR_PAYABLE lines other than PAYOUT_SENT, the close's own included.
   */
  movementMinor: number;
};

export type SiteStatement = StatementFigures & { siteId: string | null };

export type VendorStatement = StatementFigures & {
  /** Null: the operator's own sites (no payable, no TDS). */
  vendorId: string | null;
  /** Rates applied (bps) on the week's last day; 0 when off, exempt or no vendor. */
  tdsRateBps: number;
  tcsRateBps: number;
  panValid: boolean;
  /** Carried from the previous statement (negative: the vendor owes the operator). */
  openingCarryMinor: number;
  /** opening + movement. */
  closingMinor: number;
  /** What to pay out now: the closing balance when it reaches the minimum payout, else 0. */
  netPayableMinor: number;
  /** closing − net payable: a negative week, or a positive balance under the minimum, carries on. */
  carryForwardMinor: number;
  sites: SiteStatement[];
};

export type WeekClose = {
  week: Week;
  currency: string;
  vendors: VendorStatement[];
  totals: StatementFigures;
  /** The TDS and TCS entries the close posts (source ids `<week.key>:<vendor>:<site>`). */
  entries: JournalEntry[];
  /** Entries given that fell outside the week (skipped), and the close's own entries given back (skipped). */
  skippedOutsideWeek: number;
  skippedOwnEntries: number;
};

export type CloseWeekOptions = {
  week: Week;
  currency: string;
  taxRules: TaxRules;
  /** Tax facts of every vendor that has entries in the week. */
  vendors: ReadonlyMap<string, VendorTaxProfile>;
  /** Smallest amount paid out; a smaller positive balance carries. Default 1 (any positive balance). */
  minPayoutMinor?: number;
};

type Group = {
  vendorId: string | null;
  siteId: string | null;
  f: StatementFigures;
  /** Per rate period inside the week: TDS/TCS bases. */
  netBase: number[];
  shareBase: number[];
};

export type WeekAccumulator = {
  opts: CloseWeekOptions;
  /** Instants inside the week at which some rate changes, ascending. */
  cuts: number[];
  /** Local date of each rate period (period 0 starts at the week's start). */
  periodDates: string[];
  groups: Map<string, Group>;
  skippedOutsideWeek: number;
  skippedOwnEntries: number;
};

export function emptyFigures(): StatementFigures {
  return {
    sessions: 0,
    energyMwh: 0,
    grossCollectedMinor: 0,
    gstMinor: 0,
    refundsMinor: 0,
    refundedGstMinor: 0,
    netRevenueMinor: 0,
    gatewayFeesMinor: 0,
    gatewayFeesVendorMinor: 0,
    platformFeesMinor: 0,
    platformFeesVendorMinor: 0,
    vendorShareMinor: 0,
    vendorRefundsMinor: 0,
    operatorShareMinor: 0,
    tdsMinor: 0,
    tcsMinor: 0,
    adjustmentsMinor: 0,
    payoutsReturnedMinor: 0,
    payoutsSentMinor: 0,
    movementMinor: 0,
  };
}

export function startWeek(opts: CloseWeekOptions): WeekAccumulator {
  const { week, taxRules } = opts;
  const dates = new Set<string>();
  for (const t of [taxRules.tds.withPan, taxRules.tds.withoutPan, taxRules.tcs.rates])
    for (const r of t) dates.add(r.from);
  const cuts: number[] = [];
  const periodDates = [localDate(week.timeZone, week.start)];
  for (const d of [...dates].sort()) {
    const at = localToUtc(week.timeZone, Date.parse(`${d}T00:00:00Z`));
    if (at > week.start && at < week.end) {
      cuts.push(at);
      periodDates.push(d);
    }
  }
  return { opts, cuts, periodDates, groups: new Map(), skippedOutsideWeek: 0, skippedOwnEntries: 0 };
}

/** The source id of the close's TDS or TCS entry for a vendor's site. */
export function closeEntryId(week: Pick<Week, 'key'>, vendorId: string, siteId: string | null): string {
  return `${week.key}:${vendorId}:${siteId ?? '-'}`;
}

function groupFor(acc: WeekAccumulator, vendorId: string | null, siteId: string | null): Group {
  const k = `${vendorId ?? ''}\u0000${siteId ?? ''}`;
  let g = acc.groups.get(k);
  if (!g) {
    const n = acc.periodDates.length;
    g = {
      vendorId,
      siteId,
      f: emptyFigures(),
      netBase: new Array<number>(n).fill(0),
      shareBase: new Array<number>(n).fill(0),
    };
    acc.groups.set(k, g);
  }
  return g;
}

/** Adds one entry of the week. Entries outside [week.start, week.end) are skipped and counted. */
export function addEntry(acc: WeekAccumulator, e: JournalEntry): void {
  const { week, currency } = acc.opts;
  const kind = e.source.kind;
  if ((kind === 'TDS_WITHHELD' || kind === 'TCS_COLLECTED') && e.source.id.startsWith(`${week.key}:`)) {
    acc.skippedOwnEntries++;
    return;
  }
  if (e.effectiveAt < week.start || e.effectiveAt >= week.end) {
    acc.skippedOutsideWeek++;
    return;
  }
  const g = groupFor(acc, e.vendorId, e.siteId);
  const f = g.f;
  let period = 0;
  while (period < acc.cuts.length && e.effectiveAt >= acc.cuts[period]!) period++;
  if (e.session) {
    f.sessions += e.session.count ?? 1;
    f.energyMwh += e.session.energyMwh;
  }
  for (const l of e.lines) {
    if (l.currency !== currency)
      throw new RangeError(`${kind}:${e.source.id} is in ${l.currency}, the week in ${currency}`);
    const a = l.amountMinor;
    const acct = l.account.kind;
    if (acct === 'VENDOR_PAYABLE') {
      if (l.account.vendorId !== e.vendorId) {
        throw new RangeError(
          `${kind}:${e.source.id} moves vendor ${l.account.vendorId}'s payable but is tagged ${e.vendorId}`,
        );
      }
      if (kind !== 'PAYOUT_SENT') f.movementMinor -= a;
    }
    switch (kind) {
      case 'DRIVER_PAYMENT':
      case 'ON_ACCOUNT_CHARGE':
      case 'SPONSOR_SHARE':
        if (acct === 'SESSION_REVENUE') {
          f.grossCollectedMinor -= a;
          f.netRevenueMinor -= a;
          g.netBase[period]! -= a;
        }
        break;
      case 'GST_ON_CHARGING':
        if (acct === 'GST_OUTPUT') {
          f.gstMinor -= a;
          f.netRevenueMinor += a;
          g.netBase[period]! += a;
        }
        break;
      case 'VENDOR_SHARE':
        if (acct === 'VENDOR_PAYABLE') {
          f.vendorShareMinor -= a;
          g.shareBase[period]! -= a;
        }
        break;
      case 'OPERATOR_SHARE':
        if (acct === 'OPERATOR_REVENUE') f.operatorShareMinor -= a;
        break;
      case 'PLATFORM_FEE':
        if (acct === 'PLATFORM_FEES') f.platformFeesMinor -= a;
        else if (acct === 'VENDOR_PAYABLE') f.platformFeesVendorMinor += a;
        else if (acct === 'OPERATOR_REVENUE') f.operatorShareMinor -= a;
        break;
      case 'GATEWAY_FEE':
        if (acct === 'GATEWAY_CLEARING') f.gatewayFeesMinor -= a;
        else if (acct === 'VENDOR_PAYABLE') f.gatewayFeesVendorMinor += a;
        break;
      case 'REFUND':
      case 'REFUND_FAILED':
        // REFUND_FAILED is a REFUND's lines negated: the same figures move back.
        if (acct === 'GATEWAY_CLEARING') {
          f.refundsMinor -= a;
          f.netRevenueMinor += a;
          g.netBase[period]! += a;
        } else if (acct === 'GST_OUTPUT') {
          f.refundedGstMinor += a;
          f.netRevenueMinor += a;
          g.netBase[period]! += a;
        } else if (acct === 'VENDOR_PAYABLE') {
          // The debit gives back share, the credit returns platform fee (refundSession keeps them
          // apart); in a failed refund's reversal the signs are swapped.
          if (kind === 'REFUND' ? a > 0 : a < 0) {
            f.vendorRefundsMinor += a;
            g.shareBase[period]! -= a;
          } else f.platformFeesVendorMinor += a;
        } else if (acct === 'PLATFORM_FEES') f.platformFeesMinor -= a;
        else if (acct === 'OPERATOR_REVENUE') f.operatorShareMinor -= a;
        break;
      case 'TDS_WITHHELD':
        if (acct === 'VENDOR_PAYABLE') f.tdsMinor += a;
        break;
      case 'TCS_COLLECTED':
        if (acct === 'VENDOR_PAYABLE') f.tcsMinor += a;
        break;
      case 'PAYOUT_SENT':
        if (acct === 'VENDOR_PAYABLE') f.payoutsSentMinor += a;
        break;
      case 'PAYOUT_FAILED':
        if (acct === 'VENDOR_PAYABLE') f.payoutsReturnedMinor -= a;
        break;
      case 'ADJUSTMENT':
      case 'WRITE_OFF':
        if (acct === 'VENDOR_PAYABLE') f.adjustmentsMinor -= a;
        else if (acct === 'OPERATOR_REVENUE') f.operatorShareMinor -= a;
        break;
      default:
        break;
    }
  }
}

function addFigures(into: StatementFigures, f: StatementFigures): void {
  for (const k of Object.keys(into) as (keyof StatementFigures)[]) into[k] += f[k];
}

function byId(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * A withheld tax on a vendor's week: Σ over rate periods of base × rate, rounded once to the step,
 * then spread over the sites by their share of it (largest remainder). Nothing when the total ≤ 0.
 */
function withhold(
  sites: Group[],
  baseOf: (g: Group) => number[],
  table: RateTable,
  periodDates: string[],
  roundTo: number,
): number[] {
  const rates = periodDates.map((d) => {
    const i = rateIndexOn(table, d);
    return i < 0 ? 0 : table[i]!.bps;
  });
  const nums = sites.map((g) => baseOf(g).reduce((s, b, i) => s + b * rates[i]!, 0));
  const total = nums.reduce((s, n) => s + n, 0);
  if (total <= 0) return sites.map(() => 0);
  const tax = divRoundHalfUp(total, 10_000 * roundTo) * roundTo;
  if (tax === 0) return sites.map(() => 0);
  return allocateProportionally(
    tax,
    nums.map((n) => Math.max(n, 0)),
  );
}

export function finishWeek(
  acc: WeekAccumulator,
  { openingCarry }: { openingCarry: ReadonlyMap<string, number> },
): WeekClose {
  const { week, currency, taxRules, vendors: profiles } = acc.opts;
  const minPayout = Math.max(acc.opts.minPayoutMinor ?? 1, 1);
  const byVendor = new Map<string | null, Group[]>();
  for (const g of acc.groups.values()) {
    const list = byVendor.get(g.vendorId) ?? [];
    list.push(g);
    byVendor.set(g.vendorId, list);
  }
  for (const [v, carry] of openingCarry) if (carry !== 0 && !byVendor.has(v)) byVendor.set(v, []);

  const lastDate = localDate(week.timeZone, week.end - 1);
  const entries: JournalEntry[] = [];
  const statements: VendorStatement[] = [];
  const totals = emptyFigures();
  for (const vendorId of [...byVendor.keys()].sort(byId)) {
    const sites = byVendor.get(vendorId)!.sort((a, b) => byId(a.siteId, b.siteId));
    let tdsRateBps = 0;
    let tcsRateBps = 0;
    let panValid = false;
    if (vendorId !== null && sites.length > 0) {
      const profile = profiles.get(vendorId);
      if (!profile) throw new RangeError(`no tax profile for vendor ${vendorId}`);
      const table = tdsTableFor(taxRules, profile);
      panValid = table === taxRules.tds.withPan;
      const tdsOn = taxRules.tds.enabled && profile.tdsExempt !== true;
      const rateNow = (t: RateTable) => {
        const i = rateIndexOn(t, lastDate);
        return i < 0 ? 0 : t[i]!.bps;
      };
      if (tdsOn) tdsRateBps = rateNow(table);
      if (taxRules.tcs.enabled) tcsRateBps = rateNow(taxRules.tcs.rates);
      const base = (which: TaxRules['tds']['base']) => (g: Group) =>
        which === 'NET_REVENUE' ? g.netBase : g.shareBase;
      const tds = tdsOn
        ? withhold(sites, base(taxRules.tds.base), table, acc.periodDates, taxRules.tds.roundToMinor)
        : sites.map(() => 0);
      const tcs = taxRules.tcs.enabled
        ? withhold(sites, base(taxRules.tcs.base), taxRules.tcs.rates, acc.periodDates, taxRules.tcs.roundToMinor)
        : sites.map(() => 0);
      sites.forEach((g, i) => {
        const siteId = g.siteId;
        const post = (kind: 'TDS_WITHHELD' | 'TCS_COLLECTED', amount: number) => {
          if (amount === 0) return;
          const e: JournalEntry = {
            source: { kind, id: closeEntryId(week, vendorId, siteId) },
            effectiveAt: week.end - 1,
            vendorId,
            siteId,
            sessionId: null,
            memo: `${kind === 'TDS_WITHHELD' ? 'TDS (194-O)' : 'GST TCS (section 52)'} for the week from ${week.key}`,
            lines: [
              line({ kind: 'VENDOR_PAYABLE', vendorId }, amount, currency),
              line({ kind: kind === 'TDS_WITHHELD' ? 'TDS_PAYABLE' : 'TCS_PAYABLE' }, -amount, currency),
            ],
          };
          assertBalanced(e);
          entries.push(e);
          if (kind === 'TDS_WITHHELD') g.f.tdsMinor += amount;
          else g.f.tcsMinor += amount;
          g.f.movementMinor -= amount;
        };
        post('TDS_WITHHELD', tds[i] ?? 0);
        post('TCS_COLLECTED', tcs[i] ?? 0);
      });
    }
    const f = emptyFigures();
    for (const g of sites) addFigures(f, g.f);
    addFigures(totals, f);
    const opening = vendorId === null ? 0 : (openingCarry.get(vendorId) ?? 0);
    const closing = opening + f.movementMinor;
    const netPayable = vendorId !== null && closing >= minPayout ? closing : 0;
    statements.push({
      vendorId,
      ...f,
      tdsRateBps,
      tcsRateBps,
      panValid,
      openingCarryMinor: opening,
      closingMinor: closing,
      netPayableMinor: netPayable,
      carryForwardMinor: closing - netPayable,
      sites: sites.map((g) => ({ siteId: g.siteId, ...g.f })),
    });
  }
  return {
    week,
    currency,
    vendors: statements,
    totals,
    entries,
    skippedOutsideWeek: acc.skippedOutsideWeek,
    skippedOwnEntries: acc.skippedOwnEntries,
  };
}

export type CloseWeekInput = CloseWeekOptions & {
  entries: Iterable<JournalEntry>;
  /** Each vendor's carry from its previous statement (carryForwardMinor); absent means 0. */
  openingCarry: ReadonlyMap<string, number>;
};

/** closeWeek = startWeek, addEntry for each entry, finishWeek. */
export function closeWeek(input: CloseWeekInput): WeekClose {
  const acc = startWeek(input);
  for (const e of input.entries) addEntry(acc, e);
  return finishWeek(acc, { openingCarry: input.openingCarry });
}
