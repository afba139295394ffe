import type { JobRegistry } from '@magma/core/jobs';
import { submitQueuedPayouts } from '@magma/core/payouts';
import type { CredentialKeyring } from '@magma/core/webhooks';
import { closeDueWeeks } from '@magma/core/settlements';
import type { Db } from '@magma/db';

/** Every quarter hour: close each tenant's settlement weeks whose cut-off (plus grace) has passed. */
export const CLOSE_DUE_WEEKS = 'settlements.close-due-weeks';
/** Every minute: send queued RazorpayX payouts (a restarted worker picks up the ones not yet sent). */
export const SUBMIT_PAYOUTS = 'payouts.submit-queued';

/** The product's periodic work, scheduled once across every worker process. */
export function registerProductJobs(
  jobs: JobRegistry,
  { db, log, keyring = null }: { db: Db; log: (msg: string) => void; keyring?: CredentialKeyring | null },
): JobRegistry {
  jobs.add({
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
  return jobs.add({
    name: SUBMIT_PAYOUTS,
    cron: '* * * * *',
    run: async () => {
      const r = await submitQueuedPayouts({
        db,
        keyring,
        onError: (e, what) =>
          log(`payout submission failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (r.submitted + r.failed + r.waiting > 0)
        log(`payouts: ${r.submitted} sent, ${r.failed} failed, ${r.waiting} waiting`);
    },
  });
}
