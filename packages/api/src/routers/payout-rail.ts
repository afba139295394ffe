import {
  ensureOperatorLinkedAccount,
  ensureVendorLinkedAccounts,
  getRouteLinkedAccounts,
  operatorLinkedAccountInput,
  getPayoutRailSettings,
  removeRazorpayXAccount,
  saveRazorpayXAccount,
  saveRazorpayXInput,
  setPayoutRail,
  setPayoutRailInput,
  testRazorpayXAccount,
} from '@magma/core/payouts';
import { rest } from '../openapi/meta.ts';
import {
  payoutRailSettingsOutput,
  railTestOutput,
  razorpayXAccountOutput,
  operatorLinkedAccountOutput,
  routeLinkedAccountsOutput,
  routeLinkedAccountsStateOutput,
} from '../openapi/schemas/payout-rail.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// Settings → Payouts: the rail a tenant's vendors are paid through and its RazorpayX account.
// Secrets go in once and never come back out; the use cases check the scope again.
export const payoutRailRouter = createTRPCRouter({
  get: adminProcedure
    .meta(
      rest('GET', '/payout-rail', 'payouts', {
        summary: 'The payout rail and the RazorpayX account (secrets never returned)',
      }),
    )
    .output(payoutRailSettingsOutput)
    .query(({ ctx }) =>
      getPayoutRailSettings({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
      }),
    ),
  saveRazorpayX: adminProcedure
    .meta(
      rest('PUT', '/payout-rail/razorpayx', 'payouts', {
        summary: 'Save (or replace) the RazorpayX account: key id, key secret, source account number, webhook secret',
      }),
    )
    .output(razorpayXAccountOutput)
    .input(saveRazorpayXInput)
    .mutation(({ ctx, input }) =>
      saveRazorpayXAccount({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
        input,
      }),
    ),
  testRazorpayX: adminProcedure
    .meta(
      rest('POST', '/payout-rail/razorpayx/test', 'payouts', {
        summary: 'Test the stored RazorpayX account with a call that moves no money',
      }),
    )
    .output(railTestOutput)
    .mutation(({ ctx }) =>
      testRazorpayXAccount({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
        // RazorpayX answers on Razorpay's API host: a deployment's test override of it applies too.
        endpoints: { razorpayx: ctx.services.paymentGateways?.config.endpoints?.razorpay },
      }),
    ),
  setRail: adminProcedure
    .meta(rest('PUT', '/payout-rail', 'payouts', { summary: 'Choose the rail the next payout runs use' }))
    .output(payoutRailSettingsOutput)
    .input(setPayoutRailInput)
    .mutation(({ ctx, input }) =>
      setPayoutRail({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
        input,
      }),
    ),
  removeRazorpayX: adminProcedure
    .meta(rest('DELETE', '/payout-rail/razorpayx', 'payouts', { summary: 'Forget the RazorpayX account' }))
    .output(payoutRailSettingsOutput)
    .mutation(({ ctx }) =>
      removeRazorpayXAccount({
        db: ctx.db,
        scope: ctx.scope,
        keyring: ctx.services.paymentGateways?.config.keyring ?? null,
      }),
    ),
  createRouteLinkedAccounts: adminProcedure
    .meta(
      rest('POST', '/payout-rail/route/linked-accounts', 'payouts', {
        summary:
          'Make the Razorpay Route linked account of every vendor that has none (platform marketplace account only)',
      }),
    )
    .output(routeLinkedAccountsOutput)
    .mutation(({ ctx }) =>
      ensureVendorLinkedAccounts({ db: ctx.db, scope: ctx.scope, route: ctx.services.razorpayRoute ?? null }),
    ),
  routeLinkedAccounts: adminProcedure
    .meta(
      rest('GET', '/payout-rail/route/linked-accounts', 'payouts', {
        summary: 'The operator’s Razorpay Route linked account (if made) and how many vendors have one',
      }),
    )
    .output(routeLinkedAccountsStateOutput)
    .query(({ ctx }) => getRouteLinkedAccounts({ db: ctx.db, scope: ctx.scope })),
  createOperatorLinkedAccount: adminProcedure
    .meta(
      rest('POST', '/payout-rail/route/operator-account', 'payouts', {
        summary:
          'Make the operator’s own Razorpay Route linked account, which each payout run transfers the operator’s share to (once; platform marketplace account only)',
        idempotent: true,
      }),
    )
    .output(operatorLinkedAccountOutput)
    .input(operatorLinkedAccountInput)
    .mutation(({ ctx, input }) =>
      ensureOperatorLinkedAccount({ db: ctx.db, scope: ctx.scope, route: ctx.services.razorpayRoute ?? null, input }),
    ),
});
