import { createBus } from '@magma/core/bus';
import { createJobRegistry, startJobRunner } from '@magma/core/jobs';
import { createDb } from '@magma/db';
import { platformRouteClient } from '@magma/core/payouts';
import { readEnv } from './env.ts';
import { startHealthServer } from './health.ts';
import { registerProductJobs } from './product-jobs.ts';
import { webhookMail } from './webhook-mail.ts';

// The job runner process: webhook deliveries and the product's periodic work, on pg-boss over the
// app's PostgreSQL. A fatal error ends it with a non-zero code for its supervisor (npm start,
// systemd, Kubernetes) to start it again; nothing is lost, every piece of work is in the database.
// SIGTERM / SIGINT stop it gracefully: no new work, what runs finishes (up to 10 s).

const log = (msg: string) => console.log(`${new Date().toISOString()} ${msg}`);

function fatal(what: string, error: unknown): never {
  console.error(`${new Date().toISOString()} fatal: ${what}; exiting for the supervisor to restart the worker`, error);
  process.exit(1);
}
process.on('uncaughtException', (error) => fatal('uncaught exception', error));
process.on('unhandledRejection', (error) => fatal('unhandled rejection', error));

const env = (() => {
  try {
    return readEnv();
  } catch (e) {
    return fatal('configuration', e);
  }
})();
const db = createDb({ url: env.DATABASE_URL, max: env.WEBHOOK_CONCURRENCY + 2, applicationName: 'magma-worker' });
const bus = createBus({ kind: env.BUS_KIND, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
if (!env.keyring) log('PAYMENT_CREDENTIALS_KEYS is not set: webhook secrets cannot be opened, deliveries wait');

// Periodic work registers here (e.g. the weekly settlement close) and is scheduled once across workers.
const jobs = registerProductJobs(createJobRegistry(), {
  db,
  bus,
  log,
  keyring: env.keyring,
  resendApiKey: env.RESEND_API_KEY,
  allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
  route: platformRouteClient({
    keyId: env.RAZORPAY_KEY_ID,
    keySecret: env.RAZORPAY_KEY_SECRET,
    webhookSecret: env.RAZORPAY_WEBHOOK_SECRET,
  }),
});

const runner = await startJobRunner({
  databaseUrl: env.DATABASE_URL,
  db,
  jobs,
  webhooks: env.keyring
    ? {
        keyring: env.keyring,
        allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
        timeoutMs: env.WEBHOOK_TIMEOUT_MS,
        leaseMs: env.WEBHOOK_LEASE_MS,
        backoff: { baseMs: env.WEBHOOK_RETRY_BASE_MS, maxMs: 6 * 3_600_000, lifetimeMs: 24 * 3_600_000 },
        onEndpointDisabled: async (e) => log(`webhook endpoint ${e.endpointId} (${e.url}) disabled: ${e.reason}`),
        mail: webhookMail({ db, resendApiKey: env.RESEND_API_KEY }),
        onError: (e, what) => log(`error ${what}: ${e instanceof Error ? e.message : String(e)}`),
      }
    : null,
  pumpIntervalMs: env.WEBHOOK_PUMP_MS,
  concurrency: env.WEBHOOK_CONCURRENCY,
  onError: (e, what) => log(`error ${what}: ${e instanceof Error ? e.message : String(e)}`),
}).catch((e: unknown) => fatal('the job runner did not start (is PostgreSQL reachable?)', e));

const health = await startHealthServer({ port: env.WORKER_PORT, host: env.WORKER_HOST, ready: runner.ready }).catch(
  (e: unknown) => fatal(`port ${env.WORKER_PORT} is not free`, e),
);
log(`worker ready: health on http://${env.WORKER_HOST}:${env.WORKER_PORT}/health, /ready`);

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping (work in progress finishes first)`);
  health.close();
  await runner.stop(10_000);
  await bus.close();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
