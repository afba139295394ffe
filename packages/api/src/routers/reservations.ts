import { AppError } from '../core.ts';
import {
  cancelReservation,
  cancelReservationInput,
  listReservations,
  listReservationsInput,
  listReservationsPage,
  listReservationsPageInput,
  reserveConnector,
  reserveConnectorInput,
} from '@magma/core/reservations';
import { createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';
import type { Context } from '../context.ts';
import { rest } from '../openapi/meta.ts';
import {
  reservationCommandOutput,
  reservationListOutput,
  reservationPageOutput,
} from '../openapi/schemas/operations.ts';

// Connector reservations of the charger page. Reserving and cancelling are the operator's (see
// reserve-connector.ts for why); listing follows the caller's scope.

function busOf(ctx: Pick<Context, 'services'>) {
  const bus = ctx.services.bus;
  if (!bus) throw new AppError('UPSTREAM', 'Reservations are unavailable: this server has no message bus');
  return bus;
}

export const reservationsRouter = createTRPCRouter({
  /** The dashboard's list (newest `limit`); REST pages the same rows (page). */
  list: protectedProcedure
    .output(reservationListOutput)
    .input(listReservationsInput)
    .query(({ ctx, input }) => listReservations({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/reservations', 'reservations', {
        summary: 'Reservations, newest first, a page at a time (chargerId, active filters)',
      }),
    )
    .output(reservationPageOutput)
    .input(listReservationsPageInput.optional())
    .query(({ ctx, input }) => listReservationsPage({ db: ctx.db, scope: ctx.scope, input })),
  reserve: operatorProcedure
    .meta(
      rest('POST', '/reservations', 'reservations', {
        summary: 'Reserve a connector (ReserveNow) with the charger reply',
        idempotent: true,
      }),
    )
    .output(reservationCommandOutput)
    .input(reserveConnectorInput)
    .mutation(({ ctx, input }) =>
      reserveConnector({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
  cancel: operatorProcedure
    .meta(
      rest('POST', '/reservations/{reservationId}/cancel', 'reservations', {
        summary: 'Cancel a reservation (CancelReservation) with the charger reply',
        idempotent: true,
      }),
    )
    .output(reservationCommandOutput)
    .input(cancelReservationInput)
    .mutation(({ ctx, input }) =>
      cancelReservation({
        db: ctx.db,
        bus: busOf(ctx),
        scope: ctx.scope,
        input,
        timeoutMs: ctx.services.commandTimeoutMs,
      }),
    ),
});
