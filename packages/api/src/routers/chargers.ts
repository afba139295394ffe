import { AppError } from '../core.ts';
import { chargerDetailInput, getChargerDetail, sendChargerAction, sendChargerActionInput } from '@magma/core/fleet';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { chargerDetailOutput, commandOutput } from '../openapi/schemas/charger.ts';

// The charger page: detail and remote actions. Vendor users act on their own chargers only; the
// use case finds the charger through the caller's scope before anything is sent.

export const chargersRouter = createTRPCRouter({
  detail: protectedProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/detail', 'chargers', {
        summary: 'Charger page: connectors, status history, faults, sessions, commands, configuration',
      }),
    )
    .output(chargerDetailOutput)
    .input(chargerDetailInput)
    .query(({ ctx, input }) => getChargerDetail({ db: ctx.db, scope: ctx.scope, input })),
  action: protectedProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/commands', 'commands', {
        summary: 'Send an OCPP action (reset, unlock, remoteStart, remoteStop, …) and return the charger reply',
        idempotent: true,
      }),
    )
    .output(commandOutput)
    .input(sendChargerActionInput)
    .mutation(({ ctx, input }) => {
      const bus = ctx.services.bus;
      if (!bus) throw new AppError('UPSTREAM', 'Remote actions are unavailable: this server has no message bus');
      return sendChargerAction({ db: ctx.db, bus, scope: ctx.scope, input, timeoutMs: ctx.services.commandTimeoutMs });
    }),
});
