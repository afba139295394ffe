import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import type { Scope } from '@magma/core/tenancy';
import type { Db } from '@magma/db';
import {
  clearDisplayMessage,
  clearDisplayMessageInput,
  getDisplayMessagesInput,
  listDisplayMessages,
  listDisplayMessagesInput,
  requestDisplayMessages,
  setDisplayMessage,
  setDisplayMessageInput,
  showPayPage,
  showPayPageInput,
} from '@magma/core/display-messages';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

// A 2.0.1 charger's display messages (O), issue #20: the use cases in @magma/core/display-messages.
// Operators only: what a charger shows drivers is the operator's to say.

const command = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const setOutput = z.object({ command, answer: z.string(), messageId: z.number().int() });
const listOutput = z.object({
  messages: z.array(
    z.object({
      messageId: z.number().int(),
      priority: z.string(),
      state: z.string().nullable(),
      format: z.string(),
      language: z.string().nullable(),
      content: z.string(),
      startsAt: z.date().nullable(),
      endsAt: z.date().nullable(),
      transactionId: z.string().nullable(),
      source: z.string(),
      updatedAt: z.date(),
    }),
  ),
  reports: z.array(
    z.object({
      requestId: z.number().int(),
      status: z.string(),
      answer: z.string().nullable(),
      partCount: z.number().int(),
      messageCount: z.number().int(),
      createdAt: z.date(),
      completedAt: z.date().nullable(),
    }),
  ),
});

type Ctx = { db: Db; scope: Scope; services: { bus?: Bus; commandTimeoutMs?: number } };
function deps(ctx: Ctx) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  return { db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs };
}

export const displayMessagesRouter = createTRPCRouter({
  list: operatorProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/display-messages', 'chargers', {
        summary: "A 2.0.1 charger's display messages as set or last reported, and its last GetDisplayMessages reports",
      }),
    )
    .input(listDisplayMessagesInput)
    .output(listOutput)
    .query(({ ctx, input }) => listDisplayMessages({ db: ctx.db, scope: ctx.scope, input })),
  set: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/display-messages', 'chargers', {
        summary: 'SetDisplayMessage: a message for the charger’s screen (priority, state, validity, format, language)',
      }),
    )
    .input(setDisplayMessageInput)
    .output(setOutput)
    .mutation(({ ctx, input }) => setDisplayMessage({ ...deps(ctx), input })),
  request: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/display-messages/reports', 'chargers', {
        summary: 'GetDisplayMessages (all, or by ids, priority, state); the messages follow as NotifyDisplayMessages',
      }),
    )
    .input(getDisplayMessagesInput)
    .output(z.object({ command, answer: z.string(), requestId: z.number().int() }))
    .mutation(({ ctx, input }) => requestDisplayMessages({ ...deps(ctx), input })),
  clear: operatorProcedure
    .meta(
      rest('DELETE', '/chargers/{chargerId}/display-messages/{id}', 'chargers', {
        summary: 'ClearDisplayMessage: removes one message from the charger’s screen',
      }),
    )
    .input(clearDisplayMessageInput)
    .output(z.object({ command, answer: z.string() }))
    .mutation(({ ctx, input }) => clearDisplayMessage({ ...deps(ctx), input })),
  showPayPage: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/display-messages/pay-page', 'chargers', {
        summary: "Shows a connector's driver pay page (/c/{code}) on the charger's screen as a URI (QR) message",
      }),
    )
    .input(showPayPageInput)
    .output(setOutput.extend({ url: z.string() }))
    .mutation(({ ctx, input }) =>
      showPayPage({
        ...deps(ctx),
        input,
        origin: ctx.tenant ? ctx.services.tenantOrigin(ctx.tenant, ctx.origin) : null,
      }),
    ),
});
