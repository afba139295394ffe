import { listActivity, listActivityInput } from '@magma/core/audit';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { activityOutput, activityPageOutput } from '../openapi/schemas/operations.ts';

// REST's page input: the list's filters, `cursor` for its `before` (same values), `limit` as it is.
const activityPageInput = listActivityInput
  .unwrap()
  .omit({ before: true })
  .extend({ cursor: listActivityInput.unwrap().shape.before })
  .default({ limit: 50 });

export const activityRouter = createTRPCRouter({
  /** The Activity page (entries, `before`); REST has the same rows in the common page shape (page). */
  list: protectedProcedure
    .output(activityOutput)
    .input(listActivityInput)
    .query(({ ctx, input }) => listActivity({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/activity', 'audit', {
        tag: 'activity',
        summary: 'Audit log, newest first, a page at a time (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(activityPageOutput)
    .input(activityPageInput)
    .query(async ({ ctx, input }) => {
      const { cursor, ...filters } = input;
      const page = await listActivity({ db: ctx.db, scope: ctx.scope, input: { ...filters, before: cursor } });
      return { items: page.entries, nextCursor: page.nextCursor };
    }),
});
