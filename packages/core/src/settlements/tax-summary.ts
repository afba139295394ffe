import { z } from 'zod';
import type { Db } from '@magma/db';
import { isValidPan, localDate, rateIndexOn, tdsTableFor, type RateTable } from '@magma/ledger';
import { localToUtc } from '@magma/tariff';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { settlementSetup } from './settlement-setup.ts';

// The quarter's TDS (income tax, section 194-O) and GST TCS (CGST Act section 52) per deductee, as
// the returns ask for them (26Q, GSTR-8): read from the ledger's withholding entries, which each
// week's close posts on the week's last instant, and the taxable amount of the same week from the
// charging postings. Quarters are the Indian financial year's (Apr–Jun, Jul–Sep, Oct–Dec, Jan–Mar)
// in the tenant's time zone; a deduction belongs to the quarter of its date. The PAN and the rate
// are the ones the week's close applied (kept on its statement), not the vendor's as it is now: a
// PAN added or changed after the close does not rewrite what was withheld.

export const taxQuarterInput = z
  .object({
    /** The year the financial year starts in: FY 2026-27 is 2026. */
    fyStart: z.number().int().min(2017).max(2100),
    quarter: z.number().int().min(1).max(4),
  })
  .strict();
export type TaxQuarter = z.output<typeof taxQuarterInput>;

export type TaxSection = '194-O' | '52';

export type TaxSummaryRow = {
  section: TaxSection;
  vendorId: string;
  vendorName: string;
  legalName: string;
  /** Null when the vendor has no valid PAN (the higher rate applied). */
  pan: string | null;
  gstNumber: string | null;
  weekId: string | null;
  weekStart: Date | null;
  weekEnd: Date | null;
  /** Date of deduction: the week's close date (its last day) in the tenant's time zone, YYYY-MM-DD. */
  deductedOn: string;
  /** The amount the tax was computed on: charging revenue excl. GST, net of refunds (or the vendor's share where the rules say so). */
  amountMinor: number;
  /** Basis points in force on the date of deduction (10 = 0.1%). */
  rateBps: number;
  taxMinor: number;
};

export type TaxSummary = {
  quarter: TaxQuarter & { label: string; from: Date; to: Date };
  timeZone: string;
  rows: TaxSummaryRow[];
  totals: { section: TaxSection; deductees: number; amountMinor: number; taxMinor: number }[];
};

const MONTHS = ['Apr', 'Jul', 'Oct', 'Jan'] as const;
const END_MONTHS = ['Jun', 'Sep', 'Dec', 'Mar'] as const;

/** The quarter's bounds, [from, to), at local midnight in the time zone, and its name. */
export function fyQuarterRange(timeZone: string, { fyStart, quarter }: TaxQuarter) {
  // Months counted from January of fyStart: April is 3, the next January 12.
  const startMonth = 3 * quarter;
  const at = (m: number) => new Date(localToUtc(timeZone, Date.UTC(fyStart, m, 1)));
  const year = quarter === 4 ? fyStart + 1 : fyStart;
  const fy = `${fyStart}-${String((fyStart + 1) % 100).padStart(2, '0')}`;
  return {
    from: at(startMonth),
    to: at(startMonth + 3),
    label: `Q${quarter} FY ${fy} (${MONTHS[quarter - 1]}–${END_MONTHS[quarter - 1]} ${year})`,
  };
}

/** The financial-year quarter a moment falls in, in the time zone. */
export function fyQuarterOf(timeZone: string, at: Date): TaxQuarter {
  const [y, m] = localDate(timeZone, at.getTime()).split('-').map(Number) as [number, number];
  if (m >= 4) return { fyStart: y, quarter: Math.floor((m - 4) / 3) + 1 };
  return { fyStart: y - 1, quarter: 4 };
}

type TaxEntryRow = { vendorId: string; sourceKind: string; bookedAt: Date; taxMinor: bigint | number };
type BaseRow = { vendorId: string; weekId: string; netMinor: bigint | number; shareMinor: bigint | number };

