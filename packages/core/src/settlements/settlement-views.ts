import { z } from 'zod';
import type { Db, Prisma, SettlementWeekModel } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { addEntry, finishWeek, startWeek, weekContaining } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, isVendorScope, type Scope } from '../tenancy/scope.ts';
import { closeSettlementWeek } from './close-week.ts';
import { settlementSetup } from './settlement-setup.ts';
import { streamBookedEntries } from './week-entries.ts';
import { minorOf } from '../ledger/money-columns.ts';

// What the Settlements (operator) and Earnings (vendor) pages read. A vendor user sees only its own
// statements, through the scoped client.

const FIGURES = [
  'sessions',
  'grossMinor',
  'gstMinor',
  'gatewayFeeMinor',
  'platformFeeMinor',
  'vendorShareMinor',
  'tdsMinor',
  'tcsMinor',
  'refundsMinor',
  'adjustmentsMinor',
  'weekNetMinor',
  'netPayableMinor',
] as const;
type Figure = (typeof FIGURES)[number];
export type WeekTotals = Record<Figure, number> & { energyWh: number };

type StoredFigures = Record<Figure | 'energyWh' | 'openingMinor', bigint | number>;

/**
 * A stored statement with its figures as numbers: the columns are bigint so a large vendor's
 * figures cannot overflow, and every amount is checked to be exact as a number (below 2^53 paise,
 * ₹90 lakh crore) before it reaches a page or a JSON answer.
 */
function plain<T extends StoredFigures>(s: T) {
  const out = { ...s } as Omit<T, keyof StoredFigures> & Record<keyof StoredFigures, number>;
  for (const f of [...FIGURES, 'energyWh', 'openingMinor'] as const) out[f] = minorOf(s[f]);
  return out;
}

function totalsOf(rows: (Record<Figure, number> & { energyWh: number })[]): WeekTotals {
  const t = Object.fromEntries(FIGURES.map((f) => [f, 0])) as Record<Figure, number>;
  let energyWh = 0;
  for (const r of rows) {
    for (const f of FIGURES) t[f] += r[f];
    energyWh += r.energyWh;
  }
  for (const f of FIGURES) minorOf(t[f]);
  return { ...t, energyWh: minorOf(energyWh) };
}

/** Settlement weeks, newest first, with their vendors' totals (a vendor user: its own). */
export async function listSettlementWeeks({ db, scope, take = 26 }: { db: Db; scope: Scope; take?: number }) {
  const sdb = scopedDb(db, scope);
  const weeks = await sdb.settlementWeek.findMany({ orderBy: { weekStart: 'desc' }, take: Math.min(take, 104) });
  return withWeekTotals(sdb, weeks);
}

export const listSettlementWeeksPageInput = z.object({ ...cursorPageFields }).strict();

