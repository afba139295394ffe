import { z } from 'zod';
import type { Db } from '@magma/db';
import { MAX_RECONCILIATION_BYTES, parseReconciliationCsv, PaymentError, type PayoutEvent } from '@magma/payments';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { minorOf } from '../ledger/money-columns.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { applyPayoutStatus, movesForward, type PayoutStatus } from './payout-status.ts';

// The offline rail's last step: the bank's response file (one row per transfer: our payout id as
// the payment reference, the UTR, the status and the amount) applied to a run's payouts through the
// same path as an operator marking one paid or failed. Each (payout, status) applies once, so the
// same file uploaded twice changes nothing; a failed or returned row gives the money back to the
// vendor's balance. Rows that do not match the run (unknown reference, other amount, unreadable)
// are reported and never applied.

export const reconcileBankFileInput = z
  .object({
    runId: z.uuid(),
    csv: z.string().min(1).max(MAX_RECONCILIATION_BYTES),
  })
  .strict();

/** line: the file's line (header is 1), null where the row read fine but the payout's state contradicts it. */
export type ReconcileProblem = { line: number | null; reference: string | null; message: string };

const STATUS: Record<PayoutEvent['status'], PayoutStatus | undefined> = {
  queued: 'QUEUED',
  pending: 'PENDING',
  processing: 'PROCESSING',
  processed: 'PROCESSED',
  failed: 'FAILED',
  cancelled: 'CANCELLED',
  rejected: 'REJECTED',
  reversed: 'REVERSED',
};

const RETURNED: readonly string[] = ['FAILED', 'CANCELLED', 'REJECTED', 'REVERSED'];

export async function reconcileBankFile({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof reconcileBankFileInput>;
  now?: Date;
}) {
  assertAdmin(scope);
  const f = reconcileBankFileInput.parse(input);
  const sdb = scopedDb(db, scope);
  const run = await sdb.payoutRun.findFirst({ where: { id: f.runId } });
  if (!run) throw new AppError('NOT_FOUND', 'No such payout run');
  if (run.rail !== 'OFFLINE') throw new AppError('CONFLICT', `This run is paid through ${run.rail}, not a bank file`);
  // Every payout of the run is expected, whatever its state: a row for one already settled is
  // "already applied" (or a contradiction), never an unknown reference.
  const payouts = await sdb.payout.findMany({ where: { runId: run.id } });
  const expected = new Map(payouts.map((p) => [p.id, minorOf(p.amountMinor)]));
  let parsed: ReturnType<typeof parseReconciliationCsv>;
  try {
    parsed = parseReconciliationCsv(f.csv, expected);
  } catch (e) {
    if (PaymentError.is(e)) throw new AppError('BAD_INPUT', e.message);
    throw e;
  }
  const problems: ReconcileProblem[] = parsed.problems.map((p) => ({ ...p, reference: null }));
  const applied: { payoutId: string; status: PayoutStatus; utr: string | null }[] = [];
  const alreadyApplied: string[] = [];
  await sdb.$transaction(
    async (tx) => {
      for (const ev of parsed.events) {
        const status = STATUS[ev.status];
        // The parser only lets through references of this run (the expected map).
        const payout =
          ev.reference && expected.has(ev.reference)
            ? await tx.payout.findFirst({ where: { id: ev.reference, runId: run.id } })
            : null;
        if (!status || !payout) {
          problems.push({ line: null, reference: ev.reference, message: `no payout ${ev.reference} in this run` });
          continue;
        }
        // A row that cannot move the payout (already there, or contradicting it) is not recorded.
        const changed =
          movesForward(payout.status, status) &&
          (await applyPayoutStatus(tx, {
            payout,
            status,
            utr: ev.utr,
            reason: ev.failureReason,
            source: 'bank-file',
            at: now,
          }));
        if (changed) {
          applied.push({ payoutId: payout.id, status, utr: ev.utr });
          continue;
        }
        const current = await tx.payout.findFirstOrThrow({ where: { id: payout.id } });
        const same = current.status === status || (RETURNED.includes(current.status) && RETURNED.includes(status));
        if (same && (status !== 'PROCESSED' || !ev.utr || current.utr === ev.utr)) {
          alreadyApplied.push(payout.id);
        } else {
          problems.push({
            line: null,
            reference: payout.id,
            message:
              `payout ${payout.id} is already ${current.status.toLowerCase()}` +
              `${current.utr ? ` (UTR ${current.utr})` : ''}; the bank file says ${ev.status}` +
              `${ev.utr ? ` with UTR ${ev.utr}` : ''}`,
          });
        }
      }
      if (applied.length) {
        await recordAudit(tx, scope, {
          action: 'payout.reconciled',
          entityType: 'PayoutRun',
          entityId: run.id,
          after: {
            applied,
            alreadyApplied: alreadyApplied.length,
            problems: problems.length,
          },
        });
      }
    },
    { timeout: 120_000 },
  );
  return {
    runId: run.id,
    rows: parsed.events.length + parsed.problems.length,
    applied,
    alreadyApplied: alreadyApplied.length,
    problems: problems.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity)),
  };
}
