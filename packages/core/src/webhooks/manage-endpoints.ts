import { z } from 'zod';
import type { Db } from '@magma/db';
import type { CredentialKeyring } from '@magma/payments';
import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';
import { SUBSCRIBABLE_EVENT_TYPES, type EventType } from '../events/catalogue.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { webhookUrlProblem } from './send-webhook.ts';
import { newWebhookSecret, sealWebhookSecret } from './signing.ts';

// Settings → Webhooks: an operator admin's endpoints. The secret is shown once, when it is made
// (create, rotate); only its sealed form is stored.

export const MAX_ENDPOINTS_PER_TENANT = 20;
/** How long the previous secret still signs after a rotation. */
export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3_600_000;

export type WebhookSettings = { keyring: CredentialKeyring | null; allowPrivateAddresses: boolean };

const eventTypes = z
  .array(z.enum(SUBSCRIBABLE_EVENT_TYPES as [EventType, ...EventType[]]))
  .max(SUBSCRIBABLE_EVENT_TYPES.length)
  .transform((t) => [...new Set(t)]);

export const webhookEndpointInput = z.object({
  url: z.url().max(2000),
  description: z.string().trim().max(200).default(''),
  siteId: z.uuid().nullable().default(null),
  /** Empty: every event type. */
  eventTypes: eventTypes.default([]),
});

export const webhookEndpointUpdate = z.object({
  id: z.uuid(),
  url: z.url().max(2000).optional(),
  description: z.string().trim().max(200).optional(),
  siteId: z.uuid().nullable().optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional(),
});

const VIEW = {
  id: true,
  siteId: true,
  url: true,
  description: true,
  eventTypes: true,
  status: true,
  disabledReason: true,
  disabledAt: true,
  consecutiveFailures: true,
  failingSince: true,
  lastSuccessAt: true,
  previousSecretExpiresAt: true,
  createdAt: true,
} as const;

function keyringOf(settings: WebhookSettings): CredentialKeyring {
  if (!settings.keyring)
    throw new AppError('CONFLICT', 'Webhook secrets cannot be stored: PAYMENT_CREDENTIALS_KEYS is not set');
  return settings.keyring;
}

function checkUrl(url: string, settings: WebhookSettings) {
  const problem = webhookUrlProblem(url, settings.allowPrivateAddresses);
  if (problem) throw new AppError('BAD_INPUT', problem, { details: [{ path: 'url', message: problem }] });
}

async function checkSite(db: Db, scope: Scope, siteId: string | null | undefined) {
  if (!siteId) return;
  const site = await scopedDb(db, scope).site.findFirst({ where: { id: siteId }, select: { id: true } });
  if (!site) throw new AppError('NOT_FOUND', 'Site not found');
}

export async function listWebhookEndpoints({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).webhookEndpoint.findMany({ select: VIEW, orderBy: { createdAt: 'asc' } });
}

export async function createWebhookEndpoint({
  db,
  scope,
  settings,
  input,
}: {
  db: Db;
  scope: Scope;
  settings: WebhookSettings;
  input: z.input<typeof webhookEndpointInput>;
}) {
  assertAdmin(scope);
  const i = webhookEndpointInput.parse(input);
  checkUrl(i.url, settings);
  await checkSite(db, scope, i.siteId);
  const sdb = scopedDb(db, scope);
  if ((await sdb.webhookEndpoint.count()) >= MAX_ENDPOINTS_PER_TENANT)
    throw new AppError('CONFLICT', `At most ${MAX_ENDPOINTS_PER_TENANT} webhook endpoints per operator`);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const endpoint = await sdb.webhookEndpoint.create({
    data: {
      id,
      tenantId: scope.tenantId,
      url: i.url,
      description: i.description,
      siteId: i.siteId,
      eventTypes: i.eventTypes,
      secretSealed: sealWebhookSecret(keyringOf(settings), id, secret),
    },
    select: VIEW,
  });
  return { endpoint, secret };
}

export async function updateWebhookEndpoint({
  db,
  scope,
  settings,
  input,
}: {
  db: Db;
  scope: Scope;
  settings: WebhookSettings;
  input: z.input<typeof webhookEndpointUpdate>;
}) {
  assertAdmin(scope);
  const i = webhookEndpointUpdate.parse(input);
  if (i.url !== undefined) checkUrl(i.url, settings);
  await checkSite(db, scope, i.siteId);
  const sdb = scopedDb(db, scope);
  const found = await sdb.webhookEndpoint.findFirst({ where: { id: i.id }, select: { id: true } });
  if (!found) throw new AppError('NOT_FOUND', 'Webhook endpoint not found');
  return sdb.webhookEndpoint.update({
    where: { id: i.id },
    data: {
      ...(i.url !== undefined ? { url: i.url } : {}),
      ...(i.description !== undefined ? { description: i.description } : {}),
      ...(i.siteId !== undefined ? { siteId: i.siteId } : {}),
      ...(i.eventTypes !== undefined ? { eventTypes: i.eventTypes } : {}),
      // Enabling again starts the failure count afresh.
      ...(i.enabled === true
        ? { status: 'ENABLED', disabledReason: null, disabledAt: null, consecutiveFailures: 0, failingSince: null }
        : {}),
      ...(i.enabled === false
        ? { status: 'DISABLED', disabledReason: 'Disabled by an operator', disabledAt: new Date() }
        : {}),
    },
    select: VIEW,
  });
}

export async function deleteWebhookEndpoint({ db, scope, id }: { db: Db; scope: Scope; id: string }) {
  assertAdmin(scope);
  const { count } = await scopedDb(db, scope).webhookEndpoint.deleteMany({ where: { id } });
  if (count === 0) throw new AppError('NOT_FOUND', 'Webhook endpoint not found');
}

/**
 * A new secret, shown once. The previous one still signs (both signatures are sent) until the
 * overlap ends, so receivers can switch without losing a message.
 */
export async function rotateWebhookSecret({
  db,
  scope,
  settings,
  id,
  overlapMs = DEFAULT_ROTATION_OVERLAP_MS,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  settings: WebhookSettings;
  id: string;
  overlapMs?: number;
  now?: Date;
}) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const found = await sdb.webhookEndpoint.findFirst({ where: { id }, select: { secretSealed: true } });
  if (!found) throw new AppError('NOT_FOUND', 'Webhook endpoint not found');
  const secret = newWebhookSecret();
  const endpoint = await sdb.webhookEndpoint.update({
    where: { id },
    data: {
      secretSealed: sealWebhookSecret(keyringOf(settings), id, secret),
      previousSecretSealed: found.secretSealed ?? undefined,
      previousSecretExpiresAt: new Date(now.getTime() + overlapMs),
    },
    select: VIEW,
  });
  return { endpoint, secret };
}
