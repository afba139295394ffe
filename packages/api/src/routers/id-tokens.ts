import {
  countIdTokens,
  createIdToken,
  createIdTokenInput,
  importIdTokensCsv,
  importIdTokensInput,
  listIdTokens,
  listIdTokensInput,
  listIdTokensPage,
  idTokenFilterInput,
  listIdTokensPageInput,
  updateIdToken,
  updateIdTokenInput,
} from '@magma/core/id-tokens';
import { pushCardListsToFleet } from '@magma/core/fleet';
import { AppError } from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  idTokenCountOutput,
  idTokenImportOutput,
  idTokenListOutput,
  idTokenPageOutput,
  idTokenOutput,
  pushCardListsOutput,
} from '../openapi/schemas/operations.ts';

export const idTokensRouter = createTRPCRouter({
  /** The Cards page: the newest `limit` with the filter's total. REST pages the same rows (page). */
  list: protectedProcedure
    .output(idTokenListOutput)
    .input(listIdTokensInput.optional())
    .query(({ ctx, input }) => listIdTokens({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/id-tokens', 'id-tokens', {
        summary:
          'RFID cards and other id tokens, filtered (status as shown, kind, vendor, text) and sorted, a page at a time (cursor: the previous nextCursor or previousCursor)',
      }),
    )
    .output(idTokenPageOutput)
    .input(listIdTokensPageInput.optional())
    .query(({ ctx, input }) => listIdTokensPage({ db: ctx.db, scope: ctx.scope, input })),
  count: protectedProcedure
    .meta(
      rest('GET', '/id-tokens/count', 'id-tokens', { summary: 'How many cards a filter of GET /id-tokens selects' }),
    )
    .output(idTokenCountOutput)
    .input(idTokenFilterInput.omit({ sort: true }).optional())
    .query(async ({ ctx, input }) => ({ total: await countIdTokens({ db: ctx.db, scope: ctx.scope, input }) })),
  create: adminProcedure
    .meta(rest('POST', '/id-tokens', 'id-tokens', { summary: 'Create an id token', idempotent: true }))
    .output(idTokenOutput)
    .input(createIdTokenInput)
    .mutation(({ ctx, input }) => createIdToken({ db: ctx.db, scope: ctx.scope, input })),
  import: adminProcedure
    .meta(rest('POST', '/id-tokens/import', 'id-tokens', { summary: 'Import id tokens from CSV', idempotent: true }))
    .output(idTokenImportOutput)
    .input(importIdTokensInput)
    .mutation(({ ctx, input }) => importIdTokensCsv({ db: ctx.db, scope: ctx.scope, input })),
  /** Sends the card list to every online charger as its local authorization list. */
  pushToChargers: adminProcedure
    .meta(
      rest('POST', '/id-tokens/push', 'id-tokens', {
        summary: 'Send the card list to every online charger',
        idempotent: true,
      }),
    )
    .output(pushCardListsOutput)
    .mutation(({ ctx }) => {
      const bus = ctx.services.bus;
      if (!bus) throw new AppError('UPSTREAM', 'Remote actions are unavailable: this server has no message bus');
      return pushCardListsToFleet({ db: ctx.db, bus, scope: ctx.scope, timeoutMs: ctx.services.commandTimeoutMs });
    }),
  update: adminProcedure
    .meta(
      rest('PATCH', '/id-tokens/{id}', 'id-tokens', {
        summary: 'Block, unblock or relabel an id token (body: { patch })',
      }),
    )
    .output(idTokenOutput)
    .input(updateIdTokenInput)
    .mutation(({ ctx, input }) => updateIdToken({ db: ctx.db, scope: ctx.scope, input })),
});
