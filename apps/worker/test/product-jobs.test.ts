import { describe, expect, it } from 'vitest';
import { createJobRegistry } from '@magma/core/jobs';
import type { Bus } from '@magma/core/bus';
import type { Db } from '@magma/db';
import {
  CERTIFICATE_RENEWAL,
  CLOSE_DUE_WEEKS,
  EXPIRE_DEVICE_REPORTS,
  EXPORT_RUNS,
  FAULT_EMAILS,
  LOAD_BALANCING_RECOMPUTE,
  OSCP_TICK,
  POWER_ROLLUP,
  PRUNE_EVENT_LOG,
  registerProductJobs,
  STATEMENT_EMAILS,
  SUBMIT_PAYOUTS,
} from '../src/product-jobs.ts';

describe("the worker schedules the product's periodic work", () => {
  it('closes due settlement weeks every quarter hour, sends queued payouts every minute and statement emails every five minutes, runs due warehouse exports, the power rollup and the expiry of unfinished device reports and the load-balancing recompute and the fault emails every minute, starts certificate renewals and prunes the event log hourly', () => {
    const jobs = registerProductJobs(createJobRegistry(), { db: {} as Db, bus: {} as Bus, log: () => {} });
    expect(jobs.list().map((j) => [j.name, j.cron])).toEqual([
      [CLOSE_DUE_WEEKS, '*/15 * * * *'],
      [SUBMIT_PAYOUTS, '* * * * *'],
      [EXPORT_RUNS, '* * * * *'],
      [POWER_ROLLUP, '* * * * *'],
      [EXPIRE_DEVICE_REPORTS, '* * * * *'],
      [LOAD_BALANCING_RECOMPUTE, '* * * * *'],
      [OSCP_TICK, '* * * * *'],
      [FAULT_EMAILS, '* * * * *'],
      [CERTIFICATE_RENEWAL, '17 * * * *'],
      [PRUNE_EVENT_LOG, '7 * * * *'],
      [STATEMENT_EMAILS, '*/5 * * * *'],
    ]);
  });
});
