import { describe, expect, it } from 'vitest';
import { createJobRegistry } from '@magma/core/jobs';
import type { Db } from '@magma/db';
import { CLOSE_DUE_WEEKS, registerProductJobs, SUBMIT_PAYOUTS } from '../src/product-jobs.ts';

describe("the worker schedules the product's periodic work", () => {
  it('closes due settlement weeks every quarter hour and sends queued payouts every minute', () => {
    const jobs = registerProductJobs(createJobRegistry(), { db: {} as Db, log: () => {} });
    expect(jobs.list().map((j) => [j.name, j.cron])).toEqual([
      [CLOSE_DUE_WEEKS, '*/15 * * * *'],
      [SUBMIT_PAYOUTS, '* * * * *'],
    ]);
  });
});
