import { z } from 'zod';
import { Role, WebhookDeliveryStatus, WebhookEndpointStatus } from '@magma/db';
import { SUBSCRIBABLE_EVENT_TYPES } from '@magma/core/events';
import { dateTime, jsonValue } from './common.ts';

// Settings → Webhooks and Settings → Developers. A secret appears once, in the answer of the call
// that made it; lists never carry one.

const int = () => z.number().int();

export const webhookEndpointOutput = z.object({
  id: z.string(),
  siteId: z.string().nullable(),
  url: z.string().meta({ example: 'https://erp.example.in/hooks/magma' }),
  description: z.string(),
  eventTypes: z.array(z.string()).meta({ description: 'Empty: every event type', example: ['session.stopped'] }),
  status: z.enum(WebhookEndpointStatus),
  createdAt: dateTime,
  disabledAt: dateTime.nullable(),
  disabledReason: z.string().nullable(),
  consecutiveFailures: int(),
  failingSince: dateTime.nullable(),
  lastSuccessAt: dateTime.nullable(),
  previousSecretExpiresAt: dateTime.nullable(),
});
export const webhookEndpointsOutput = z.array(webhookEndpointOutput);

export const webhookSecretOutput = z.object({
  endpoint: webhookEndpointOutput,
  secret: z.string().meta({ description: 'The signing secret, shown this once' }),
});

export const webhookEventTypesOutput = z.array(z.enum(SUBSCRIBABLE_EVENT_TYPES));

export const webhookDeliveriesOutput = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      endpointId: z.string(),
      messageId: z.string(),
      eventType: z.string(),
      payload: jsonValue,
      status: z.enum(WebhookDeliveryStatus),
      attempts: int(),
      nextAttemptAt: dateTime,
      lastStatus: int().nullable(),
      lastError: z.string().nullable(),
      deliveredAt: dateTime.nullable(),
      createdAt: dateTime,
      log: z.array(
        z.object({
          attempt: int(),
          at: dateTime,
          statusCode: int().nullable(),
          responseBody: z.string().nullable(),
          error: z.string().nullable(),
          durationMs: int(),
        }),
      ),
    }),
  ),
  nextCursor: z.string().nullable(),
});

export const webhookTestOutput = z.object({ deliveryId: z.string(), messageId: z.string() });

export const apiClientOutput = z.object({
  id: z.string(),
  name: z.string(),
  clientId: z.string(),
  role: z.enum(Role),
  vendorId: z.string().nullable(),
  vendor: z.object({ name: z.string() }).nullable(),
  scopes: z.array(z.string()).meta({ example: ['chargers:read', 'sessions:read'] }),
  createdAt: dateTime,
  disabledAt: dateTime.nullable(),
  secretRotatedAt: dateTime.nullable(),
  previousSecretValidUntil: dateTime.nullable(),
});
export const apiClientsOutput = z.array(apiClientOutput);
export const apiClientSecretOutput = z.object({
  client: apiClientOutput,
  clientSecret: z.string().meta({ description: 'The client secret, shown this once' }),
});

export const personalTokenOutput = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  createdAt: dateTime,
  expiresAt: dateTime.nullable(),
  lastUsedAt: dateTime.nullable(),
  revokedAt: dateTime.nullable(),
});
export const personalTokensOutput = z.array(personalTokenOutput);
export const personalTokenSecretOutput = z.object({
  token: personalTokenOutput,
  secret: z.string().meta({ description: 'The token, shown this once' }),
});
