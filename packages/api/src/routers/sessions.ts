import { getSessionDetail, listSessions, listSessionsInput, sessionDetailInput } from '@magma/core/sessions';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const sessionsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listSessionsInput.default({ page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => listSessions({ db: ctx.db, scope: ctx.scope, input })),
  detail: protectedProcedure
    .input(sessionDetailInput)
    .query(({ ctx, input }) => getSessionDetail({ db: ctx.db, scope: ctx.scope, input })),
});
