import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';

/** Payout runs with their payouts (operators), newest first. */
export async function listPayoutRuns({ db, scope, take = 50 }: { db: Db; scope: Scope; take?: number }) {
  const sdb = scopedDb(db, scope);
  return sdb.payoutRun.findMany({
    orderBy: { createdAt: 'desc' },
    take: Math.min(take, 200),
    include: { payouts: { orderBy: { createdAt: 'asc' }, include: { events: { orderBy: { receivedAt: 'asc' } } } } },
  });
}

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
  return sdb.payout.findMany({
    where: vendorId && !isVendorScope(scope) ? { vendorId } : {},
    orderBy: { createdAt: 'desc' },
    take: Math.min(take, 500),
    select: {
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
    },
  });
}
