import { ledgerBalances, ledgerFilter, listJournalEntries } from '@magma/core/ledger';
import { rest } from '../openapi/meta.ts';
import { journalEntriesOutput, journalPageOutput, ledgerBalancesOutput } from '../openapi/schemas/money.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

const ledgerPageInput = ledgerFilter
  .omit({ take: true })
  .extend({ limit: ledgerFilter.shape.take })
  .default({ limit: 50 });

export const ledgerRouter = createTRPCRouter({
  /** The ledger browser: entries and lines, filtered; a vendor user sees its own postings. */
  entries: protectedProcedure
    .output(journalEntriesOutput)
    .input(ledgerFilter.default({ take: 50 }))
    .query(({ ctx, input }) => listJournalEntries({ db: ctx.db, scope: ctx.scope, filter: input })),
  /** The same entries in REST's common page shape: `limit` for the browser's `take`. */
  page: protectedProcedure
    .meta(
      rest('GET', '/ledger/entries', 'settlements', {
        tag: 'ledger',
        summary: 'Journal entries with their lines, newest first (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(journalPageOutput)
    .input(ledgerPageInput)
    .query(async ({ ctx, input }) => {
      const { limit, ...filter } = input;
      const page = await listJournalEntries({ db: ctx.db, scope: ctx.scope, filter: { ...filter, take: limit } });
      return { items: page.entries, nextCursor: page.nextCursor };
    }),
  /** Balances derived from the lines; a vendor user sees its own payable. */
  balances: protectedProcedure
    .meta(rest('GET', '/ledger/balances', 'settlements', { tag: 'ledger', summary: 'Account balances (minor units)' }))
    .output(ledgerBalancesOutput)
    .query(({ ctx }) => ledgerBalances({ db: ctx.db, scope: ctx.scope })),
});
