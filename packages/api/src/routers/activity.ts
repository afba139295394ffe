import { listActivity, listActivityInput } from '@magma/core/audit';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { activityOutput } from '../openapi/schemas/operations.ts';

export const activityRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(rest('GET', '/activity', 'audit', { tag: 'activity', summary: 'Audit log, newest first (cursor: before)' }))
    .output(activityOutput)
    .input(listActivityInput)
    .query(({ ctx, input }) => listActivity({ db: ctx.db, scope: ctx.scope, input })),
});
