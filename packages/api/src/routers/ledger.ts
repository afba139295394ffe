import { ledgerBalances, ledgerFilter, listJournalEntries } from '@magma/core/ledger';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const ledgerRouter = createTRPCRouter({
  /** The ledger browser: entries and lines, filtered; a vendor user sees its own postings. */
  entries: protectedProcedure
    .input(ledgerFilter)
    .query(({ ctx, input }) => listJournalEntries({ db: ctx.db, scope: ctx.scope, filter: input })),
  /** Balances derived from the lines; a vendor user sees its own payable. */
  balances: protectedProcedure.query(({ ctx }) => ledgerBalances({ db: ctx.db, scope: ctx.scope })),
});
