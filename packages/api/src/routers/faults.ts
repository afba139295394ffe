import { acknowledgeFault, acknowledgeFaultInput, listFaults, listFaultsInput } from '@magma/core/faults';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { acknowledgeFaultOutput, faultListOutput } from '../openapi/schemas/operations.ts';

export const faultsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(rest('GET', '/faults', 'faults', { summary: 'Faults and offline chargers' }))
    .output(faultListOutput)
    .input(listFaultsInput.default({ state: 'open', limit: 100 }))
    .query(({ ctx, input }) => listFaults({ db: ctx.db, scope: ctx.scope, input })),
  acknowledge: protectedProcedure
    .meta(rest('POST', '/faults/{faultId}/acknowledge', 'faults', { summary: 'Acknowledge a fault' }))
    .output(acknowledgeFaultOutput)
    .input(acknowledgeFaultInput)
    .mutation(({ ctx, input }) => acknowledgeFault({ db: ctx.db, scope: ctx.scope, input })),
});
