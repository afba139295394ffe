import type { Prisma, ReservationModel } from '@magma/db';
import { enqueueEvent, eventIdOf } from '../events/index.ts';

// A reservation's catalogue events, written in the transaction that moved it. Each id is the
// reservation's (one created, one end per reservation), so a retried move writes nothing twice.

type Ended = 'reservation.cancelled' | 'reservation.expired';
type Row = Pick<ReservationModel, 'id' | 'tenantId' | 'chargerId' | 'evseId' | 'expiresAt' | 'transactionId'>;

const dataOf = (r: Row) => ({
  reservationId: r.id,
  chargerId: r.chargerId,
  evseId: r.evseId,
  expiresAt: r.expiresAt.toISOString(),
});

/** reservation.created: the charger accepted it (ACTIVE); `ended` types: it stopped holding the connector. */
export async function emitReservationEvents(
  tx: Prisma.TransactionClient,
  type: 'reservation.created' | Ended | 'reservation.used',
  rows: Row[],
  at: Date,
): Promise<void> {
  for (const r of rows) {
    const base = { tenantId: r.tenantId, chargerId: r.chargerId, occurredAt: at };
    if (type === 'reservation.used') {
      if (!r.transactionId) continue;
      await enqueueEvent(tx, {
        ...base,
        id: eventIdOf(type, r.id),
        type,
        data: { ...dataOf(r), sessionId: r.transactionId },
      });
    } else {
      // One end per reservation whatever it was: a cancel after an expiry is not a second end.
      const key = type === 'reservation.created' ? r.id : `${r.id}_end`;
      await enqueueEvent(tx, { ...base, id: eventIdOf(type, key), type, data: dataOf(r) });
    }
  }
}
