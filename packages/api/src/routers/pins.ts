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

// Driver PINs (IdTokens of type PIN): staff read them, admins issue, re-set and block them. The PIN
// of issue and reset is in their answer only, for the admin to hand to the driver once.
export const pinsRouter = createTRPCRouter({
  list: operatorProcedure
    .input(listDriverPinsInput.optional())
    .query(({ ctx, input }) => listDriverPins({ db: ctx.db, scope: ctx.scope, input })),
  issue: adminProcedure
    .input(issueDriverPinInput)
    .mutation(({ ctx, input }) =>
      issueDriverPin({ db: ctx.db, scope: ctx.scope, pinLookupKey: ctx.services.pinLookupKey, input }),
    ),
  reset: adminProcedure
    .input(resetDriverPinInput)
    .mutation(({ ctx, input }) =>
      resetDriverPin({ db: ctx.db, scope: ctx.scope, pinLookupKey: ctx.services.pinLookupKey, input }),
    ),
  update: adminProcedure
    .input(updateDriverPinInput)
    .mutation(({ ctx, input }) => updateDriverPin({ db: ctx.db, scope: ctx.scope, input })),
});
