import { z } from 'zod';
import { Prisma, type ChargerCommandModel, type Db, type IdTokenType } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { commandFor } from '../commands/command-for.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { MANAGED_TOKEN_TYPES } from '../id-tokens/id-tokens.ts';
import { ID_TOKEN_TYPE_201, OCPP16_ID_MAX } from '../id-tokens/local-list.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { applyReserveNowOutcome } from './reserve-now-outcome.ts';
import { expireReservations, MAX_RESERVATION_MS, reservationView, type ReservationView } from './reservation-view.ts';

// Reserve a connector for a card until a time (OCPP 1.6 ReserveNow, 2.0.1 H01). Operator staff and
// admins only: a reservation takes a connector away from walk-up drivers and names one of the
// operator's cards, like a free remote start, which vendor users may not send either
// (VENDOR_ACTION_KINDS in fleet/send-charger-action.ts). The reservation row is written first
// (PENDING, holding the connector so two operators cannot reserve it at once), then ReserveNow goes
// out through the command path, and the charger's answer becomes the reservation's status. No
// answer at all is FAILED, and the relay later cancels it on the charger (follow-up-cancel.ts).

export const reserveConnectorInput = z.object({
  chargerId: z.uuid(),
  /** 0: any connector (1.6 connectorId 0, if the charger supports it), any EVSE (2.0.1). */
  evseId: z.coerce.number().int().min(0).max(64),
  idTag: z.string().trim().min(1).max(36),
  expiresAt: z.coerce.date(),
});

/** The operator's cards; a PIN holder's id or a free-vend token reserves nothing. */
const RESERVABLE: ReadonlySet<IdTokenType> = new Set(MANAGED_TOKEN_TYPES);

export type ReservationCommandResult = {
  reservation: ReservationView;
  command: Pick<ChargerCommandModel, 'id' | 'action' | 'status' | 'response' | 'error'>;
};

export async function reserveConnector({
  db,
  bus,
  scope,
  input,
  timeoutMs,
  now = new Date(),
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof reserveConnectorInput>;
  timeoutMs?: number;
  now?: Date;
}): Promise<ReservationCommandResult> {
  assertOperator(scope);
  const { chargerId, evseId, idTag, expiresAt } = reserveConnectorInput.parse(input);
  // Any future time: the protocol sets no floor (the page proposes an hour).
  if (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= now.getTime())
    throw new AppError('BAD_INPUT', 'The reservation must end in the future');
  if (expiresAt.getTime() - now.getTime() > MAX_RESERVATION_MS)
    throw new AppError('BAD_INPUT', 'A reservation may last 24 hours at most');

  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({
    where: { id: chargerId },
    select: { id: true, identity: true, protocol: true, online: true },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (evseId > 0 && !(await sdb.connector.findFirst({ where: { chargerId, evseId }, select: { id: true } })))
    throw new AppError('BAD_INPUT', `Charger ${charger.identity} has no connector ${evseId}`);
  const card = await sdb.idToken.findFirst({
    where: { tokenKey: idTag.toUpperCase() },
    select: { id: true, token: true, type: true, status: true, expiresAt: true, parentToken: true },
  });
  if (!card) throw new AppError('NOT_FOUND', `No card ${idTag} is registered`);
  if (!RESERVABLE.has(card.type)) throw new AppError('BAD_INPUT', `A ${card.type} token cannot hold a reservation`);
  if (card.status !== 'ACCEPTED' || (card.expiresAt && card.expiresAt <= now))
    throw new AppError('BAD_INPUT', `Card ${card.token} is not usable (${card.status.toLowerCase()})`);
  if (charger.protocol === 'OCPP16' && card.token.length > OCPP16_ID_MAX)
    throw new AppError('BAD_INPUT', `OCPP 1.6 chargers take card ids of ${OCPP16_ID_MAX} characters at most`);
  // Nothing to hold for a charger that cannot hear us: refused before a row is written.
  if (!charger.online) throw new AppError('CHARGER_OFFLINE', `Charger ${charger.identity} is offline`);

  await expireReservations(db, chargerId, now);
  let reservation;
  try {
    reservation = await sdb.reservation.create({
      data: {
        tenantId: scope.tenantId,
        chargerId,
        evseId,
        heldEvseId: evseId,
        idTokenId: card.id,
        idTag: card.token,
        parentIdTag: card.parentToken,
        expiresAt,
        createdById: scope.userId,
      },
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002')
      throw new AppError(
        'CONFLICT',
        evseId
          ? `Connector ${evseId} already has an open reservation`
          : 'The charger already has an any-connector reservation',
      );
    throw e;
  }
  await recordAudit(db, scope, {
    action: 'reservation.created',
    entityType: 'Reservation',
    entityId: reservation.id,
    after: {
      chargerId,
      reservationId: reservation.ocppId,
      evseId,
      idTag: card.token,
      expiresAt: expiresAt.toISOString(),
    },
  });

  const call = commandFor({
    protocol: charger.protocol,
    kind: 'reserveNow',
    reservationId: reservation.ocppId,
    evseId,
    idTag: card.token,
    parentIdTag: card.parentToken,
    idTokenType: ID_TOKEN_TYPE_201[card.type] ?? 'Central',
    expiresAt,
  });
  let command: ChargerCommandModel;
  try {
    command = await sendChargerCommand({
      db,
      bus,
      tenantId: scope.tenantId,
      chargerId,
      action: call.action,
      payload: call.payload,
      requestedById: scope.userId,
      source: 'reservation',
      timeoutMs,
    });
  } catch (e) {
    const commandId = AppError.is(e) && (e.details as { commandId?: string } | undefined)?.commandId;
    await db.reservation.updateMany({
      where: { id: reservation.id, status: 'PENDING' },
      data: {
        status: 'FAILED',
        heldEvseId: null,
        endedAt: new Date(),
        note: e instanceof Error ? e.message : 'Not sent',
        ...(commandId ? { commandId } : {}),
      },
    });
    throw e;
  }

  await applyReserveNowOutcome({ db, reservationId: reservation.id, command });
  const row = await db.reservation.findUniqueOrThrow({ where: { id: reservation.id } });
  return {
    reservation: reservationView(row, scope),
    command: {
      id: command.id,
      action: command.action,
      status: command.status,
      response: command.response,
      error: command.error,
    },
  };
}
