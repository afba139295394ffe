import { Prisma, type Db } from '@magma/db';
import type { CredentialKeyring } from '@magma/payments';
import { DEFAULT_BACKOFF, nextAttemptAt, type BackoffPolicy } from './backoff.ts';
import { notifyEndpointDisabled, type WebhookMailPort } from './notify-endpoint-disabled.ts';
import { sendWebhook, type SendResult } from './send-webhook.ts';
import { openWebhookSecret, signatureHeaders } from './signing.ts';

// Sending the outbox: the worker claims due deliveries (a lease, so a worker that dies lets them
// go), and each attempt first takes its attempt number in the database, so two workers (or a
// job run twice) never send the same attempt twice and a crash mid-send leads to a new attempt
// with the same webhook-id: delivered at least once.

export type EndpointDisabled = { tenantId: string; endpointId: string; url: string; reason: string };

export type WebhookDeliveryConfig = {
  keyring: CredentialKeyring;
  /** Tests and operators' own networks only: otherwise private and loopback addresses are refused. */
  allowPrivateAddresses: boolean;
  timeoutMs?: number;
  backoff?: BackoffPolicy;
  /** How long one attempt holds its delivery (longer than the timeout). */
  leaseMs?: number;
  /** An endpoint whose every attempt failed for this long, and at least `disableAfterFailures` times, is disabled. */
  disableAfterMs?: number;
  disableAfterFailures?: number;
  onEndpointDisabled?: (e: EndpointDisabled) => Promise<void>;
  /** Emails the tenant's admins once per disable. */
  mail?: WebhookMailPort;
  onError?: (e: unknown, what: string) => void;
  now?: () => Date;
};

const DEFAULTS = {
  timeoutMs: 10_000,
  leaseMs: 60_000,
  disableAfterMs: 24 * 3_600_000,
  disableAfterFailures: 5,
};

/** An endpoint's lastSuccessAt is at most this much older than its last success. */
export const LAST_SUCCESS_GRAIN_MS = 5_000;

const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export type ClaimedDelivery = { deliveryId: string; attempts: number };

/** Takes up to `limit` due deliveries of enabled endpoints for `leaseMs`. */
export async function claimDueDeliveries(
  db: Db,
  { limit = 50, leaseMs = DEFAULTS.leaseMs, now = new Date() }: { limit?: number; leaseMs?: number; now?: Date } = {},
): Promise<ClaimedDelivery[]> {
  return db.$queryRaw<ClaimedDelivery[]>`
    UPDATE "WebhookDelivery" d SET "lockedUntil" = ${utc(new Date(now.getTime() + leaseMs))}
    WHERE d.id IN (
      SELECT w.id FROM "WebhookDelivery" w JOIN "WebhookEndpoint" e ON e.id = w."endpointId"
      WHERE w.status = 'PENDING' AND w."nextAttemptAt" <= ${utc(now)} AND e.status = 'ENABLED'
        AND (w."lockedUntil" IS NULL OR w."lockedUntil" < ${utc(now)})
      ORDER BY w."nextAttemptAt" LIMIT ${limit}
      FOR UPDATE OF w SKIP LOCKED)
    RETURNING d.id::text AS "deliveryId", d.attempts`;
}

export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'skipped';

/**
 * Attempt number `attempt + 1` of a delivery: a no-op when that attempt was already taken (a
 * duplicate job) or the delivery is no longer pending.
 */
export async function attemptDelivery(
  db: Db,
  config: WebhookDeliveryConfig,
  { deliveryId, attempts }: ClaimedDelivery,
): Promise<AttemptOutcome> {
  const now = config.now?.() ?? new Date();
  const leaseMs = config.leaseMs ?? DEFAULTS.leaseMs;
  const taken = await db.webhookDelivery.updateMany({
    where: { id: deliveryId, status: 'PENDING', attempts },
    data: { attempts: attempts + 1, lockedUntil: new Date(now.getTime() + leaseMs) },
  });
  if (taken.count === 0) return 'skipped';
  const d = await db.webhookDelivery.findUniqueOrThrow({ where: { id: deliveryId }, include: { endpoint: true } });
  const endpoint = d.endpoint;
  if (endpoint.status !== 'ENABLED') {
    await db.webhookDelivery.update({ where: { id: deliveryId }, data: { attempts, lockedUntil: null } });
    return 'skipped';
  }
  const secrets = [openWebhookSecret(config.keyring, endpoint.id, endpoint.secretSealed)];
  if (endpoint.previousSecretSealed && endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt > now)
    secrets.push(openWebhookSecret(config.keyring, endpoint.id, endpoint.previousSecretSealed));
  const body = JSON.stringify(d.payload);
  const result = await sendWebhook({
    url: endpoint.url,
    headers: signatureHeaders({ messageId: d.messageId, timestamp: now, body, secrets }),
    body,
    timeoutMs: config.timeoutMs ?? DEFAULTS.timeoutMs,
    allowPrivateAddresses: config.allowPrivateAddresses,
  });
  return recordAttempt(db, config, { delivery: d, attempt: attempts + 1, result });
}

