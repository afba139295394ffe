import {
  issueDriverPin,
  issueDriverPinInput,
  listDriverPins,
  listDriverPinsInput,
  resetDriverPin,
  resetDriverPinInput,
  updateDriverPin,
  updateDriverPinInput,
} from '@magma/core/id-tokens';
import { adminProcedure, createTRPCRouter, operatorProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { pinHolderOutput, pinIssuedOutput, pinListOutput } from '../openapi/schemas/operations.ts';

// Driver PINs (IdTokens of type PIN): staff read them, admins issue, re-set and block them. The PIN
// of issue and reset is in their answer only, for the admin to hand to the driver once.
export const pinsRouter = createTRPCRouter({
  list: operatorProcedure
    .meta(rest('GET', '/pins', 'id-tokens', { tag: 'pins', summary: 'List driver PIN holders' }))
    .output(pinListOutput)
    .input(listDriverPinsInput.optional())
    .query(({ ctx, input }) => listDriverPins({ db: ctx.db, scope: ctx.scope, input })),
  issue: adminProcedure
    .meta(
      rest('POST', '/pins', 'id-tokens', {
        tag: 'pins',
        summary: 'Issue a driver PIN (returned once)',
        idempotent: true,
      }),
    )
    .output(pinIssuedOutput)
    .input(issueDriverPinInput)
    .mutation(({ ctx, input }) =>
      issueDriverPin({ db: ctx.db, scope: ctx.scope, pinLookupKey: ctx.services.pinLookupKey, input }),
    ),
  reset: adminProcedure
    .meta(
      rest('POST', '/pins/{id}/reset', 'id-tokens', {
        tag: 'pins',
        summary: 'Set a new PIN (returned once)',
        idempotent: true,
      }),
    )
    .output(pinIssuedOutput)
    .input(resetDriverPinInput)
    .mutation(({ ctx, input }) =>
      resetDriverPin({ db: ctx.db, scope: ctx.scope, pinLookupKey: ctx.services.pinLookupKey, input }),
    ),
  update: adminProcedure
    .meta(
      rest('PATCH', '/pins/{id}', 'id-tokens', {
        tag: 'pins',
        summary: 'Block, unblock or relabel a PIN holder (body: { patch })',
      }),
    )
    .output(pinHolderOutput)
    .input(updateDriverPinInput)
    .mutation(({ ctx, input }) => updateDriverPin({ db: ctx.db, scope: ctx.scope, input })),
});
