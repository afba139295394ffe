import { Prisma } from '@magma/db';
import { checkIdToken } from './check-id-token.ts';
import type { ChargingDeps, IdTokenCheck } from './types.ts';

export type StartTransactionInput = {
  connectorId: number;
  idTag: string;
  meterStartWh: number;
  timestamp: Date;
  reservationId?: number | null;
};

export type StartTransactionResult = { transactionId: number; idTag: IdTokenCheck; duplicate: boolean };

/** Same connector, tag, time and meter: the charger is retrying a start it already sent. */
export const startKeyOf = (i: StartTransactionInput) => `${i.connectorId}|${i.idTag}|${i.timestamp.toISOString()}|${i.meterStartWh}`;

/**
 * OCPP 1.6 StartTransaction. Idempotent: a retry after a reconnect (the charger never saw our
 * answer) gets the same integer transactionId, which is the Transaction's seq.
 */
export async function startTransaction({ db, charger, events, input }: ChargingDeps & { input: StartTransactionInput }): Promise<StartTransactionResult> {
  const { tenantId, chargerId } = charger;
  const startKey = startKeyOf(input);
  const idTag = await checkIdToken({ db, tenantId, token: input.idTag, now: input.timestamp });

  const existing = await db.transaction.findUnique({ where: { chargerId_startKey: { chargerId, startKey } }, select: { seq: true } });
  if (existing) return { transactionId: existing.seq, idTag, duplicate: true };

  const [{ seq }] = await db.$queryRaw<[{ seq: number }]>`SELECT nextval(pg_get_serial_sequence('"Transaction"', 'seq'))::int AS seq`;
  const owner = await db.charger.findUniqueOrThrow({ where: { id: chargerId }, select: { siteId: true, vendorId: true } });
  try {
    const row = await db.transaction.create({
      data: {
        seq,
        tenantId,
        chargerId,
        siteId: owner.siteId,
        vendorId: owner.vendorId,
        evseId: input.connectorId,
        connectorId: 1,
        ocppTransactionId: String(seq),
        startKey,
        idTokenId: idTag.idTokenId,
        idTag: input.idTag,
        startedAt: input.timestamp,
        meterStartWh: input.meterStartWh,
        lastMeterWh: input.meterStartWh,
        lastMeterAt: input.timestamp,
      },
      select: { id: true },
    });
    events?.({
      type: 'transaction.started',
      tenantId,
      chargerId,
      transactionId: row.id,
      evseId: input.connectorId,
      energyWh: 0,
      at: input.timestamp.toISOString(),
    });
    return { transactionId: seq, idTag, duplicate: false };
  } catch (e) {
    if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') throw e;
    const again = await db.transaction.findUniqueOrThrow({ where: { chargerId_startKey: { chargerId, startKey } }, select: { seq: true } });
    return { transactionId: again.seq, idTag, duplicate: true };
  }
}