/** TDS and TCS withheld in a quarter, per deductee and week (a vendor user: its own). */
export async function taxSummary({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof taxQuarterInput>;
}): Promise<TaxSummary> {
  const q = taxQuarterInput.parse(input);
  const setup = await settlementSetup(db, scope.tenantId);
  const tz = setup.timeZone;
  const range = fyQuarterRange(tz, q);
  const vendorId = isVendorScope(scope) ? scope.vendorId : null;
  const tenantId = scope.tenantId;

  const taxes = await db.$queryRaw<TaxEntryRow[]>`
    SELECT e."vendorId", e."sourceKind", e."bookedAt", SUM(l."amountMinor")::bigint AS "taxMinor"
    FROM "JournalEntry" e
    JOIN "JournalLine" l ON l."entryId" = e.id
    JOIN "LedgerAccount" a ON a.id = l."accountId"
    WHERE e."tenantId" = ${tenantId}::uuid AND e."bookedAt" >= ${range.from} AND e."bookedAt" < ${range.to}
      AND e."sourceKind" IN ('TDS_WITHHELD', 'TCS_COLLECTED') AND a.kind = 'VENDOR_PAYABLE'
      AND e."vendorId" IS NOT NULL
      AND (${vendorId}::uuid IS NULL OR e."vendorId" = ${vendorId}::uuid)
    GROUP BY e."vendorId", e."sourceKind", e."bookedAt"
    ORDER BY e."bookedAt", e."vendorId"`;

  const sdb = scopedDb(db, scope);
  const vendorIds = [...new Set(taxes.map((t) => t.vendorId))];
  const [vendors, weeks] = await Promise.all([
    sdb.vendor.findMany({
      where: { id: { in: vendorIds } },
      select: { id: true, name: true, legalName: true, pan: true, gstNumber: true },
    }),
    sdb.settlementWeek.findMany({
      where: { weekEnd: { gt: range.from }, weekStart: { lt: range.to } },
      select: { id: true, weekStart: true, weekEnd: true },
    }),
  ]);
  const atClose = await sdb.settlementStatement.findMany({
    where: { weekId: { in: weeks.map((w) => w.id) }, vendorId: { in: vendorIds }, siteKey: '' },
    select: { weekId: true, vendorId: true, pan: true, panValid: true, tdsRateBps: true, tcsRateBps: true },
  });
  const weekOf = (at: Date) => weeks.find((w) => w.weekStart <= at && at < w.weekEnd) ?? null;
  // The amount each (vendor, week) was taxed on, summed the way the close folds it.
  const bases = weeks.length
    ? await db.$queryRaw<BaseRow[]>`
        SELECT e."vendorId", w.id AS "weekId",
          SUM(CASE
                WHEN e."sourceKind" IN ('DRIVER_PAYMENT', 'ON_ACCOUNT_CHARGE', 'SPONSOR_SHARE') AND a.kind = 'SESSION_REVENUE' THEN -l."amountMinor"
                WHEN e."sourceKind" = 'GST_ON_CHARGING' AND a.kind = 'GST_OUTPUT' THEN l."amountMinor"
                WHEN e."sourceKind" = 'REFUND' AND a.kind IN ('GATEWAY_CLEARING', 'GST_OUTPUT') THEN l."amountMinor"
                ELSE 0 END)::bigint AS "netMinor",
          SUM(CASE
                WHEN e."sourceKind" = 'VENDOR_SHARE' AND a.kind = 'VENDOR_PAYABLE' THEN -l."amountMinor"
                WHEN e."sourceKind" = 'REFUND' AND a.kind = 'VENDOR_PAYABLE' AND l."amountMinor" > 0 THEN -l."amountMinor"
                ELSE 0 END)::bigint AS "shareMinor"
        FROM "SettlementWeek" w
        JOIN "JournalEntry" e ON e."tenantId" = w."tenantId" AND e."bookedAt" >= w."weekStart" AND e."bookedAt" < w."weekEnd"
        JOIN "JournalLine" l ON l."entryId" = e.id
        JOIN "LedgerAccount" a ON a.id = l."accountId"
        WHERE w."tenantId" = ${tenantId}::uuid AND w.id = ANY(${weeks.map((w) => w.id)}::uuid[])
          AND e."vendorId" = ANY(${vendorIds}::uuid[])
          AND e."sourceKind" IN ('DRIVER_PAYMENT', 'ON_ACCOUNT_CHARGE', 'SPONSOR_SHARE', 'GST_ON_CHARGING', 'REFUND', 'VENDOR_SHARE')
        GROUP BY e."vendorId", w.id`
    : [];

  const rateOn = (table: RateTable, date: string) => {
    const i = rateIndexOn(table, date);
    return i < 0 ? 0 : table[i]!.bps;
  };
  const rows: TaxSummaryRow[] = [];
  for (const t of taxes) {
    const v = vendors.find((x) => x.id === t.vendorId);
    if (!v) continue;
    const section: TaxSection = t.sourceKind === 'TDS_WITHHELD' ? '194-O' : '52';
    const week = weekOf(t.bookedAt);
    const deductedOn = localDate(tz, t.bookedAt.getTime());
    const rules = section === '194-O' ? setup.taxRules.tds : setup.taxRules.tcs;
    const base = bases.find((b) => b.vendorId === v.id && b.weekId === week?.id);
    const kept = atClose.find((s) => s.vendorId === v.id && s.weekId === week?.id);
    // Statements closed before the close kept these: the vendor's current PAN and today's tables.
    const pan = kept && kept.panValid !== null ? (kept.panValid ? kept.pan : null) : isValidPan(v.pan) ? v.pan : null;
    const keptRate = section === '194-O' ? kept?.tdsRateBps : kept?.tcsRateBps;
    const table = section === '194-O' ? tdsTableFor(setup.taxRules, { pan: v.pan }) : setup.taxRules.tcs.rates;
    rows.push({
      section,
      vendorId: v.id,
      vendorName: v.name,
      legalName: v.legalName,
      pan,
      gstNumber: v.gstNumber,
      weekId: week?.id ?? null,
      weekStart: week?.weekStart ?? null,
      weekEnd: week?.weekEnd ?? null,
      deductedOn,
      amountMinor: Number(base ? (rules.base === 'VENDOR_SHARE' ? base.shareMinor : base.netMinor) : 0),
      rateBps: keptRate ?? rateOn(table, deductedOn),
      taxMinor: Number(t.taxMinor),
    });
  }
  rows.sort(
    (a, b) =>
      a.section.localeCompare(b.section) ||
      a.deductedOn.localeCompare(b.deductedOn) ||
      a.vendorName.localeCompare(b.vendorName),
  );
  const totals = (['194-O', '52'] as const).map((section) => {
    const of = rows.filter((r) => r.section === section);
    return {
      section,
      deductees: new Set(of.map((r) => r.vendorId)).size,
      amountMinor: of.reduce((n, r) => n + r.amountMinor, 0),
      taxMinor: of.reduce((n, r) => n + r.taxMinor, 0),
    };
  });
  return { quarter: { ...q, ...range }, timeZone: tz, rows, totals };
}

