import { z } from 'zod';
import {
  createPayoutRun,
  listPayoutRuns,
  listPayouts,
  markPayout,
  markPayoutInput,
  payoutBankFile,
} from '@magma/core/payouts';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

export const payoutsRouter = createTRPCRouter({
  runs: operatorProcedure.query(({ ctx }) => listPayoutRuns({ db: ctx.db, scope: ctx.scope })),
  /** Payouts with their UTR; a vendor user sees its own. */
  list: protectedProcedure
    .input(z.object({ vendorId: z.uuid().optional() }).strict().optional())
    .query(({ ctx, input }) => listPayouts({ db: ctx.db, scope: ctx.scope, ...(input ?? {}) })),
  createRun: adminProcedure
    .input(z.object({ weekId: z.uuid() }).strict())
    .mutation(({ ctx, input }) => createPayoutRun({ db: ctx.db, scope: ctx.scope, weekId: input.weekId })),
  mark: adminProcedure
    .input(markPayoutInput)
    .mutation(({ ctx, input }) => markPayout({ db: ctx.db, scope: ctx.scope, input })),
  bankFile: adminProcedure
    .input(z.object({ runId: z.uuid() }).strict())
    .query(({ ctx, input }) => payoutBankFile({ db: ctx.db, scope: ctx.scope, runId: input.runId })),
});
