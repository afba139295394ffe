import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { minorOf } from '../ledger/money-columns.ts';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, isVendorScope, type Scope } from '../tenancy/scope.ts';

/** Payout runs with their payouts (operators), newest first. */
export async function listPayoutRuns({ db, scope, take = 50 }: { db: Db; scope: Scope; take?: number }) {
  const sdb = scopedDb(db, scope);
  const runs = await sdb.payoutRun.findMany({
    orderBy: { createdAt: 'desc' },
    take: Math.min(take, 200),
    include: RUN_PAYOUTS,
  });
  return runs.map((r) => ({ ...r, payouts: r.payouts.map(withAmount) }));
}

const RUN_PAYOUTS = {
  payouts: { orderBy: { createdAt: 'asc' }, include: { events: { orderBy: { receivedAt: 'asc' } } } },
} as const;

export const listPayoutRunsPageInput = z.object({ ...cursorPageFields }).strict();

/** Payout runs with their payouts a page at a time (REST /payout-runs), newest first, keyset on (createdAt, id). */
export async function listPayoutRunsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listPayoutRunsPageInput>;
}) {
  assertOperator(scope);
  const f = listPayoutRunsPageInput.parse(input ?? {});
  const rows = await scopedDb(db, scope).payoutRun.findMany({
    where: afterCursor(f.cursor, { field: 'createdAt', dir: 'desc', kind: 'date' }) as Prisma.PayoutRunWhereInput,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
    include: RUN_PAYOUTS,
  });
  const page = pageOf(rows, f.limit, (r) => [r.createdAt.toISOString(), r.id]);
  return { ...page, items: page.items.map((r) => ({ ...r, payouts: r.payouts.map(withAmount) })) };
}

/** A payout's amount (BIGINT in the table) as a checked integer number for pages and JSON. */
export function withAmount<T extends { amountMinor: bigint }>(p: T): Omit<T, 'amountMinor'> & { amountMinor: number } {
  return { ...p, amountMinor: minorOf(p.amountMinor) };
}

export const PAYOUT_ROW = {
  id: true,
  vendorId: true,
  amountMinor: true,
  currency: true,
  rail: true,
  status: true,
  utr: true,
  failureReason: true,
  createdAt: true,
  updatedAt: true,
  runId: true,
} as const;

/** Payouts the scope may see (a vendor user: its own), newest first. */
export async function listPayouts({
  db,
  scope,
  vendorId,
  take = 100,
}: {
  db: Db;
  scope: Scope;
  vendorId?: string;
  take?: number;
}) {
  const sdb = scopedDb(db, scope);
  const rows = await sdb.payout.findMany({
    where: vendorId && !isVendorScope(scope) ? { vendorId } : {},
    orderBy: { createdAt: 'desc' },
    take: Math.min(take, 500),
    select: PAYOUT_ROW,
  });
  return rows.map(withAmount);
}
