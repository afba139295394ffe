import { z } from 'zod';
import {
  closeWeekByOperator,
  createSplitTerms,
  getSettlementSettings,
  getSettlementWeek,
  listSettlementWeeks,
  listSettlementWeeksPage,
  listSettlementWeeksPageInput,
  listSplitTerms,
  listSplitTermsPage,
  listSplitTermsPageInput,
  setTaxRate,
  settlementConfigInput,
  splitTermsFields,
  statementCsv,
  taxQuarterInput,
  taxRateInput,
  taxSummary,
  taxSummaryCsv,
  updateSettlementConfig,
  weekSoFar,
} from '@magma/core/settlements';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  closeWeekOutput,
  settlementConfigOutput,
  settlementSettingsOutput,
  settlementWeekOutput,
  settlementWeeksOutput,
  splitTermsListOutput,
  splitTermsOutput,
  taxRateOutput,
  weekSoFarOutput,
} from '../openapi/schemas/money.ts';
import { csvFileOutput, taxSummaryOutput } from '../openapi/schemas/settlements.ts';
import { settlementWeekPageOutput, splitTermsPageOutput } from '../openapi/schemas/pages.ts';

const weekId = z.object({ id: z.uuid() });

export const settlementsRouter = createTRPCRouter({
  /** Weeks with their totals; a vendor user sees the weeks it has statements in, and its own figures. */
  weeks: protectedProcedure
    .output(settlementWeeksOutput)
    .query(({ ctx }) => listSettlementWeeks({ db: ctx.db, scope: ctx.scope })),
  weeksPage: protectedProcedure
    .meta(
      rest('GET', '/settlement-weeks', 'settlements', {
        summary:
          'Settlement weeks with their totals, newest first, a page at a time (a vendor: the weeks it has statements in)',
      }),
    )
    .output(settlementWeekPageOutput)
    .input(listSettlementWeeksPageInput.optional())
    .query(({ ctx, input }) => listSettlementWeeksPage({ db: ctx.db, scope: ctx.scope, input })),
  week: protectedProcedure
    .meta(
      rest('GET', '/settlement-weeks/{id}', 'settlements', {
        summary: 'One week: each vendor’s statement with its site parts, and the totals',
      }),
    )
    .output(settlementWeekOutput)
    .input(weekId)
    .query(({ ctx, input }) => getSettlementWeek({ db: ctx.db, scope: ctx.scope, weekId: input.id })),
  soFar: protectedProcedure
    .meta(
      rest('GET', '/settlement-weeks/current', 'settlements', {
        summary: 'The open week so far, per vendor (not yet posted: figures can still change)',
      }),
    )
    .output(weekSoFarOutput)
    .query(({ ctx }) => weekSoFar({ db: ctx.db, scope: ctx.scope })),
  close: adminProcedure
    .meta(
      rest('POST', '/settlement-weeks/close', 'settlements', {
        summary: 'Close the week that contains `at` (posts its sessions and makes the statements)',
        idempotent: true,
      }),
    )
    .output(closeWeekOutput)
    .input(z.object({ at: z.coerce.date() }).strict())
    .mutation(({ ctx, input }) => closeWeekByOperator({ db: ctx.db, scope: ctx.scope, at: input.at })),
  statementCsv: protectedProcedure
    .meta(
      rest('GET', '/settlement-weeks/{weekId}/statements/{vendorId}/csv', 'settlements', {
        summary: 'A vendor’s statement of a closed week as CSV',
      }),
    )
    .output(csvFileOutput)
    .input(z.object({ weekId: z.uuid(), vendorId: z.uuid() }).strict())
    .query(({ ctx, input }) => statementCsv({ db: ctx.db, scope: ctx.scope, ...input })),
  terms: protectedProcedure
    .output(splitTermsListOutput)
    .input(z.object({ vendorId: z.uuid().optional() }).strict().optional())
    .query(({ ctx, input }) => listSplitTerms({ db: ctx.db, scope: ctx.scope, ...(input ?? {}) })),
  termsPage: protectedProcedure
    .meta(
      rest('GET', '/split-terms', 'settlements', {
        summary: 'Revenue-split terms, every version, newest first, a page at a time (a vendor: its own)',
      }),
    )
    .output(splitTermsPageOutput)
    .input(listSplitTermsPageInput.optional())
    .query(({ ctx, input }) => listSplitTermsPage({ db: ctx.db, scope: ctx.scope, input })),
  createTerms: adminProcedure
    .meta(
      rest('POST', '/split-terms', 'settlements', {
        summary: 'A new version of a vendor’s (or one site’s) split terms, from a date',
        idempotent: true,
      }),
    )
    .output(splitTermsOutput)
    .input(splitTermsFields)
    .mutation(({ ctx, input }) => createSplitTerms({ db: ctx.db, scope: ctx.scope, input })),
  settings: operatorProcedure
    .meta(rest('GET', '/settlements/settings', 'settlements', { summary: 'Week cut-off, tax rates and payout rail' }))
    .output(settlementSettingsOutput)
    .query(({ ctx }) => getSettlementSettings({ db: ctx.db, scope: ctx.scope })),
  updateSettings: adminProcedure
    .meta(
      rest('PATCH', '/settlements/settings', 'settlements', { summary: 'Change the week cut-off, TCS or payout rail' }),
    )
    .output(settlementConfigOutput)
    .input(settlementConfigInput)
    .mutation(({ ctx, input }) => updateSettlementConfig({ db: ctx.db, scope: ctx.scope, input })),
  setTaxRate: adminProcedure
    .meta(
      rest('POST', '/settlements/tax-rates', 'settlements', {
        summary: 'A TDS or TCS rate from a date (rates change: 194-O went from 1% to 0.1%)',
        idempotent: true,
      }),
    )
    .output(taxRateOutput)
    .input(taxRateInput)
    .mutation(({ ctx, input }) => setTaxRate({ db: ctx.db, scope: ctx.scope, input })),
  /** TDS (194-O) and TCS (section 52) withheld in a financial-year quarter; a vendor user: its own rows. */
  taxSummary: protectedProcedure
    .meta(
      rest('GET', '/settlements/tax-summary', 'settlements', {
        summary: 'TDS (194-O) and GST TCS (section 52) withheld in a financial-year quarter, per deductee and week',
      }),
    )
    .output(taxSummaryOutput)
    .input(taxQuarterInput)
    .query(({ ctx, input }) => taxSummary({ db: ctx.db, scope: ctx.scope, input })),
  taxSummaryCsv: protectedProcedure
    .meta(
      rest('GET', '/settlements/tax-summary/csv', 'settlements', {
        summary: "The quarter's TDS / TCS summary as CSV for the returns (rupees, local dates)",
      }),
    )
    .output(csvFileOutput)
    .input(taxQuarterInput)
    .query(({ ctx, input }) => taxSummaryCsv({ db: ctx.db, scope: ctx.scope, input })),
});
