import { acknowledgeFault, acknowledgeFaultInput, listFaults, listFaultsInput } from '@magma/core/faults';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const faultsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listFaultsInput.default({ state: 'open', limit: 100 }))
    .query(({ ctx, input }) => listFaults({ db: ctx.db, scope: ctx.scope, input })),
  acknowledge: protectedProcedure
    .input(acknowledgeFaultInput)
    .mutation(({ ctx, input }) => acknowledgeFault({ db: ctx.db, scope: ctx.scope, input })),
});
