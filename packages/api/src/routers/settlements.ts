import { z } from 'zod';
import {
  closeWeekByOperator,
  createSplitTerms,
  getSettlementSettings,
  getSettlementWeek,
  listSettlementWeeks,
  listSplitTerms,
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
import { csvFileOutput, taxSummaryOutput } from '../openapi/schemas/settlements.ts';

const weekId = z.object({ id: z.uuid() });

export const settlementsRouter = createTRPCRouter({
  /** Weeks with their totals; a vendor user sees the weeks it has statements in, and its own figures. */
  weeks: protectedProcedure.query(({ ctx }) => listSettlementWeeks({ db: ctx.db, scope: ctx.scope })),
  week: protectedProcedure
    .input(weekId)
    .query(({ ctx, input }) => getSettlementWeek({ db: ctx.db, scope: ctx.scope, weekId: input.id })),
  soFar: protectedProcedure.query(({ ctx }) => weekSoFar({ db: ctx.db, scope: ctx.scope })),
  close: adminProcedure
    .input(z.object({ at: z.coerce.date() }).strict())
    .mutation(({ ctx, input }) => closeWeekByOperator({ db: ctx.db, scope: ctx.scope, at: input.at })),
  statementCsv: protectedProcedure
    .input(z.object({ weekId: z.uuid(), vendorId: z.uuid() }).strict())
    .query(({ ctx, input }) => statementCsv({ db: ctx.db, scope: ctx.scope, ...input })),
  terms: protectedProcedure
    .input(z.object({ vendorId: z.uuid().optional() }).strict().optional())
    .query(({ ctx, input }) => listSplitTerms({ db: ctx.db, scope: ctx.scope, ...(input ?? {}) })),
  createTerms: adminProcedure
    .input(splitTermsFields)
    .mutation(({ ctx, input }) => createSplitTerms({ db: ctx.db, scope: ctx.scope, input })),
  settings: operatorProcedure.query(({ ctx }) => getSettlementSettings({ db: ctx.db, scope: ctx.scope })),
  updateSettings: adminProcedure
    .input(settlementConfigInput)
    .mutation(({ ctx, input }) => updateSettlementConfig({ db: ctx.db, scope: ctx.scope, input })),
  setTaxRate: adminProcedure
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
