import {
  createIdToken,
  createIdTokenInput,
  importIdTokensCsv,
  importIdTokensInput,
  listIdTokens,
  listIdTokensInput,
  updateIdToken,
  updateIdTokenInput,
} from '@magma/core/id-tokens';
import { pushCardListsToFleet } from '@magma/core/fleet';
import { AppError } from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const idTokensRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listIdTokensInput.optional())
    .query(({ ctx, input }) => listIdTokens({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(createIdTokenInput)
    .mutation(({ ctx, input }) => createIdToken({ db: ctx.db, scope: ctx.scope, input })),
  import: adminProcedure
    .input(importIdTokensInput)
    .mutation(({ ctx, input }) => importIdTokensCsv({ db: ctx.db, scope: ctx.scope, input })),
  /** Sends the card list to every online charger as its local authorization list. */
  pushToChargers: adminProcedure.mutation(({ ctx }) => {
    const bus = ctx.services.bus;
    if (!bus) throw new AppError('UPSTREAM', 'Remote actions are unavailable: this server has no message bus');
    return pushCardListsToFleet({ db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs });
  }),
  update: adminProcedure
    .input(updateIdTokenInput)
    .mutation(({ ctx, input }) => updateIdToken({ db: ctx.db, scope: ctx.scope, input })),
});
