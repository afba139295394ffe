import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { settlementSetup } from '../settlements/settlement-setup.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { postPayoutSent, RETURNED_STATUSES } from './payout-status.ts';
import { assertRouteEligible } from './razorpay-route-payouts.ts';
import {
  ROUTE_RAIL,
  routeAllocation,
  routeOperatorOwed,
  routeVendorsOwed,
  shortfallOf,
  type RouteShortfall,
} from './route-payout-run.ts';

export type PayoutRunResult = {
  runId: string;
  rail: string;
  created: number;
  /** Vendors with money to pay and no bank account to pay it to: nothing was created for them. */
  skippedNoBank: string[];
  /**
   * Razorpay Route: payees (vendors; vendorId null: the operator) whose payable the week's captured
   * payments could not cover in full, with the amount short. It stays owed; the next run pays it.
   */
  shortfalls: RouteShortfall[];
};

/**
 * Pays a closed week: one payout per vendor whose statement has a net payable, less what payouts of
 * this week already carry (a payout that failed or was reversed returned its money to the vendor's
 * balance, which the next statement pays). One run per week and rail; running it again creates only
 * what is still missing, each payout under its own idempotency key. Operator admins only.
 */
export async function createPayoutRun({
  db,
  scope,
  weekId,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  weekId: string;
  now?: Date;
}): Promise<PayoutRunResult> {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const week = await sdb.settlementWeek.findFirst({ where: { id: weekId } });
  if (!week) throw new AppError('NOT_FOUND', 'No such settlement week');
  if (week.status !== 'CLOSED') throw new AppError('CONFLICT', 'Close the week before paying it');
  const { payoutRail: rail, currency } = await settlementSetup(db, scope.tenantId);
  // RazorpayX payouts are recorded QUEUED here and sent by the worker (submitQueuedPayouts).
  const queued = rail === 'RAZORPAYX' || rail === ROUTE_RAIL;
  if (rail === ROUTE_RAIL) await assertRouteEligible(db, scope.tenantId);
  if (rail === 'RAZORPAYX' && !(await sdb.payoutRailAccount.findFirst({ select: { tenantId: true } }))) {
    throw new AppError('CONFLICT', 'Save your RazorpayX account under Settings → Payouts before paying through it');
  }

  return sdb.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`payout-run:${weekId}`}))`;
      const run =
        (await tx.payoutRun.findFirst({ where: { weekId, rail } })) ??
        (await tx.payoutRun.create({
          data: { tenantId: scope.tenantId, weekId, rail, createdById: scope.userId },
        }));
      const statements = await tx.settlementStatement.findMany({
        where: { weekId, siteKey: '', netPayableMinor: { gt: 0 } },
        orderBy: { vendorId: 'asc' },
      });
      const existing = await tx.payout.findMany({ where: { run: { weekId } } });
      const vendors = await tx.vendor.findMany({
        where: { id: { in: statements.map((s) => s.vendorId) } },
        select: { id: true, name: true, bankAccountNumber: true, bankIfsc: true },
      });
      const funds = await tx.vendorFundAccount.findMany({
        where: { vendorId: { in: statements.map((s) => s.vendorId) }, active: true },
        orderBy: { createdAt: 'desc' },
      });
      const linked = rail === ROUTE_RAIL ? await tx.vendorLinkedAccount.findMany({ select: { vendorId: true } }) : [];
      const skippedNoBank: string[] = [];
      let created = 0;
      const recordNew = async (payout: Awaited<ReturnType<typeof tx.payout.create>>) => {
        await tx.payoutEvent.create({
          data: {
            tenantId: scope.tenantId,
            payoutId: payout.id,
            status: payout.status,
            source: 'run',
            receivedAt: now,
          },
        });
        await postPayoutSent(tx, payout, now);
        created++;
      };
      const shortfalls: RouteShortfall[] = [];
      if (rail === ROUTE_RAIL) {
        // Route: what each payee is owed (this week's payable and any earlier shortfall), one
        // transfer (payout) per captured payment it is taken out of; vendors first, then the operator.
        const owed = await routeVendorsOwed(tx, { tenantId: scope.tenantId, weekId, weekEnd: week.weekEnd });
        const payees = await tx.vendor.findMany({
          where: { id: { in: [...owed.keys()] } },
          select: { id: true, name: true },
          orderBy: { id: 'asc' },
        });
        const queue = async (vendorId: string | null, name: string, amount: number) => {
          const parts = await routeAllocation(tx, {
            tenantId: scope.tenantId,
            vendorId,
            weekStart: week.weekStart,
            weekEnd: week.weekEnd,
            amountMinor: amount,
          });
          const made = existing.filter((p) => p.vendorId === vendorId).length;
          for (const [i, part] of parts.entries()) {
            const payout = await tx.payout.create({
              data: {
                tenantId: scope.tenantId,
                runId: run.id,
                vendorId,
                amountMinor: part.amountMinor,
                currency,
                rail,
                status: 'QUEUED',
                routePaymentId: part.paymentId,
                idempotencyKey: `route:${weekId}:${vendorId ?? 'operator'}:${part.paymentId}:${made + i + 1}`,
              },
            });
            await recordNew(payout);
          }
          const short = shortfallOf({ vendorId, name }, amount, parts);
          if (short) shortfalls.push(short);
        };
        for (const v of payees) {
          const amount = owed.get(v.id) ?? 0;
          if (amount <= 0) continue;
          if (!linked.some((l) => l.vendorId === v.id)) {
            skippedNoBank.push(v.name);
            continue;
          }
          await queue(v.id, v.name, amount);
        }
        const operatorOwed = await routeOperatorOwed(tx, { tenantId: scope.tenantId, weekEnd: week.weekEnd });
        if (operatorOwed > 0) {
          if (linked.some((l) => l.vendorId === null)) await queue(null, 'Operator', operatorOwed);
          else skippedNoBank.push('Operator (no linked account)');
        }
        await tx.payoutRun.update({ where: { id: run.id }, data: { shortfalls } });
      }
      for (const s of rail === ROUTE_RAIL ? [] : statements) {
        const mine = existing.filter((p) => p.vendorId === s.vendorId);
        const carried = mine
          .filter((p) => !RETURNED_STATUSES.includes(p.status as never))
          .reduce((n, p) => n + minorOf(p.amountMinor), 0);
        // A returned payout is paid by the next statement (its money is back in that week's figures).
        const returned = mine.some((p) => RETURNED_STATUSES.includes(p.status as never));
        const amount = minorOf(s.netPayableMinor) - carried;
        if (amount <= 0 || returned) continue;
        const vendor = vendors.find((v) => v.id === s.vendorId);
        const fund = funds.find((f) => f.vendorId === s.vendorId) ?? null;
        if (!fund && !(vendor?.bankAccountNumber && vendor.bankIfsc)) {
          skippedNoBank.push(vendor?.name ?? s.vendorId);
          continue;
        }
        const payout = await tx.payout.create({
          data: {
            tenantId: scope.tenantId,
            runId: run.id,
            vendorId: s.vendorId,
            fundAccountId: fund?.id ?? null,
            amountMinor: amount,
            currency,
            rail,
            status: queued ? 'QUEUED' : 'CREATED',
            idempotencyKey: `payout:${weekId}:${s.vendorId}:${mine.length + 1}`,
          },
        });
        await recordNew(payout);
      }
      await recordAudit(tx, scope, {
        action: 'payout_run.created',
        entityType: 'PayoutRun',
        entityId: run.id,
        after: { weekId, rail, created, skippedNoBank, shortfalls },
      });
      return { runId: run.id, rail, created, skippedNoBank, shortfalls };
    },
    { timeout: 60_000 },
  );
}
