import { AppError } from '../core.ts';
import { chargerDetailInput, getChargerDetail, sendChargerAction, sendChargerActionInput } from '@magma/core/fleet';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

// The charger page: detail and remote actions. Vendor users act on their own chargers only; the
// use case finds the charger through the caller's scope before anything is sent.

export const chargersRouter = createTRPCRouter({
  detail: protectedProcedure
    .input(chargerDetailInput)
    .query(({ ctx, input }) => getChargerDetail({ db: ctx.db, scope: ctx.scope, input })),
  action: protectedProcedure.input(sendChargerActionInput).mutation(({ ctx, input }) => {
    const bus = ctx.services.bus;
    if (!bus) throw new AppError('UPSTREAM', 'Remote actions are unavailable: this server has no message bus');
    return sendChargerAction({ db: ctx.db, bus, scope: ctx.scope, input, timeoutMs: ctx.services.commandTimeoutMs });
  }),
});
