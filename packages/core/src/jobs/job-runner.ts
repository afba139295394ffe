import { PgBoss } from 'pg-boss';
import type { Db } from '@magma/db';
import type { WebhookDeliveryConfig } from '../webhooks/deliver-webhook.ts';
import { startDeliveryPump, type DeliveryPump } from './delivery-pump.ts';
import type { JobRegistry } from './registry.ts';

// The job runner: it sends the webhook outbox (delivery-pump.ts: the outbox table is its own queue)
// and runs the registered periodic work on pg-boss, on the app's own PostgreSQL (its tables in the
// `pgboss` schema). Everything it needs survives a restart in the database: a due delivery is
// claimed again once the lease of a worker that died runs out, and a job that was running is
// retried by pg-boss after it expires.

export type JobRunnerOptions = {
  databaseUrl: string;
  db: Db;
  /** Null: webhook secrets cannot be opened (no keys), so deliveries wait in the outbox. */
  webhooks: WebhookDeliveryConfig | null;
  jobs?: JobRegistry;
  /** How often due deliveries are looked for while none are (they are also looked for as each attempt ends). */
  pumpIntervalMs?: number;
  /** Attempts in flight in this process. */
  concurrency?: number;
  onError?: (e: unknown, what: string) => void;
};

export type JobRunner = {
  /** Started and its database answering. */
  ready(): Promise<boolean>;
  /** Stops taking work, waits for what runs (up to `timeoutMs`), and closes its connections. */
  stop(timeoutMs?: number): Promise<void>;
};

export async function startJobRunner(o: JobRunnerOptions): Promise<JobRunner> {
  const onError = o.onError ?? (() => {});
  const boss = new PgBoss({
    connectionString: o.databaseUrl,
    max: 4,
    application_name: 'magma-worker',
    schema: 'pgboss',
  });
  boss.on('error', (e) => onError(e, 'pg-boss'));
  await boss.start();

  for (const j of o.jobs?.list() ?? []) {
    await boss.createQueue(j.name, { retryLimit: 2, expireInSeconds: 15 * 60 });
    await boss.schedule(j.name, j.cron, null, { tz: 'UTC' });
    await boss.work(j.name, async ([job]) => {
      if (job) await j.run({ signal: job.signal });
    });
  }

  let stopping = false;
  const deliveries: DeliveryPump | null = o.webhooks
    ? startDeliveryPump({
        db: o.db,
        webhooks: o.webhooks,
        concurrency: o.concurrency ?? 4,
        intervalMs: o.pumpIntervalMs ?? 1_000,
        onError,
      })
    : null;

  return {
    async ready() {
      if (stopping) return false;
      try {
        await o.db.$queryRaw`SELECT 1`;
        return true;
      } catch {
        return false;
      }
    },
    async stop(timeoutMs = 10_000) {
      stopping = true;
      await Promise.all([deliveries?.stop(timeoutMs), boss.stop({ graceful: true, timeout: timeoutMs, close: true })]);
    },
  };
}
