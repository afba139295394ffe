import {
  acknowledgeFault,
  acknowledgeFaultInput,
  getFault,
  getFaultInput,
  listFaults,
  listFaultsInput,
  listFaultsPage,
  listFaultsPageInput,
} from '@magma/core/faults';
import { getFaultSubscription, setFaultSubscription, setFaultSubscriptionInput } from '@magma/core/notifications';
import { createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  acknowledgeFaultOutput,
  faultEmailsOutput,
  faultListOutput,
  faultOutput,
  faultPageOutput,
} from '../openapi/schemas/operations.ts';

export const faultsRouter = createTRPCRouter({
  /** The dashboard's feed: faults and the chargers offline now. REST pages the fault records (page). */
  list: protectedProcedure
    .output(faultListOutput)
    .input(listFaultsInput.default({ state: 'open', limit: 100 }))
    .query(({ ctx, input }) => listFaults({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/faults', 'faults', {
        summary: 'Faults, newest first, a page at a time (a vendor: its own chargers’)',
        description:
          'Open faults by default (`state=all` for every fault). Chargers that are offline without an open ' +
          'OFFLINE fault are listed by `GET /chargers?online=false`.',
      }),
    )
    .output(faultPageOutput)
    .input(listFaultsPageInput.optional())
    .query(({ ctx, input }) => listFaultsPage({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .meta(
      rest('GET', '/faults/{faultId}', 'faults', {
        summary: 'One fault, with its charger and site (a vendor: its own chargers’)',
      }),
    )
    .output(faultOutput)
    .input(getFaultInput)
    .query(({ ctx, input }) => getFault({ db: ctx.db, scope: ctx.scope, input })),
  acknowledge: protectedProcedure
    .meta(rest('POST', '/faults/{faultId}/acknowledge', 'faults', { summary: 'Acknowledge a fault' }))
    .output(acknowledgeFaultOutput)
    .input(acknowledgeFaultInput)
    .mutation(({ ctx, input }) => acknowledgeFault({ db: ctx.db, scope: ctx.scope, input })),
  /**
   * The signed-in member's own fault emails (Your account): the dashboard's, like the password change,
   * with no REST route: an API client acts for no one and has no mailbox.
   */
  emailSubscription: protectedProcedure
    .output(faultEmailsOutput)
    .query(({ ctx }) => getFaultSubscription({ db: ctx.db, scope: ctx.scope })),
  setEmailSubscription: protectedProcedure
    .output(faultEmailsOutput)
    .input(setFaultSubscriptionInput)
    .mutation(({ ctx, input }) => setFaultSubscription({ db: ctx.db, scope: ctx.scope, input })),
});
