import { z } from 'zod';
import { SUBSCRIBABLE_EVENT_TYPES } from '@magma/core/events';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  listWebhookDeliveries,
  listWebhookDeliveriesInput,
  listWebhookEndpoints,
  redeliverWebhook,
  rotateWebhookSecret,
  sendTestWebhook,
  updateWebhookEndpoint,
  webhookEndpointInput,
  webhookEndpointUpdate,
  type WebhookSettings,
} from '@magma/core/webhooks';
import { rest } from '../openapi/meta.ts';
import { idOnly } from '../openapi/schemas/common.ts';
import {
  webhookDeliveriesOutput,
  webhookEndpointOutput,
  webhookEndpointsOutput,
  webhookEventTypesOutput,
  webhookSecretOutput,
  webhookTestOutput,
} from '../openapi/schemas/integrations.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// Settings → Webhooks: an operator admin's endpoints, their delivery log, redelivery and the test
// event. A secret leaves the server once, when it is made (create, rotate). The use cases check the
// scope again.

const id = z.object({ id: z.uuid() });

/** Without sealing keys the web app cannot store secrets: listing still works, creating says why. */
const settingsOf = (s: WebhookSettings | undefined): WebhookSettings =>
  s ?? { keyring: null, allowPrivateAddresses: false };

export const webhooksRouter = createTRPCRouter({
  eventTypes: adminProcedure
    .meta(rest('GET', '/webhook-event-types', 'webhooks', { summary: 'The event types an endpoint can subscribe to' }))
    .output(webhookEventTypesOutput)
    .query(() => [...SUBSCRIBABLE_EVENT_TYPES]),
  list: adminProcedure
    .meta(
      rest('GET', '/webhooks', 'webhooks', { summary: 'Webhook endpoints and their health (secrets never returned)' }),
    )
    .output(webhookEndpointsOutput)
    .query(({ ctx }) => listWebhookEndpoints({ db: ctx.db, scope: ctx.scope })),
  create: adminProcedure
    .meta(
      rest('POST', '/webhooks', 'webhooks', {
        summary: 'Add an endpoint; its signing secret is in this answer only',
        idempotent: true,
      }),
    )
    .output(webhookSecretOutput)
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) =>
      createWebhookEndpoint({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services.webhooks), input }),
    ),
  update: adminProcedure
    .meta(rest('PATCH', '/webhooks/{id}', 'webhooks', { summary: 'Change an endpoint, or enable/disable it' }))
    .output(webhookEndpointOutput)
    .input(webhookEndpointUpdate)
    .mutation(({ ctx, input }) =>
      updateWebhookEndpoint({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services.webhooks), input }),
    ),
  delete: adminProcedure
    .meta(rest('DELETE', '/webhooks/{id}', 'webhooks', { summary: 'Delete an endpoint and its delivery log' }))
    .output(idOnly)
    .input(id)
    .mutation(async ({ ctx, input }) => {
      await deleteWebhookEndpoint({ db: ctx.db, scope: ctx.scope, id: input.id });
      return { id: input.id };
    }),
  /** overlapMs: how long the old secret still signs (0 for a leaked secret; 24 h by default). */
  rotateSecret: adminProcedure
    .meta(
      rest('POST', '/webhooks/{id}/secret-rotations', 'webhooks', {
        summary: 'New signing secret; the old one still signs for overlapMs (0: a leaked secret, ends now)',
        idempotent: true,
      }),
    )
    .output(webhookSecretOutput)
    .input(
      id.extend({
        overlapMs: z
          .number()
          .int()
          .min(0)
          .max(7 * 86_400_000)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      rotateWebhookSecret({
        db: ctx.db,
        scope: ctx.scope,
        settings: settingsOf(ctx.services.webhooks),
        id: input.id,
        ...(input.overlapMs !== undefined ? { overlapMs: input.overlapMs } : {}),
      }),
    ),
  deliveries: adminProcedure
    .meta(
      rest('GET', '/webhook-deliveries', 'webhooks', {
        summary: 'Delivery log with each attempt’s answer, newest first (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(webhookDeliveriesOutput)
    .input(listWebhookDeliveriesInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listWebhookDeliveries({ db: ctx.db, scope: ctx.scope, input })),
  redeliver: adminProcedure
    .meta(
      rest('POST', '/webhook-deliveries/{deliveryId}/redeliver', 'webhooks', {
        summary: 'Send a delivery again (a new attempt with the same message id)',
      }),
    )
    .output(z.object({ deliveryId: z.string() }))
    .input(z.object({ deliveryId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await redeliverWebhook({ db: ctx.db, scope: ctx.scope, deliveryId: input.deliveryId });
      return { deliveryId: input.deliveryId };
    }),
  sendTest: adminProcedure
    .meta(
      rest('POST', '/webhooks/{endpointId}/test', 'webhooks', {
        summary: 'Queue a test event to an endpoint',
        idempotent: true,
      }),
    )
    .output(webhookTestOutput)
    .input(z.object({ endpointId: z.uuid() }))
    .mutation(({ ctx, input }) => sendTestWebhook({ db: ctx.db, scope: ctx.scope, endpointId: input.endpointId })),
});