const ok = (r: SendResult) => r.statusCode !== null && r.statusCode >= 200 && r.statusCode < 300;

async function recordAttempt(
  db: Db,
  config: WebhookDeliveryConfig,
  {
    delivery,
    attempt,
    result,
  }: {
    delivery: { id: string; tenantId: string; endpointId: string; createdAt: Date; endpoint: { url: string } };
    attempt: number;
    result: SendResult;
  },
): Promise<AttemptOutcome> {
  const now = config.now?.() ?? new Date();
  const log = db.webhookAttempt.create({
    data: {
      tenantId: delivery.tenantId,
      deliveryId: delivery.id,
      attempt,
      at: now,
      statusCode: result.statusCode,
      responseBody: result.body,
      error: result.error ?? (ok(result) ? null : `HTTP ${result.statusCode}`),
      durationMs: result.durationMs,
    },
  });
  if (ok(result)) {
    await db.$transaction([
      log,
      db.webhookDelivery.update({
        where: { id: delivery.id },
        data: {
          status: 'DELIVERED',
          deliveredAt: now,
          lockedUntil: null,
          lastStatus: result.statusCode,
          lastError: null,
        },
      }),
      // Written on every success, the endpoint's one row would be locked by each delivery until its
      // commit, so deliveries to one endpoint would commit one at a time: it is written only when it
      // was failing, or when its last success is older than a few seconds.
      db.webhookEndpoint.updateMany({
        where: {
          id: delivery.endpointId,
          OR: [
            { consecutiveFailures: { not: 0 } },
            { failingSince: { not: null } },
            { lastSuccessAt: null },
            { lastSuccessAt: { lt: new Date(now.getTime() - LAST_SUCCESS_GRAIN_MS) } },
          ],
        },
        data: { consecutiveFailures: 0, failingSince: null, lastSuccessAt: now },
      }),
    ]);
    return 'delivered';
  }
  const next = nextAttemptAt({
    failedAttempts: attempt,
    createdAt: delivery.createdAt,
    now,
    policy: config.backoff ?? DEFAULT_BACKOFF,
  });
  const error = (result.error ?? `HTTP ${result.statusCode}`).slice(0, 500);
  const [, , counters] = await db.$transaction([
    log,
    db.webhookDelivery.update({
      where: { id: delivery.id },
      data: next
        ? { nextAttemptAt: next, lockedUntil: null, lastStatus: result.statusCode, lastError: error }
        : { status: 'FAILED', lockedUntil: null, lastStatus: result.statusCode, lastError: error },
    }),
    db.$queryRaw<{ consecutiveFailures: number; failingSince: Date }[]>`
      UPDATE "WebhookEndpoint" SET "consecutiveFailures" = "consecutiveFailures" + 1,
             "failingSince" = COALESCE("failingSince", ${utc(now)})
      WHERE id = ${delivery.endpointId}::uuid RETURNING "consecutiveFailures", "failingSince"`,
  ]);
  await disableIfFailing(db, config, { delivery, counters: counters[0], now });
  return next ? 'retry' : 'failed';
}

async function disableIfFailing(
  db: Db,
  config: WebhookDeliveryConfig,
  {
    delivery,
    counters,
    now,
  }: {
    delivery: { tenantId: string; endpointId: string; endpoint: { url: string } };
    counters: { consecutiveFailures: number; failingSince: Date } | undefined;
    now: Date;
  },
) {
  if (!counters) return;
  const forMs = config.disableAfterMs ?? DEFAULTS.disableAfterMs;
  const minFailures = config.disableAfterFailures ?? DEFAULTS.disableAfterFailures;
  if (counters.consecutiveFailures < minFailures || now.getTime() - counters.failingSince.getTime() < forMs) return;
  const hours = Math.round(forMs / 360_000) / 10;
  const reason = `Every delivery failed for ${hours} h (${counters.consecutiveFailures} attempts in a row)`;
  const { count } = await db.webhookEndpoint.updateMany({
    where: { id: delivery.endpointId, status: 'ENABLED' },
    data: { status: 'DISABLED', disabledReason: reason, disabledAt: now },
  });
  if (count === 0) return;
  if (config.mail) {
    await notifyEndpointDisabled({
      db,
      mail: config.mail,
      tenantId: delivery.tenantId,
      endpointId: delivery.endpointId,
      onError: config.onError,
    }).catch((e: unknown) => config.onError?.(e, 'mailing the admins of a disabled webhook endpoint'));
  }
  if (!config.onEndpointDisabled) return;
  await config
    .onEndpointDisabled({
      tenantId: delivery.tenantId,
      endpointId: delivery.endpointId,
      url: delivery.endpoint.url,
      reason,
    })
    .catch((e: unknown) => config.onError?.(e, 'notifying a disabled webhook endpoint'));
}
