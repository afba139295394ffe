import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import type { RouteShortfall } from './route-payout-run.ts';
import type { ReversalStatus } from './route-transfer-reversals.ts';

const storedShortfalls = z.array(
  z.object({
    vendorId: z.string().nullable(),
    name: z.string(),
    payableMinor: z.number().int(),
    transferredMinor: z.number().int(),
    shortMinor: z.number().int(),
  }),
);

/**
 * One payout run as its page shows it: what the last pass could not transfer (Razorpay Route, per
 * payee) and the transfers taken back after refunds. Operators only (a vendor sees its payouts).
 */
export async function getPayoutRun({ db, scope, runId }: { db: Db; scope: Scope; runId: string }) {
  const sdb = scopedDb(db, scope);
  const run = await sdb.payoutRun.findFirst({ where: { id: runId } });
  if (!run) throw new AppError('NOT_FOUND', 'No such payout run');
  const parsed = storedShortfalls.safeParse(run.shortfalls);
  const shortfalls: RouteShortfall[] = parsed.success ? parsed.data : [];
  const reversals = await sdb.routeTransferReversal.findMany({
    where: {
      payoutId: { in: (await sdb.payout.findMany({ where: { runId }, select: { id: true } })).map((p) => p.id) },
    },
    orderBy: { createdAt: 'asc' },
  });
  return {
    id: run.id,
    weekId: run.weekId,
    rail: run.rail,
    status: run.status,
    createdAt: run.createdAt,
    updatedAt: run.updatedAt,
    shortfalls,
    shortMinor: shortfalls.reduce((n, s) => n + s.shortMinor, 0),
    reversals: reversals.map((r) => ({
      id: r.id,
      payoutId: r.payoutId,
      vendorId: r.vendorId,
      refundId: r.refundId,
      amountMinor: minorOf(r.amountMinor),
      status: r.status as ReversalStatus,
      providerReversalId: r.providerReversalId,
      note: r.lastError,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    })),
  };
}
