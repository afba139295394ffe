import { recordChargerMessage } from '@magma/core/charging';
import { endReservationByCharger } from '@magma/core/reservations';
import { defineHandler } from '../types.ts';

type Params = { reservationId: number; reservationUpdateStatus: 'Expired' | 'Removed' };

// H04: the station ended a reservation on its own (it expired, or was removed there). The message
// stays in the charger's message log too; an id the CSMS does not know (or one already ended)
// changes nothing else and is still answered, as the response has nothing to refuse with.
export const reservationStatusUpdate = defineHandler<Params>(async ({ db, conn, log }, p) => {
  await recordChargerMessage({ db, charger: conn.charger, action: 'ReservationStatusUpdate', payload: p });
  const { known } = await endReservationByCharger({
    db,
    charger: conn.charger,
    reservationId: p.reservationId,
    update: p.reservationUpdateStatus,
    at: new Date(),
  });
  if (!known)
    log.warn('ReservationStatusUpdate for a reservation that is not open here', {
      identity: conn.identity,
      reservationId: p.reservationId,
    });
  return {};
});
