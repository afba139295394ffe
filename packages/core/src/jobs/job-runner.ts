import { PgBoss } from 'pg-boss';
import type { Db } from '@magma/db';
import { attemptDelivery, claimDueDeliveries, type WebhookDeliveryConfig } from '../webhooks/deliver-webhook.ts';
import type { JobRegistry } from './registry.ts';

// The job runner: pg-boss on the app's own PostgreSQL (its tables in the `pgboss` schema). It
// sends the webhook outbox and runs the registered periodic work. Everything it needs survives a
// restart in the database: a due delivery is claimed again once the lease of a worker that died
// runs out, and a job that was running is retried by pg-boss after it expires.

export const WEBHOOK_QUEUE = 'webhooks.deliver';

export type JobRunnerOptions = {
  databaseUrl: string;
  db: Db;
  /** Null: webhook secrets cannot be opened (no keys), so deliveries wait in the outbox. */
  webhooks: WebhookDeliveryConfig | null;
  jobs?: JobRegistry;
  /** How often due deliveries are looked for (they are also looked for after each batch). */
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

type DeliverJob = { deliveryId: string; attempts: number };

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

  // A delivery's lease outlives the job's own expiry, so pg-boss's retry of an expired job finds
  // the attempt already taken and leaves it to the pump's next claim.
  await boss.createQueue(WEBHOOK_QUEUE, { retryLimit: 0, expireInSeconds: 60, deleteAfterSeconds: 3_600 });
  const webhooks = o.webhooks;
  if (webhooks)
    await boss.work<DeliverJob>(
      WEBHOOK_QUEUE,
      { batchSize: 1, localConcurrency: o.concurrency ?? 4, pollingIntervalSeconds: 0.5 },
      async ([job]) => {
        if (job) await attemptDelivery(o.db, webhooks, job.data);
      },
    );

  for (const j of o.jobs?.list() ?? []) {
    await boss.createQueue(j.name, { retryLimit: 2, expireInSeconds: 15 * 60 });
    await boss.schedule(j.name, j.cron, null, { tz: 'UTC' });
    await boss.work(j.name, async ([job]) => {
      if (job) await j.run({ signal: job.signal });
    });
  }

  let stopping = false;
  let pumping: Promise<void> = Promise.resolve();
  const pump = async () => {
    const claimed = await claimDueDeliveries(o.db, { leaseMs: webhooks?.leaseMs });
    for (const c of claimed) await boss.send(WEBHOOK_QUEUE, c satisfies DeliverJob);
  };
  const timer = setInterval(() => {
    if (stopping || !webhooks) return;
    pumping = pumping.then(pump).catch((e: unknown) => onError(e, 'claiming due webhook deliveries'));
  }, o.pumpIntervalMs ?? 1_000);

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
      clearInterval(timer);
      await pumping;
      await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
    },
  };
}
