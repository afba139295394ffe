import { AppError } from '../core.ts';
import {
  cancelReservation,
  cancelReservationInput,
  listReservations,
  listReservationsInput,
  reserveConnector,
  reserveConnectorInput,
} from '@magma/core/reservations';
import { createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';
import type { Context } from '../context.ts';

// Connector reservations of the charger page. Reserving and cancelling are the operator's (see
// reserve-connector.ts for why); listing follows the caller's scope.

function busOf(ctx: Pick<Context, 'services'>) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Reservations are unavailable: this server has no message bus');
  return bus;
}

export const reservationsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listReservationsInput)
    .query(({ ctx, input }) => listReservations({ db: ctx.db, scope: ctx.scope, input })),
  reserve: operatorProcedure.input(reserveConnectorInput).mutation(({ ctx, input }) =>
    reserveConnector({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
  cancel: operatorProcedure.input(cancelReservationInput).mutation(({ ctx, input }) =>
    cancelReservation({
      db: ctx.db,
      bus: busOf(ctx),
      scope: ctx.scope,
      input,
      timeoutMs: ctx.services.commandTimeoutMs,
    }),
  ),
});