/** Settlement weeks with their totals a page at a time (REST /settlement-weeks), newest first, keyset on (weekStart, id). */
export async function listSettlementWeeksPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSettlementWeeksPageInput>;
}) {
  const f = listSettlementWeeksPageInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const rows = await sdb.settlementWeek.findMany({
    where: afterCursor(f.cursor, { field: 'weekStart', dir: 'desc', kind: 'date' }) as Prisma.SettlementWeekWhereInput,
    orderBy: [{ weekStart: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
  });
  const page = pageOf(rows, f.limit, (w) => [w.weekStart.toISOString(), w.id]);
  return { items: await withWeekTotals(sdb, page.items), nextCursor: page.nextCursor };
}

type WeekRow = Pick<SettlementWeekModel, 'id' | 'weekStart' | 'weekEnd' | 'status' | 'closedAt'>;

async function withWeekTotals(sdb: ReturnType<typeof scopedDb>, weeks: WeekRow[]) {
  const statements = (
    await sdb.settlementStatement.findMany({
      where: { weekId: { in: weeks.map((w) => w.id) }, siteKey: '' },
    })
  ).map(plain);
  return weeks.map((w) => ({
    id: w.id,
    weekStart: w.weekStart,
    weekEnd: w.weekEnd,
    status: w.status,
    closedAt: w.closedAt,
    vendors: statements.filter((s) => s.weekId === w.id).length,
    totals: totalsOf(statements.filter((s) => s.weekId === w.id)),
  }));
}

/** One week: per vendor and per site statements, with names. */
export async function getSettlementWeek({ db, scope, weekId }: { db: Db; scope: Scope; weekId: string }) {
  const sdb = scopedDb(db, scope);
  const week = await sdb.settlementWeek.findFirst({ where: { id: z.uuid().parse(weekId) } });
  if (!week) throw new AppError('NOT_FOUND', 'No such settlement week');
  const statements = (
    await sdb.settlementStatement.findMany({
      where: { weekId: week.id },
      orderBy: { vendorId: 'asc' },
    })
  ).map(plain);
  const vendors = await sdb.vendor.findMany({
    where: { id: { in: [...new Set(statements.map((s) => s.vendorId))] } },
    select: { id: true, name: true },
  });
  const sites = await sdb.site.findMany({
    where: { id: { in: statements.map((s) => s.siteKey).filter((k) => k && k !== 'none') } },
    select: { id: true, name: true },
  });
  return {
    week,
    vendors: statements
      .filter((s) => s.siteKey === '')
      .map((s) => ({
        ...s,
        vendorName: vendors.find((v) => v.id === s.vendorId)?.name ?? s.vendorId,
        sites: statements
          .filter((x) => x.vendorId === s.vendorId && x.siteKey !== '')
          .map((x) => ({ ...x, siteName: sites.find((y) => y.id === x.siteKey)?.name ?? 'No site' })),
      })),
    totals: totalsOf(statements.filter((s) => s.siteKey === '')),
  };
}

/**
 * The open week so far, as its statement would read if it closed now (nothing is written): for a
 * vendor user its own figures, for an operator every vendor's.
 */
export async function weekSoFar({ db, scope, now = new Date() }: { db: Db; scope: Scope; now?: Date }) {
  const setup = await settlementSetup(db, scope.tenantId);
  const week = weekContaining(now.getTime(), setup.week);
  const vendorId = isVendorScope(scope) ? scope.vendorId : null;
  const vendors = await scopedDb(db, scope).vendor.findMany({ select: { id: true, pan: true, name: true } });
  const acc = startWeek({
    week,
    currency: setup.currency,
    taxRules: setup.taxRules,
    vendors: new Map(vendors.map((v) => [v.id, { pan: v.pan }])),
  });
  for await (const page of streamBookedEntries(db, {
    tenantId: scope.tenantId,
    from: new Date(week.start),
    to: new Date(Math.min(week.end, now.getTime() + 1)),
    vendorId,
  })) {
    for (const e of page) if (!vendorId || e.vendorId === vendorId) addEntry(acc, e);
  }
  const closed = finishWeek(acc, { openingCarry: new Map() });
  return {
    weekStart: new Date(week.start),
    weekEnd: new Date(week.end),
    vendors: closed.vendors
      .filter((v) => v.vendorId !== null)
      .map((v) => ({
        vendorId: v.vendorId!,
        vendorName: vendors.find((x) => x.id === v.vendorId)?.name ?? v.vendorId!,
        sessions: v.sessions,
        energyWh: Math.round(v.energyMwh / 1000),
        grossMinor: v.grossCollectedMinor,
        vendorShareMinor: v.vendorShareMinor,
        tdsMinor: v.tdsMinor,
        tcsMinor: v.tcsMinor,
        refundsMinor: v.vendorRefundsMinor,
        weekNetMinor: v.movementMinor,
      })),
  };
}

/** A vendor's statement for a week as CSV: the vendor's total row, then one row per site. */
export async function statementCsv({
  db,
  scope,
  weekId,
  vendorId,
}: {
  db: Db;
  scope: Scope;
  weekId: string;
  vendorId: string;
}) {
  const { week, vendors } = await getSettlementWeek({ db, scope, weekId });
  const v = vendors.find((x) => x.vendorId === vendorId);
  if (!v) throw new AppError('NOT_FOUND', 'No statement for this vendor in that week');
  const header = [
    'Scope',
    'Sessions',
    'Energy (kWh)',
    'Gross collected',
    'GST',
    'Vendor share',
    'Gateway fees borne',
    'Platform fees borne',
    'Refunds',
    'Adjustments',
    'TDS (194-O)',
    'TCS (section 52)',
    'Week net',
    'Opening carry',
    'Net payable',
  ];
  const money = (n: number) => {
    const abs = Math.abs(n);
    return `${n < 0 ? '-' : ''}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
  };
  const kwh = (wh: number) => `${Math.trunc(wh / 1000)}.${String(wh % 1000).padStart(3, '0')}`;
  const row = (label: string, s: (typeof vendors)[number] | (typeof vendors)[number]['sites'][number]) => [
    label,
    String(s.sessions),
    kwh(s.energyWh),
    money(s.grossMinor),
    money(s.gstMinor),
    money(s.vendorShareMinor),
    money(s.gatewayFeeMinor),
    money(s.platformFeeMinor),
    money(s.refundsMinor),
    money(s.adjustmentsMinor),
    money(s.tdsMinor),
    money(s.tcsMinor),
    money(s.weekNetMinor),
    money(s.openingMinor),
    money(s.netPayableMinor),
  ];
  const field = (x: string) => {
    const safe = /^[=+\-@]/.test(x) && !/^-\d/.test(x) ? `'${x}` : x;
    return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
  };
  const lines = [header, row(`${v.vendorName} (total)`, v), ...v.sites.map((s) => row(s.siteName, s))];
  const csv = lines.map((l) => l.map(field).join(',')).join('\r\n') + '\r\n';
  const day = week.weekStart.toISOString().slice(0, 10);
  return { filename: `statement-${day}-${v.vendorName.replace(/[^A-Za-z0-9]+/g, '-')}.csv`, csv };
}

/** An operator admin closes an ended week from the Settlements page (the scheduled job does it otherwise). */
export async function closeWeekByOperator({ db, scope, at }: { db: Db; scope: Scope; at: Date }) {
  assertAdmin(scope);
  return closeSettlementWeek({ db, tenantId: scope.tenantId, at, closedById: scope.userId });
}
