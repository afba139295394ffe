import { ledgerBalances, ledgerFilter, listJournalEntries } from '@magma/core/ledger';
import { rest } from '../openapi/meta.ts';
import { journalEntriesOutput, ledgerBalancesOutput } from '../openapi/schemas/money.ts';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const ledgerRouter = createTRPCRouter({
  /** The ledger browser: entries and lines, filtered; a vendor user sees its own postings. */
  entries: protectedProcedure
    .meta(
      rest('GET', '/ledger/entries', 'settlements', {
        tag: 'ledger',
        summary: 'Journal entries with their lines, newest first (cursor: the previous page’s nextCursor)',
      }),
    )
    .output(journalEntriesOutput)
    .input(ledgerFilter.default({ take: 50 }))
    .query(({ ctx, input }) => listJournalEntries({ db: ctx.db, scope: ctx.scope, filter: input })),
  /** Balances derived from the lines; a vendor user sees its own payable. */
  balances: protectedProcedure
    .meta(rest('GET', '/ledger/balances', 'settlements', { tag: 'ledger', summary: 'Account balances (minor units)' }))
    .output(ledgerBalancesOutput)
    .query(({ ctx }) => ledgerBalances({ db: ctx.db, scope: ctx.scope })),
});
