import type { Bus } from '@magma/core/bus';
import { renewExpiringCertificates } from '@magma/core/certificates';
import { expireDeviceReports } from '@magma/core/device-model';
import { pruneEventLog } from '@magma/core/events';
import { rollUpPower } from '@magma/core/fleet';
import { runDueExports } from '@magma/core/exports';
import type { JobRegistry } from '@magma/core/jobs';
import { recomputeSites } from '@magma/core/load-balancing';
import {
  pollInFlightPayouts,
  pollRouteTransfers,
  reverseRouteTransfers,
  submitQueuedPayouts,
  submitRouteTransfers,
  type platformRouteClient,
} from '@magma/core/payouts';
import type { CredentialKeyring } from '@magma/core/webhooks';
import { closeDueWeeks } from '@magma/core/settlements';
import { runOscpTick } from '@magma/core/oscp';
import { sendStatementEmails } from '@magma/core/statements';
import type { Db } from '@magma/db';
import { sendFaultEmails } from '@magma/core/notifications';
import { faultMail } from './fault-mail.ts';
import { statementMail } from './statement-mail.ts';

/** Every quarter hour: close each tenant's settlement weeks whose cut-off (plus grace) has passed. */
export const CLOSE_DUE_WEEKS = 'settlements.close-due-weeks';
/**
 * Every minute: send queued RazorpayX payouts (a restarted worker picks up the ones not yet sent),
 * then ask RazorpayX about payouts long in flight without a webhook.
 */
export const SUBMIT_PAYOUTS = 'payouts.submit-queued';
/** Every five minutes: email each vendor its statement of a newly closed week, PDF attached, once. */
export const STATEMENT_EMAILS = 'statements.send-emails';
/** Every minute: the warehouse exports whose slot came, and those asked for from the dashboard. */
export const EXPORT_RUNS = 'exports.run-due';

/** Every minute: the power chart's 5-minute buckets from the meter samples (PowerRollup). */
export const POWER_ROLLUP = 'fleet.power-rollup';

/** Every minute: 2.0.1 device-model reports whose parts stopped coming are settled INCOMPLETE. */
export const EXPIRE_DEVICE_REPORTS = 'device-model.expire-reports';

/**
 * Every minute: rebalance each site under load balancing (meter drift, peak windows and grid
 * forecasts that start or end); sends only what changed, serialised per site with the relays.
 */
export const LOAD_BALANCING_RECOMPUTE = 'load-balancing.recompute';

/**
 * Every minute: OSCP with grid operators (#21): handshakes not yet acknowledged, heartbeats at the
 * interval each Capacity Provider asked for, and the sites' usage of each past measurement window.
 */
export const OSCP_TICK = 'oscp.tick';

/**
 * Every minute: fault emails to the members who subscribed (Your account), per site; a charger
 * connector at most once per 15 minutes, a digest of the rest.
 */
export const FAULT_EMAILS = 'notifications.fault-emails';

/**
 * Every hour: chargers whose certificate from the operator's CA ends within 30 days are asked for a
 * new CSR (TriggerMessage SignChargingStationCertificate / SignV2GCertificate; 1.6
 * ExtendedTriggerMessage), once per certificate; offline ones again on a later run.
 */
export const CERTIFICATE_RENEWAL = 'certificates.renew-expiring';

/** Every hour: drop event-log rows past their day (the event stream replays 15 minutes). */
export const PRUNE_EVENT_LOG = 'events.prune-log';

