import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { applyPayoutStatus } from './payout-status.ts';

export const markPayoutInput = z.discriminatedUnion('outcome', [
  z.object({
    payoutId: z.uuid(),
    outcome: z.literal('PAID'),
    /** The bank's unique transaction reference of the NEFT/RTGS/IMPS transfer. */
    utr: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{6,35}$/, 'a UTR is 6 to 35 letters and digits'),
  }),
  z.object({
    payoutId: z.uuid(),
    outcome: z.literal('FAILED'),
    reason: z.string().trim().min(1).max(300),
  }),
]);

/**
 * An operator records what became of an offline payout: paid with its UTR, or failed (the money
 * goes back to the vendor's balance). Marking the same outcome again changes nothing.
 */
export async function markPayout({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof markPayoutInput>;
  now?: Date;
}) {
  assertAdmin(scope);
  const f = markPayoutInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const payout = await tx.payout.findFirst({ where: { id: f.payoutId } });
    if (!payout) throw new AppError('NOT_FOUND', 'No such payout');
    const changed = await applyPayoutStatus(tx, {
      payout,
      status: f.outcome === 'PAID' ? 'PROCESSED' : 'FAILED',
      utr: f.outcome === 'PAID' ? f.utr : null,
      reason: f.outcome === 'FAILED' ? f.reason : null,
      source: 'operator',
      at: now,
    });
    if (changed) {
      await recordAudit(tx, scope, {
        action: f.outcome === 'PAID' ? 'payout.marked_paid' : 'payout.marked_failed',
        entityType: 'Payout',
        entityId: payout.id,
        after: f,
      });
    }
    const after = await tx.payout.findFirstOrThrow({ where: { id: payout.id } });
    return { changed, payout: { ...after, amountMinor: minorOf(after.amountMinor) } };
  });
}
