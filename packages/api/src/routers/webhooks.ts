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
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// Settings → Webhooks: an operator admin's endpoints, their delivery log, redelivery and the test
// event. A secret leaves the server once, when it is made (create, rotate). The use cases check the
// scope again.

const id = z.object({ id: z.uuid() });

/** Without sealing keys the web app cannot store secrets: listing still works, creating says why. */
const settingsOf = (s: WebhookSettings | undefined): WebhookSettings =>
  s ?? { keyring: null, allowPrivateAddresses: false };

export const webhooksRouter = createTRPCRouter({
  eventTypes: adminProcedure.query(() => SUBSCRIBABLE_EVENT_TYPES),
  list: adminProcedure.query(({ ctx }) => listWebhookEndpoints({ db: ctx.db, scope: ctx.scope })),
  create: adminProcedure
    .input(webhookEndpointInput)
    .mutation(({ ctx, input }) =>
      createWebhookEndpoint({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services.webhooks), input }),
    ),
  update: adminProcedure
    .input(webhookEndpointUpdate)
    .mutation(({ ctx, input }) =>
      updateWebhookEndpoint({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services.webhooks), input }),
    ),
  delete: adminProcedure
    .input(id)
    .mutation(({ ctx, input }) => deleteWebhookEndpoint({ db: ctx.db, scope: ctx.scope, id: input.id })),
  /** overlapMs: how long the old secret still signs (0 for a leaked secret; 24 h by default). */
  rotateSecret: adminProcedure
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
    .input(listWebhookDeliveriesInput)
    .query(({ ctx, input }) => listWebhookDeliveries({ db: ctx.db, scope: ctx.scope, input })),
  redeliver: adminProcedure
    .input(z.object({ deliveryId: z.uuid() }))
    .mutation(({ ctx, input }) => redeliverWebhook({ db: ctx.db, scope: ctx.scope, deliveryId: input.deliveryId })),
  sendTest: adminProcedure
    .input(z.object({ endpointId: z.uuid() }))
    .mutation(({ ctx, input }) => sendTestWebhook({ db: ctx.db, scope: ctx.scope, endpointId: input.endpointId })),
});
