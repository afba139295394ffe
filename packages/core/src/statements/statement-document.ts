import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

// One closed statement as a document: what the PDF shows and the email attaches. A statement row is
// either a vendor's total for the week (siteKey '') with its sites, or one site of it. Read through
// the scoped client, so a vendor user reaches its own statements only and anything else is NOT_FOUND.

export type StatementFigures = {
  sessions: number;
  energyWh: number;
  grossMinor: number;
  gstMinor: number;
  gatewayFeeMinor: number;
  platformFeeMinor: number;
  vendorShareMinor: number;
  tdsMinor: number;
  tcsMinor: number;
  refundsMinor: number;
  adjustmentsMinor: number;
  weekNetMinor: number;
  /** Only on a vendor's total: brought forward, paid or payable, carried forward. */
  openingMinor: number;
  netPayableMinor: number;
  carriedForwardMinor: number;
};

export type StatementDocument = {
  id: string;
  weekId: string;
  operator: { name: string; timeZone: string; currency: string };
  vendor: {
    id: string;
    name: string;
    legalName: string;
    gstNumber: string | null;
    panMasked: string | null;
    bankMasked: string | null;
  };
  /** The vendor's statement over all its sites, or one site's part of it. */
  site: { id: string | null; name: string } | null;
  periodStart: Date;
  periodEnd: Date;
  closedAt: Date | null;
  figures: StatementFigures;
  sites: ({ statementId: string; siteId: string | null; siteName: string } & StatementFigures)[];
  payouts: { id: string; createdAt: Date; amountMinor: number; status: string; utr: string | null }[];
};

/** "ABCDE1234F" → "••••••234F": enough to recognise, not to reuse. */
export function maskPan(pan: string | null): string | null {
  if (!pan) return null;
  const p = pan.trim().toUpperCase();
  return p.length <= 4 ? '••••' : `${'•'.repeat(p.length - 4)}${p.slice(-4)}`;
}

/** An account number to its last four digits (with the IFSC, which is public); a UPI address to its first two characters and its handle. */
export function maskBank(a: {
  accountNumber?: string | null;
  ifsc?: string | null;
  vpa?: string | null;
}): string | null {
  if (a.accountNumber) {
    const digits = a.accountNumber.replace(/\s+/g, '');
    return `A/c ••••${digits.slice(-4)}${a.ifsc ? ` · IFSC ${a.ifsc.toUpperCase()}` : ''}`;
  }
  if (a.vpa) {
    const [user = '', handle = ''] = a.vpa.split('@');
    return `UPI ${user.slice(0, 2)}••••@${handle}`;
  }
  return null;
}

type Money = bigint | number;
type Row = {
  id: string;
  siteKey: string;
  sessions: number;
  energyWh: bigint;
  grossMinor: Money;
  gstMinor: Money;
  gatewayFeeMinor: Money;
  platformFeeMinor: Money;
  vendorShareMinor: Money;
  tdsMinor: Money;
  tcsMinor: Money;
  refundsMinor: Money;
  adjustmentsMinor: Money;
  weekNetMinor: Money;
  openingMinor: Money;
  netPayableMinor: Money;
};

function figuresOf(r: Row): StatementFigures {
  const opening = minorOf(r.openingMinor);
  const weekNet = minorOf(r.weekNetMinor);
  const netPayable = minorOf(r.netPayableMinor);
  return {
    sessions: r.sessions,
    energyWh: Number(r.energyWh),
    grossMinor: minorOf(r.grossMinor),
    gstMinor: minorOf(r.gstMinor),
    gatewayFeeMinor: minorOf(r.gatewayFeeMinor),
    platformFeeMinor: minorOf(r.platformFeeMinor),
    vendorShareMinor: minorOf(r.vendorShareMinor),
    tdsMinor: minorOf(r.tdsMinor),
    tcsMinor: minorOf(r.tcsMinor),
    refundsMinor: minorOf(r.refundsMinor),
    adjustmentsMinor: minorOf(r.adjustmentsMinor),
    weekNetMinor: weekNet,
    openingMinor: opening,
    netPayableMinor: netPayable,
    // What the close carries into the next week (close-week.ts: opening + week net − net payable).
    carriedForwardMinor: opening + weekNet - netPayable,
  };
}