/** The product's periodic work, scheduled once across every worker process. */
export function registerProductJobs(
  jobs: JobRegistry,
  {
    db,
    bus,
    log,
    keyring = null,
    resendApiKey,
    allowPrivateAddresses = false,
    route = null,
  }: {
    db: Db;
    /** Reaches the relays (load balancing's profiles). */
    bus: Bus;
    log: (msg: string) => void;
    keyring?: CredentialKeyring | null;
    resendApiKey?: string;
    /** Export destinations on private addresses (WEBHOOK_ALLOW_PRIVATE_ADDRESSES). */
    allowPrivateAddresses?: boolean;
    /** The platform account's Razorpay Route client (null: no platform Razorpay keys). */
    route?: ReturnType<typeof platformRouteClient>;
  },
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
      // Payouts in flight for 30 minutes with no webhook: ask RazorpayX.
      const polled = await pollInFlightPayouts({
        db,
        keyring,
        onError: (e, what) =>
          log(`payout status poll failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (polled > 0) log(`payouts: ${polled} updated from RazorpayX`);
      // Razorpay Route: transfers of queued payouts (once each, released at once), then a poll.
      const rr = await submitRouteTransfers({
        db,
        route,
        onError: (e, what) => log(`route transfer failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (rr.submitted + rr.failed + rr.waiting > 0)
        log(`route: ${rr.submitted} transferred, ${rr.failed} failed, ${rr.waiting} waiting`);
      const rp = await pollRouteTransfers({
        db,
        route,
        onError: (e, what) => log(`route poll failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (rp > 0) log(`route: ${rp} updated from Razorpay`);
      // Refunds after a Route transfer: take the vendor's share back where it is not yet settled.
      const rv = await reverseRouteTransfers({
        db,
        route,
        onError: (e, what) => log(`route reversal failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (rv.reversed + rv.carried + rv.waiting > 0)
        log(`route: ${rv.reversed} reversed, ${rv.carried} left to the next statement, ${rv.waiting} waiting`);
    },
  });
  jobs.add({
    name: EXPORT_RUNS,
    cron: '* * * * *',
    run: async ({ signal }) => {
      const runs = await runDueExports({
        db,
        settings: { keyring, allowPrivateAddresses },
        signal,
        onError: (e, tenantId) =>
          log(`export failed for tenant ${tenantId}: ${e instanceof Error ? e.message : String(e)}`),
      });
      for (const r of runs)
        log(`export ${r.runId} (tenant ${r.tenantId}): ${r.status.toLowerCase()}${r.error ? `: ${r.error}` : ''}`);
    },
  });
  jobs.add({
    name: POWER_ROLLUP,
    cron: '* * * * *',
    run: async () => {
      const r = await rollUpPower({ db });
      if (r.ran && r.until.getTime() - r.from.getTime() > 3_600_000)
        log(`power rollup: ${r.rows} bucket rows from ${r.from.toISOString()} to ${r.until.toISOString()}`);
    },
  });
  jobs.add({
    name: EXPIRE_DEVICE_REPORTS,
    cron: '* * * * *',
    run: async () => {
      const n = await expireDeviceReports({ db });
      if (n > 0) log(`device model: ${n} report(s) settled incomplete`);
    },
  });
  jobs.add({
    name: LOAD_BALANCING_RECOMPUTE,
    cron: '* * * * *',
    run: async ({ signal }) => {
      const r = await recomputeSites({ db, bus, signal });
      if (r.sent > 0) log(`load balancing: ${r.sent} profile(s) sent over ${r.sites} site(s)`);
      for (const f of r.failed) log(`load balancing recompute failed for site ${f.siteId}: ${f.error}`);
    },
  });
  jobs.add({
    name: OSCP_TICK,
    cron: '* * * * *',
    run: async () => {
      const r = await runOscpTick({
        db,
        settings: { keyring, allowPrivateAddresses },
        onError: (e, connectionId) =>
          log(`OSCP failed for connection ${connectionId}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (r.failed > 0) log(`OSCP: ${r.failed} message(s) to grid operators failed`);
    },
  });
  const faults = faultMail({ db, resendApiKey });
  jobs.add({
    name: FAULT_EMAILS,
    cron: '* * * * *',
    run: async () => {
      const r = await sendFaultEmails({
        db,
        mail: faults,
        onError: (e, what) => log(`fault email failed for ${what}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (r.emails + r.failed > 0) log(`fault emails: ${r.emails} sent (${r.faults} faults), ${r.failed} failed`);
    },
  });
  jobs.add({
    name: CERTIFICATE_RENEWAL,
    cron: '17 * * * *',
    run: async () => {
      const r = await renewExpiringCertificates({
        db,
        bus,
        onError: (e, id) => log(`certificate renewal failed for ${id}: ${e instanceof Error ? e.message : String(e)}`),
      });
      if (r.triggered + r.failed > 0) log(`certificates: ${r.triggered} renewal(s) started, ${r.failed} to retry`);
    },
  });
  jobs.add({ name: PRUNE_EVENT_LOG, cron: '7 * * * *', run: async () => void (await pruneEventLog({ db })) });
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
