import { readFileSync } from 'node:fs';
import { createBus } from '@magma/core/bus';
import { localCertificateAuthority } from '@magma/core/certificates';
import { parseCredentialKeys } from '@magma/core/webhooks';
import { createDb } from '@magma/db';
import { readEnv } from './env.ts';
import { consoleLogger as log } from './logger.ts';
import { startRelay } from './server.ts';
import { startDemoFleet, type DemoFleet } from './simulator/index.ts';
import type { SimPlugAndCharge } from './simulator/plug-and-charge.ts';

const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value));

// A fatal error ends the process with a non-zero code and one log line; its supervisor (npm start,
// systemd Restart=on-failure, Kubernetes) starts it again. Chargers reconnect and resend.
function fatal(what: string, error: unknown): never {
  log.error(`fatal: ${what}; exiting for the supervisor to restart the relay`, { error });
  process.exit(1);
}
process.on('uncaughtException', (error) => fatal('uncaught exception', error));
process.on('unhandledRejection', (error) => fatal('unhandled rejection', error));

const env = readEnv();
const db = createDb({
  url: env.DATABASE_URL,
  max: env.DB_POOL_MAX,
  applicationName: `magma-relay-${env.RELAY_INSTANCE_ID}`,
  // Connections are kept: each holds the hot statements prepared.
  idleTimeoutMs: 0,
});
const bus = createBus({ kind: env.BUS_KIND, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
const tls =
  env.OCPP_TLS_CERT && env.OCPP_TLS_KEY ? { cert: pem(env.OCPP_TLS_CERT), key: pem(env.OCPP_TLS_KEY) } : undefined;

// The demo fleet's ISO 15118 EVs and their loopback OCSP responder, which the relay may ask (that URL only).
const demoPnc: SimPlugAndCharge | undefined =
  env.DEMO_SIMULATOR && !tls
    ? await import('./simulator/sim-ev-contracts.ts')
        .then(({ startSimPlugAndCharge }) => startSimPlugAndCharge())
        .catch((error: unknown) => {
          log.warn('demo Plug & Charge not started', { error });
          return undefined;
        })
    : undefined;

const keyring = env.PAYMENT_CREDENTIALS_KEYS ? parseCredentialKeys(env.PAYMENT_CREDENTIALS_KEYS) : null;
const relay = await startRelay({
  db,
  bus,
  port: env.OCPP_PORT,
  host: env.OCPP_HOST,
  defaultTenantSlug: env.DEFAULT_TENANT_SLUG,
  instanceId: env.RELAY_INSTANCE_ID,
  tls,
  clientCertificates: env.OCPP_TLS_CLIENT_CERTS,
  // Without the keys the CA cannot seal or open its keys: SignCertificate is answered Rejected.
  certificates: keyring ? localCertificateAuthority({ db, keyring }) : undefined,
  // Plug & Charge: the Hubject client secret is sealed with the same keys; without them a configured
  // provider answers Failed (and the settings cannot store one).
  plugAndCharge: {
    keyring,
    allowPrivateAddresses: env.WEBHOOK_ALLOW_PRIVATE_ADDRESSES,
    allowedResponderUrls: demoPnc ? [demoPnc.ocspUrl] : [],
  },
  maxFrameBytes: env.OCPP_MAX_FRAME_BYTES,
  dbOutageHoldMs: env.DB_OUTAGE_HOLD_MS,
  log,
}).catch((error: unknown) => fatal('the relay did not start (is PostgreSQL reachable?)', error));

let fleet: DemoFleet | undefined;
if (env.DEMO_SIMULATOR && !tls) {
  startDemoFleet({
    db,
    url: `ws://127.0.0.1:${relay.port}/ocpp`,
    tenantSlug: env.DEFAULT_TENANT_SLUG,
    instanceId: relay.instanceId,
    plugAndCharge: demoPnc,
    log,
  })
    .then((f) => (fleet = f))
    .catch((error: unknown) => log.warn('demo fleet not started', { error }));
}

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info('shutting down', { signal });
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await fleet?.close();
  await demoPnc?.close();
  await relay.close();
  await bus.close();
  await db.$disconnect();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
