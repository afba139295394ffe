import { z } from 'zod';
import { consoleCommandInput, listConsoleCommands, sendConsoleCommand } from '@magma/core/console';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// The raw command console (issue #20): operator admins send any action of the charger's version
// with a JSON payload checked against the official schema; staff and vendor users are refused.

const command = z.object({
  id: z.uuid(),
  action: z.string(),
  payload: z.unknown(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
  requestedAt: z.date(),
  respondedAt: z.date().nullable(),
});

export const chargerConsoleRouter = createTRPCRouter({
  list: adminProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/console', 'commands', {
        summary: "The console's actions for the charger's version and its last 20 commands with replies",
      }),
    )
    .input(z.object({ chargerId: z.uuid() }))
    .output(z.object({ actions: z.array(z.string()), commands: z.array(command) }))
    .query(({ ctx, input }) => listConsoleCommands({ db: ctx.db, scope: ctx.scope, chargerId: input.chargerId })),
  send: adminProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/console', 'commands', {
        summary:
          'Send any CSMS → charger action with a raw JSON payload; schema errors come back unsent, else the reply',
      }),
    )
    .input(consoleCommandInput)
    .output(
      z.discriminatedUnion('sent', [
        z.object({
          sent: z.literal(false),
          schemaErrors: z.array(z.object({ path: z.string(), message: z.string() })),
        }),
        z.object({ sent: z.literal(true), command }),
      ]),
    )
    .mutation(({ ctx, input }) => {
      const bus = ctx.services.bus;
      if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
      return sendConsoleCommand({ db: ctx.db, bus, scope: ctx.scope, input, timeoutMs: ctx.services.commandTimeoutMs });
    }),
});