const rupees = (minor: number) => {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};
/** 10 bps → "0.10"; a fractional basis point keeps its digits. */
const percent = (bps: number) => (Number.isInteger(bps) ? (bps / 100).toFixed(2) : String(bps / 100));
const csvField = (x: string) => {
  const safe = /^[=+\-@]/.test(x) && !/^-\d/.test(x) ? `'${x}` : x;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/**
 * The quarter's summary as CSV for the returns: one row per deductee and week, amounts in rupees
 * with two decimals, dates in the tenant's time zone (YYYY-MM-DD). No PAN: "PANNOTAVBL", as the
 * TDS return expects it.
 */
export async function taxSummaryCsv(args: { db: Db; scope: Scope; input: z.input<typeof taxQuarterInput> }) {
  const s = await taxSummary(args);
  const tz = s.timeZone;
  const day = (d: Date | null) => (d ? localDate(tz, d.getTime()) : '');
  const header = [
    'Section',
    'Deductee (legal name)',
    'Vendor',
    'PAN',
    'GSTIN',
    'Week from',
    'Week to',
    'Date of deduction',
    'Amount paid or credited (INR)',
    'Rate (%)',
    'Tax deducted or collected (INR)',
    'Statement (week id)',
  ];
  const lines = [
    header,
    ...s.rows.map((r) => [
      r.section,
      r.legalName,
      r.vendorName,
      r.pan ?? 'PANNOTAVBL',
      r.gstNumber ?? '',
      day(r.weekStart),
      r.weekEnd ? localDate(tz, r.weekEnd.getTime() - 1) : '',
      r.deductedOn,
      rupees(r.amountMinor),
      percent(r.rateBps),
      rupees(r.taxMinor),
      r.weekId ?? '',
    ]),
    ...s.totals
      .filter((t) => t.deductees > 0)
      .map((t) => [
        t.section,
        `Total (${t.deductees} deductees)`,
        '',
        '',
        '',
        '',
        '',
        '',
        rupees(t.amountMinor),
        '',
        rupees(t.taxMinor),
        '',
      ]),
  ];
  const csv = lines.map((l) => l.map(csvField).join(',')).join('\r\n') + '\r\n';
  const filename = `tds-tcs-FY${s.quarter.fyStart}-${String((s.quarter.fyStart + 1) % 100).padStart(2, '0')}-Q${s.quarter.quarter}.csv`;
  return { filename, csv };
}
