import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { cursorPageFields, decodeCursor, pageOf, type Page } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { OPEN_STATUSES, reservationView, type ReservationView } from './reservation-view.ts';

// The reservations of a charger (or of the whole fleet), newest first; `active` keeps the ones
// that still hold a connector. Vendor users see their own chargers' reservations, without the card.

export const listReservationsInput = z.object({
  chargerId: z.uuid().optional(),
  active: z.boolean().default(false),
  limit: z.number().int().min(1).max(200).default(50),
});

/** A listed reservation names its charger, for the fleet-wide list. */
export type ListedReservation = ReservationView & { chargerIdentity: string };

export async function listReservations({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listReservationsInput>;
  now?: Date;
}): Promise<ListedReservation[]> {
  const { chargerId, active, limit } = listReservationsInput.parse(input);
  const where: Prisma.ReservationWhereInput = {
    ...(chargerId ? { chargerId } : {}),
    ...(active ? { status: { in: [...OPEN_STATUSES] }, expiresAt: { gt: now } } : {}),
  };
  const rows = await scopedDb(db, scope).reservation.findMany({
    where,
    orderBy: [{ createdAt: 'desc' }, { ocppId: 'desc' }],
    take: limit,
    include: { charger: { select: { identity: true } } },
  });
  return rows.map(({ charger, ...r }) => ({ ...reservationView(r, scope, now), chargerIdentity: charger.identity }));
}

export const listReservationsPageInput = listReservationsInput.omit({ limit: true }).extend(cursorPageFields);

/** Reservations a page at a time (REST /reservations): the same filters, newest first, keyset on (createdAt, id). */
export async function listReservationsPage({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listReservationsPageInput>;
  now?: Date;
}): Promise<Page<ListedReservation>> {
  const { chargerId, active, cursor, limit } = listReservationsPageInput.parse(input ?? {});
  const after = cursor ? decodeCursor(cursor, 2) : null;
  const at = after ? new Date(String(after[0])) : null;
  if (at && Number.isNaN(at.getTime())) throw new AppError('BAD_INPUT', 'Not a page cursor');
  const rows = await scopedDb(db, scope).reservation.findMany({
    where: {
      ...(chargerId ? { chargerId } : {}),
      ...(active ? { status: { in: [...OPEN_STATUSES] }, expiresAt: { gt: now } } : {}),
      ...(at ? { OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: String(after![1]) } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    include: { charger: { select: { identity: true } } },
  });
  const page = pageOf(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  return {
    items: page.items.map(({ charger, ...r }) => ({
      ...reservationView(r, scope, now),
      chargerIdentity: charger.identity,
    })),
    nextCursor: page.nextCursor,
  };
}
