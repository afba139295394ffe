import { listActivity, listActivityInput } from '@magma/core/audit';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const activityRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listActivityInput)
    .query(({ ctx, input }) => listActivity({ db: ctx.db, scope: ctx.scope, input })),
});
