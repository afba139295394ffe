import { z } from 'zod';
import {
  createPayoutRun,
  getPayoutRun,
  listPayoutRuns,
  listPayoutRunsPage,
  listPayoutRunsPageInput,
  listPayouts,
  listPayoutsPage,
  listPayoutsPageInput,
  payoutFilterInput,
  sumPayouts,
  markPayout,
  markPayoutInput,
  payoutBankFile,
  reconcileBankFile,
} from '@magma/core/payouts';
import { payoutRunPageOutput } from '../openapi/schemas/pages.ts';
import { rest } from '../openapi/meta.ts';
import {
  csvFileOutput,
  markPayoutOutput,
  payoutListOutput,
  payoutPageOutput,
  payoutTotalsOutput,
  payoutRunCreatedOutput,
  payoutRunOutput,
  payoutRunsOutput,
  reconcileBankFileOutput,
} from '../openapi/schemas/money.ts';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// REST needs an object: the same fields as markPayoutInput's two cases, which the procedure then applies.
const markOutcomeInput = z.object({
  payoutId: z.uuid(),
  outcome: z.enum(['PAID', 'FAILED']),
  utr: z.string().max(35).optional().meta({ description: 'PAID: the bank’s UTR (6 to 35 letters and digits)' }),
  reason: z.string().max(300).optional().meta({ description: 'FAILED: why' }),
});

/** Characters of a bank response file the procedure takes (fits the REST body limit). */
export const RECONCILIATION_CSV_MAX = 900_000;

export const payoutsRouter = createTRPCRouter({
  /** The dashboard's latest runs; REST pages every run (runsPage). */
  runs: operatorProcedure.output(payoutRunsOutput).query(({ ctx }) => listPayoutRuns({ db: ctx.db, scope: ctx.scope })),
  runsPage: operatorProcedure
    .meta(
      rest('GET', '/payout-runs', 'payouts', {
        summary: 'Payout runs with their payouts and status events, newest first, a page at a time',
      }),
    )
    .output(payoutRunPageOutput)
    .input(listPayoutRunsPageInput.optional())
    .query(({ ctx, input }) => listPayoutRunsPage({ db: ctx.db, scope: ctx.scope, input })),
  run: operatorProcedure
    .meta(
      rest('GET', '/payout-runs/{runId}', 'payouts', {
        summary:
          'One payout run: per payee, what the captured payments could not cover (Razorpay Route), and transfers taken back after refunds',
      }),
    )
    .output(payoutRunOutput)
    .input(z.object({ runId: z.uuid() }).strict())
    .query(({ ctx, input }) => getPayoutRun({ db: ctx.db, scope: ctx.scope, runId: input.runId })),
  /** Payouts with their UTR; a vendor user sees its own. The dashboard's list; REST pages (page). */
  list: protectedProcedure
    .output(payoutListOutput)
    .input(z.object({ vendorId: z.uuid().optional() }).strict().optional())
    .query(({ ctx, input }) => listPayouts({ db: ctx.db, scope: ctx.scope, ...(input ?? {}) })),
  page: protectedProcedure
    .meta(
      rest('GET', '/payouts', 'payouts', {
        summary:
          'Payouts with their UTR, filtered (vendor, status, run, created from/to) and sorted (newest or largest first), a page at a time (a vendor: its own)',
      }),
    )
    .output(payoutPageOutput)
    .input(listPayoutsPageInput.optional())
    .query(({ ctx, input }) => listPayoutsPage({ db: ctx.db, scope: ctx.scope, input })),
  totals: protectedProcedure
    .meta(
      rest('GET', '/payouts/totals', 'payouts', {
        summary: 'How many payouts a filter of GET /payouts selects and their sum in paise (a vendor: its own)',
      }),
    )
    .output(payoutTotalsOutput)
    .input(payoutFilterInput.omit({ sort: true }).optional())
    .query(({ ctx, input }) => sumPayouts({ db: ctx.db, scope: ctx.scope, input })),
  createRun: adminProcedure
    .meta(
      rest('POST', '/payout-runs', 'payouts', {
        summary: 'Create the payout run of a closed settlement week (one payout per vendor with a net payable)',
        idempotent: true,
      }),
    )
    .output(payoutRunCreatedOutput)
    .input(z.object({ weekId: z.uuid() }).strict())
    .mutation(({ ctx, input }) => createPayoutRun({ db: ctx.db, scope: ctx.scope, weekId: input.weekId })),
  mark: adminProcedure
    .meta(
      rest('POST', '/payouts/{payoutId}/outcome', 'payouts', {
        summary: 'Record an offline payout’s outcome: PAID with the bank’s UTR, or FAILED with a reason',
        idempotent: true,
      }),
    )
    .output(markPayoutOutput)
    .input(markOutcomeInput)
    .mutation(({ ctx, input }) => markPayout({ db: ctx.db, scope: ctx.scope, input: markPayoutInput.parse(input) })),
  bankFile: adminProcedure
    .meta(
      rest('GET', '/payout-runs/{runId}/bank-file', 'payouts', {
        summary: 'The run as a bank bulk-transfer CSV (offline rail)',
      }),
    )
    .output(csvFileOutput)
    .input(z.object({ runId: z.uuid() }).strict())
    .query(({ ctx, input }) => payoutBankFile({ db: ctx.db, scope: ctx.scope, runId: input.runId })),
  reconcile: adminProcedure
    .meta(
      rest('POST', '/payout-runs/{runId}/reconciliation', 'payouts', {
        summary:
          'Apply the bank’s response file to an offline run: paid rows with their UTR, failed rows back to the vendor’s balance; rows that do not match are reported, never applied. Uploading the same file again changes nothing',
        idempotent: true,
      }),
    )
    .output(reconcileBankFileOutput)
    .input(
      z
        .object({
          runId: z.uuid(),
          // Within the REST body limit (1 MB of JSON); the parser caps the file at 2 MB and 20,000 rows.
          csv: z
            .string()
            .min(1)
            .max(RECONCILIATION_CSV_MAX)
            .meta({ description: 'The bank’s CSV: Payment Reference (or Payout ID), UTR, Status, Amount, Reason' }),
        })
        .strict(),
    )
    .mutation(({ ctx, input }) => reconcileBankFile({ db: ctx.db, scope: ctx.scope, input })),
});
