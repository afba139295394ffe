import { z } from 'zod';
import {
  accountIdInput,
  listPaymentAccounts,
  paymentsModeInput,
  removePaymentAccount,
  savePaymentAccount,
  savePaymentAccountInput,
  setDefaultAccountInput,
  setDefaultPaymentAccount,
  setPaymentsMode,
  testPaymentAccount,
} from '@magma/core/payments';
import { AppError } from '../core.ts';
import { adminProcedure, createTRPCRouter, platformProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  paymentAccountOutput,
  paymentAccountsOutput,
  paymentsModeOutput,
  testResultOutput,
} from '../openapi/schemas/operations.ts';

// Settings → Payments: the operator's own gateway accounts. Secrets go in once and never come back
// out (only their last four characters); the use cases check the scope again.
export const paymentAccountsRouter = createTRPCRouter({
  list: adminProcedure
    .meta(
      rest('GET', '/payment-accounts', 'payments', {
        tag: 'payment-accounts',
        summary: 'Payment gateway accounts (secrets never returned)',
      }),
    )
    .output(paymentAccountsOutput)
    .query(({ ctx }) => listPaymentAccounts({ db: ctx.db, scope: ctx.scope })),
  add: adminProcedure
    .meta(
      rest('POST', '/payment-accounts', 'payments', {
        tag: 'payment-accounts',
        summary: 'Add a gateway account',
        idempotent: true,
      }),
    )
    .output(paymentAccountOutput)
    .input(savePaymentAccountInput)
    .mutation(({ ctx, input }) =>
      savePaymentAccount({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
        input,
      }),
    ),
  setDefault: adminProcedure
    .meta(
      rest('PUT', '/payment-accounts/{accountId}/default', 'payments', {
        tag: 'payment-accounts',
        summary: 'Make an account the default (tenant-wide or at a site)',
      }),
    )
    .output(paymentAccountsOutput)
    .input(setDefaultAccountInput)
    .mutation(({ ctx, input }) => setDefaultPaymentAccount({ db: ctx.db, scope: ctx.scope, input })),
  remove: adminProcedure
    .meta(
      rest('DELETE', '/payment-accounts/{accountId}', 'payments', {
        tag: 'payment-accounts',
        summary: 'Remove a gateway account',
      }),
    )
    .output(paymentAccountsOutput)
    .input(accountIdInput)
    .mutation(({ ctx, input }) => removePaymentAccount({ db: ctx.db, scope: ctx.scope, input })),
  test: adminProcedure
    .meta(
      rest('POST', '/payment-accounts/{accountId}/test', 'payments', {
        tag: 'payment-accounts',
        summary: 'Test the stored credentials against the gateway',
      }),
    )
    .output(testResultOutput)
    .input(accountIdInput)
    .mutation(({ ctx, input }) =>
      testPaymentAccount({ db: ctx.db, scope: ctx.scope, registry: ctx.services.paymentGateways ?? null, input }),
    ),
  /** The operator's own choice: its accounts, or none (the platform's admin chooses the rest). */
  setMode: adminProcedure
    .meta(rest('PUT', '/payments-mode', 'payments', { tag: 'payment-accounts', summary: 'Use own accounts or none' }))
    .output(paymentsModeOutput)
    .input(paymentsModeInput)
    .mutation(({ ctx, input }) => setPaymentsMode({ db: ctx.db, scope: ctx.scope, input })),
  /** The platform's admin, on the platform host: puts a tenant on the platform account or in test mode. */
  setModeForTenant: platformProcedure
    .input(paymentsModeInput.extend({ tenantId: z.uuid() }))
    .mutation(async ({ ctx, input: { tenantId, mode } }) => {
      const tenant = await ctx.db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
      if (!tenant) throw new AppError('NOT_FOUND', 'No such tenant');
      const scope = { tenantId, vendorId: null, role: 'PLATFORM_ADMIN' as const, userId: ctx.user.id };
      return setPaymentsMode({ db: ctx.db, scope, input: { mode } });
    }),
});
