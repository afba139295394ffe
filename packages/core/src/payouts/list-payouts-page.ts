import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { cursorPageFields } from '../pagination/cursor-page.ts';
import { blankless, majorUnits, zonedTimestamp } from '../pagination/list-csv.ts';
import { sortedPage, type SortKey } from '../pagination/sorted-page.ts';
import { csvLine } from '../fleet/csv.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';
import { PAYOUT_ROW, withAmount } from './list-payouts.ts';

// The Payouts list at fleet scale (the Payouts page, its CSV and REST /payouts): filtered by
// vendor, status, run and a date range, newest or largest first, keyset pages both ways.

export const PAYOUT_SORTS = {
  '-createdAt': { field: 'createdAt', dir: 'desc', kind: 'date' },
  createdAt: { field: 'createdAt', dir: 'asc', kind: 'date' },
  '-amount': { field: 'amountMinor', dir: 'desc', kind: 'number' },
  amount: { field: 'amountMinor', dir: 'asc', kind: 'number' },
} as const satisfies Record<string, SortKey>;

export const payoutFilterInput = z
  .object({
    /** An operator's filter; a vendor user always gets its own. */
    vendorId: z.uuid().optional(),
    status: z.string().trim().max(40).optional(),
    runId: z.uuid().optional(),
    /** Created at or after this instant. */
    from: z.iso.datetime({ offset: true }).optional(),
    /** Created before this instant. */
    to: z.iso.datetime({ offset: true }).optional(),
    sort: z.enum(Object.keys(PAYOUT_SORTS) as [keyof typeof PAYOUT_SORTS]).default('-createdAt'),
  })
  .strict();

export const listPayoutsPageInput = payoutFilterInput.extend(cursorPageFields);

type Filter = z.output<typeof payoutFilterInput>;

function payoutWhere(f: Filter, scope: Scope): Prisma.PayoutWhereInput {
  if (f.from && f.to && new Date(f.from) >= new Date(f.to))
    throw new AppError('BAD_INPUT', 'The date range is empty: "from" must come before "to"');
  return {
    ...(f.vendorId && !isVendorScope(scope) ? { vendorId: f.vendorId } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.runId ? { runId: f.runId } : {}),
    ...(f.from || f.to
      ? { createdAt: { ...(f.from ? { gte: new Date(f.from) } : {}), ...(f.to ? { lt: new Date(f.to) } : {}) } }
      : {}),
  };
}

/** Payouts a page at a time (a vendor user: its own), in the chosen order, with next and previous cursors. */
export async function listPayoutsPage({
  db,
  scope,
  input = {},
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listPayoutsPageInput>;
}) {
  const { cursor, limit, ...f } = listPayoutsPageInput.parse(input);
  const sdb = scopedDb(db, scope);
  const page = await sortedPage({
    find: (args) => sdb.payout.findMany({ ...(args as Prisma.PayoutFindManyArgs), select: PAYOUT_ROW }),
    where: payoutWhere(f, scope) as Record<string, unknown>,
    sort: PAYOUT_SORTS[f.sort],
    cursor,
    limit,
  });
  return { ...page, items: page.items.map(withAmount) };
}

/** The number of payouts and their sum in paise for the filter (the page's totals line). */
export async function sumPayouts({
  db,
  scope,
  input = {},
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof payoutFilterInput>;
}) {
  const f = payoutFilterInput.parse(input);
  const r = await scopedDb(db, scope).payout.aggregate({
    where: payoutWhere(f, scope),
    _count: { _all: true },
    _sum: { amountMinor: true },
  });
  return { payouts: r._count._all, amountMinor: Number(r._sum.amountMinor ?? 0n) };
}

export const MAX_PAYOUT_EXPORT_ROWS = 200_000;

const HEADER = [
  'payout_id',
  'created_at',
  'vendor',
  'amount_inr',
  'amount_paise',
  'currency',
  'rail',
  'status',
  'utr',
  'failure_reason',
  'updated_at',
  'run_id',
] as const;

/**
 * The Payouts list as CSV in the page's order: times in the tenant's time zone with the offset,
 * amounts in rupees with two decimals (and paise); refused before the first byte past maxRows.
 */
export async function* exportPayoutsCsv({
  db,
  scope,
  input,
  batchSize = 1000,
  maxRows = MAX_PAYOUT_EXPORT_ROWS,
}: {
  db: Db;
  scope: Scope;
  input?: Record<string, unknown>;
  batchSize?: number;
  maxRows?: number;
}): AsyncGenerator<string> {
  const f = payoutFilterInput.parse(blankless(input ?? {}));
  const sdb = scopedDb(db, scope);
  const where = payoutWhere(f, scope);
  const [count, tenant, vendors] = await Promise.all([
    sdb.payout.count({ where }),
    db.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { timezone: true } }),
    sdb.vendor.findMany({ select: { id: true, name: true } }),
  ]);
  if (count > maxRows)
    throw new AppError(
      'BAD_INPUT',
      `The filter selects ${count.toLocaleString('en-IN')} payouts; an export holds at most ${maxRows.toLocaleString('en-IN')}: narrow the dates`,
    );
  const tz = tenant.timezone;
  const vendorName = new Map(vendors.map((v) => [v.id, v.name]));
  yield csvLine(HEADER);
  let cursor: string | undefined;
  do {
    const page = await sortedPage({
      find: (args) => sdb.payout.findMany({ ...(args as Prisma.PayoutFindManyArgs), select: PAYOUT_ROW }),
      where: where as Record<string, unknown>,
      sort: PAYOUT_SORTS[f.sort],
      cursor,
      limit: batchSize,
    });
    if (page.items.length)
      yield page.items
        .map((p) =>
          csvLine([
            p.id,
            zonedTimestamp(p.createdAt, tz),
            p.vendorId ? (vendorName.get(p.vendorId) ?? p.vendorId) : 'Operator (Route transfer)',
            majorUnits(p.amountMinor),
            p.amountMinor.toString(),
            p.currency,
            p.rail,
            p.status,
            p.utr,
            p.failureReason,
            zonedTimestamp(p.updatedAt, tz),
            p.runId,
          ]),
        )
        .join('');
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}
