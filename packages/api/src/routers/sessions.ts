import {
  getSessionDetail,
  listSessions,
  listSessionsInput,
  listSessionsPage,
  listSessionsPageInput,
  sessionDetailInput,
} from '@magma/core/sessions';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { sessionDetailOutput, sessionListOutput, sessionPageOutput } from '../openapi/schemas/operations.ts';

export const sessionsRouter = createTRPCRouter({
  /** The dashboard's sessions table: offset pages with the totals of the filter. */
  list: protectedProcedure
    .output(sessionListOutput)
    .input(listSessionsInput.default({ page: 1, pageSize: 50, sort: '-startedAt' }))
    .query(({ ctx, input }) => listSessions({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/sessions', 'sessions', {
        summary: 'Charging sessions, newest first, filtered, a page at a time (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(sessionPageOutput)
    .input(listSessionsPageInput.default({ limit: 50 }))
    .query(({ ctx, input }) => listSessionsPage({ db: ctx.db, scope: ctx.scope, input })),
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
