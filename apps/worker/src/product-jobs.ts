import type { JobRegistry } from '@magma/core/jobs';
import { closeDueWeeks } from '@magma/core/settlements';
import type { Db } from '@magma/db';

/** Every quarter hour: close each tenant's settlement weeks whose cut-off (plus grace) has passed. */
export const CLOSE_DUE_WEEKS = 'settlements.close-due-weeks';

/** The product's periodic work, scheduled once across every worker process. */
export function registerProductJobs(
  jobs: JobRegistry,
  { db, log }: { db: Db; log: (msg: string) => void },
): JobRegistry {
  return jobs.add({
    name: CLOSE_DUE_WEEKS,
    cron: '*/15 * * * *',
    run: async () => {
      const closed = await closeDueWeeks({
        db,
        onError: (e, tenantId) =>
          log(`settlement close failed for tenant ${tenantId}: ${e instanceof Error ? e.message : String(e)}`),
      });
      const now = closed.filter((w) => w.closedNow).length;
      if (now > 0) log(`settlements: ${now} week(s) closed`);
    },
  });
}
