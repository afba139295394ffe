import { getSessionDetail, listSessions, listSessionsInput, sessionDetailInput } from '@magma/core/sessions';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { sessionDetailOutput, sessionListOutput } from '../openapi/schemas/operations.ts';

export const sessionsRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(rest('GET', '/sessions', 'sessions', { summary: 'List charging sessions with filters and totals' }))
    .output(sessionListOutput)
    .input(listSessionsInput.default({ page: 1, pageSize: 50 }))
    .query(({ ctx, input }) => listSessions({ db: ctx.db, scope: ctx.scope, input })),
  detail: protectedProcedure
    .meta(
      rest('GET', '/sessions/{sessionId}', 'sessions', {
        summary: 'One session with priced lines, payment and meter curve',
      }),
    )
    .output(sessionDetailOutput)
    .input(sessionDetailInput)
    .query(({ ctx, input }) => getSessionDetail({ db: ctx.db, scope: ctx.scope, input })),
});
