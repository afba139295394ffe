import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { envelopeOf } from '../events/catalogue.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';

// The delivery log (with each attempt's answer), redelivery, and the test event.

export const listWebhookDeliveriesInput = z.object({
  endpointId: z.uuid().optional(),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']).optional(),
  limit: z.number().int().min(1).max(100).default(50),
  /** The id of the last delivery of the previous page. */
  cursor: z.uuid().optional(),
});

export async function listWebhookDeliveries({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listWebhookDeliveriesInput>;
}) {
  assertAdmin(scope);
  const i = listWebhookDeliveriesInput.parse(input);
  const rows = await scopedDb(db, scope).webhookDelivery.findMany({
    where: { ...(i.endpointId ? { endpointId: i.endpointId } : {}), ...(i.status ? { status: i.status } : {}) },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: i.limit + 1,
    ...(i.cursor ? { cursor: { id: i.cursor }, skip: 1 } : {}),
    select: {
      id: true,
      endpointId: true,
      messageId: true,
      eventType: true,
      payload: true,
      status: true,
      attempts: true,
      nextAttemptAt: true,
      lastStatus: true,
      lastError: true,
      deliveredAt: true,
      createdAt: true,
      log: {
        orderBy: { attempt: 'desc' },
        take: 20,
        select: { attempt: true, at: true, statusCode: true, responseBody: true, error: true, durationMs: true },
      },
    },
  });
  const page = rows.slice(0, i.limit);
  return { items: page, nextCursor: rows.length > i.limit ? page.at(-1)!.id : null };
}

/** Sends a delivery again now, with the same webhook-id (a receiver that has it can drop it). */
export async function redeliverWebhook({
  db,
  scope,
  deliveryId,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  deliveryId: string;
  now?: Date;
}) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const d = await sdb.webhookDelivery.findFirst({
    where: { id: deliveryId },
    select: { id: true, endpoint: { select: { status: true } } },
  });
  if (!d) throw new AppError('NOT_FOUND', 'Delivery not found');
  if (d.endpoint.status !== 'ENABLED') throw new AppError('CONFLICT', 'Enable the endpoint first');
  // A fresh 24 h of retries from now.
  await sdb.webhookDelivery.update({
    where: { id: deliveryId },
    data: { status: 'PENDING', nextAttemptAt: now, lockedUntil: null, createdAt: now },
  });
}

/** A `webhook.test` message to one endpoint, whatever its filter; returns the delivery's id. */
export async function sendTestWebhook({
  db,
  scope,
  endpointId,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  endpointId: string;
  now?: Date;
}): Promise<{ deliveryId: string; messageId: string }> {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const endpoint = await sdb.webhookEndpoint.findFirst({ where: { id: endpointId }, select: { status: true } });
  if (!endpoint) throw new AppError('NOT_FOUND', 'Webhook endpoint not found');
  if (endpoint.status !== 'ENABLED') throw new AppError('CONFLICT', 'Enable the endpoint first');
  const messageId = `msg_test_${randomUUID()}`;
  const payload = envelopeOf({
    id: messageId,
    type: 'webhook.test',
    tenantId: scope.tenantId,
    occurredAt: now,
    data: { message: 'A test event from Settings → Webhooks' },
  });
  const row = await sdb.webhookDelivery.create({
    data: {
      tenantId: scope.tenantId,
      endpointId,
      messageId,
      eventType: payload.type,
      payload: payload as object,
      nextAttemptAt: now,
      createdAt: now,
    },
    select: { id: true },
  });
  return { deliveryId: row.id, messageId };
}