export const statementIdSchema = z.uuid();

/** The statement `statementId` as its PDF shows it; NOT_FOUND when the scope cannot see it. */
export async function getStatementDocument({
  db,
  scope,
  statementId,
}: {
  db: Db;
  scope: Scope;
  statementId: string;
}): Promise<StatementDocument> {
  const id = statementIdSchema.safeParse(statementId);
  if (!id.success) throw new AppError('NOT_FOUND', 'No such statement');
  const sdb = scopedDb(db, scope);
  const row = await sdb.settlementStatement.findFirst({ where: { id: id.data } });
  if (!row) throw new AppError('NOT_FOUND', 'No such statement');
  const [week, vendor, tenant, fund] = await Promise.all([
    sdb.settlementWeek.findFirst({ where: { id: row.weekId } }),
    sdb.vendor.findFirst({ where: { id: row.vendorId } }),
    db.tenant.findUniqueOrThrow({
      where: { id: scope.tenantId },
      select: { name: true, timezone: true, currency: true },
    }),
    sdb.vendorFundAccount.findFirst({
      where: { vendorId: row.vendorId, active: true },
      orderBy: { createdAt: 'desc' },
    }),
  ]);
  if (!week || !vendor) throw new AppError('NOT_FOUND', 'No such statement');

  const parts =
    row.siteKey === ''
      ? await sdb.settlementStatement.findMany({
          where: { weekId: row.weekId, vendorId: row.vendorId, siteKey: { not: '' } },
        })
      : [row];
  const siteIds = parts.map((p) => p.siteKey).filter((k) => k !== '' && k !== 'none');
  const sites = await sdb.site.findMany({ where: { id: { in: siteIds } }, select: { id: true, name: true } });
  const siteName = (key: string) => sites.find((s) => s.id === key)?.name ?? 'No site';
  const payouts =
    row.siteKey === ''
      ? await sdb.payout.findMany({
          where: { vendorId: row.vendorId, run: { weekId: row.weekId } },
          orderBy: { createdAt: 'asc' },
          select: { id: true, createdAt: true, amountMinor: true, status: true, utr: true },
        })
      : [];
  const payoutFigures = payouts.map((p) => ({ ...p, amountMinor: minorOf(p.amountMinor) }));

  return {
    id: row.id,
    weekId: row.weekId,
    operator: { name: tenant.name, timeZone: tenant.timezone, currency: tenant.currency },
    vendor: {
      id: vendor.id,
      name: vendor.name,
      legalName: vendor.legalName,
      gstNumber: vendor.gstNumber,
      panMasked: maskPan(vendor.pan),
      bankMasked: maskBank(fund ?? { accountNumber: vendor.bankAccountNumber, ifsc: vendor.bankIfsc, vpa: null }),
    },
    site: row.siteKey === '' ? null : { id: row.siteKey === 'none' ? null : row.siteKey, name: siteName(row.siteKey) },
    periodStart: week.weekStart,
    periodEnd: week.weekEnd,
    closedAt: week.closedAt,
    figures: figuresOf(row),
    sites:
      row.siteKey === ''
        ? parts
            .map((p) => ({
              statementId: p.id,
              siteId: p.siteKey === 'none' ? null : p.siteKey,
              siteName: siteName(p.siteKey),
              ...figuresOf(p),
            }))
            .sort((a, b) => a.siteName.localeCompare(b.siteName))
        : [],
    payouts: payoutFigures,
  };
}

/** "statement-2026-11-16-sunrise-malls.pdf" (the week's first local day, the vendor and the site). */
export function statementFilename(d: StatementDocument): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: d.operator.timeZone }).format(d.periodStart);
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40);
  return `statement-${day}-${[slug(d.vendor.name), d.site ? slug(d.site.name) : ''].filter(Boolean).join('-')}.pdf`;
}
