import type { Db } from '@magma/db';
import { nextWeek, weekContaining } from '@magma/ledger';
import { closeSettlementWeek, type CloseWeekResult } from './close-week.ts';
import { settlementSetup } from './settlement-setup.ts';

/** A week is closed this long after its cut-off, so settlements finishing at the cut-off are in. */
export const CLOSE_GRACE_MS = 15 * 60_000;
/** At most this many weeks per tenant per run (a tenant catching up closes the rest next run). */
const MAX_WEEKS_PER_RUN = 12;

/**
 * Closes every tenant's weeks that have ended (plus a grace period), oldest first, from the week
 * after its last closed one (or the week of its first posting, or else just the last ended week).
 * Meant for a scheduled job; safe to run any number of times and concurrently with itself.
 */
export async function closeDueWeeks({
  db,
  now = new Date(),
  tenantIds,
  onError,
}: {
  db: Db;
  now?: Date;
  /** Only these tenants (default: all). */
  tenantIds?: string[];
  onError?: (e: unknown, tenantId: string) => void;
}): Promise<CloseWeekResult[]> {
  const tenants = await db.tenant.findMany({
    where: tenantIds ? { id: { in: tenantIds } } : {},
    select: { id: true },
    orderBy: { id: 'asc' },
  });
  const out: CloseWeekResult[] = [];
  const due = now.getTime() - CLOSE_GRACE_MS;
  for (const { id: tenantId } of tenants) {
    try {
      const setup = await settlementSetup(db, tenantId);
      const lastClosed = await db.settlementWeek.findFirst({
        where: { tenantId, status: 'CLOSED' },
        orderBy: { weekEnd: 'desc' },
        select: { weekEnd: true },
      });
      let from: number;
      if (lastClosed) from = lastClosed.weekEnd.getTime();
      else {
        const first = await db.journalEntry.findFirst({
          where: { tenantId },
          orderBy: { bookedAt: 'asc' },
          select: { bookedAt: true },
        });
        const lastEnded = weekContaining(due, setup.week).start - 1;
        from = Math.min(first?.bookedAt.getTime() ?? lastEnded, lastEnded);
      }
      let week = weekContaining(from, setup.week);
      for (let i = 0; i < MAX_WEEKS_PER_RUN && week.end <= due; i++) {
        out.push(await closeSettlementWeek({ db, tenantId, at: new Date(week.start), now }));
        week = nextWeek(week, setup.week);
      }
    } catch (e) {
      onError?.(e, tenantId);
    }
  }
  return out;
}
