import type { JobRegistry } from '@magma/core/jobs';
import { submitQueuedPayouts } from '@magma/core/payouts';
import type { CredentialKeyring } from '@magma/core/webhooks';
import { closeDueWeeks } from '@magma/core/settlements';
import { sendStatementEmails } from '@magma/core/statements';
import type { Db } from '@magma/db';
import { statementMail } from './statement-mail.ts';

/** Every quarter hour: close each tenant's settlement weeks whose cut-off (plus grace) has passed. */
export const CLOSE_DUE_WEEKS = 'settlements.close-due-weeks';
/** Every minute: send queued RazorpayX payouts (a restarted worker picks up the ones not yet sent). */
export const SUBMIT_PAYOUTS = 'payouts.submit-queued';
/** Every five minutes: email each vendor its statement of a newly closed week, PDF attached, once. */
export const STATEMENT_EMAILS = 'statements.send-emails';

/** The product's periodic work, scheduled once across every worker process. */
export function registerProductJobs(
  jobs: JobRegistry,
  {
    db,
    log,
    keyring = null,
    resendApiKey,
  }: { db: Db; log: (msg: string) => void; keyring?: CredentialKeyring | null; resendApiKey?: string },
): JobRegistry {
  const mail = statementMail({ db, resendApiKey });
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
  jobs.add({
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
  return jobs.add({
    name: STATEMENT_EMAILS,
    cron: '*/5 * * * *',
    run: async () => {
      const r = await sendStatementEmails({
        db,
        mail,
        onError: (e, what) => log(`statement email failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (r.sent + r.outbox + r.failed > 0)
        log(`statement emails: ${r.sent} sent, ${r.outbox} to the dev outbox, ${r.failed} failed`);
      if (r.skippedNoEmail.length > 0)
        log(`statement emails: no contact email, not sent: ${r.skippedNoEmail.join('; ')}`);
    },
  });
}
