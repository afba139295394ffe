import { Prisma, sqlQuery } from '@magma/db';
import { priceEndedTransaction } from './price-ended-transaction.ts';
import { nowUtc, utc } from './sql.ts';
import type { ChargingDeps } from './types.ts';

/** The stop reason of a transaction the CSMS closed itself: OCPP's 'Other', in both versions. */
export const SUPERSEDED_STOP_REASON = 'Other';

/**
 * A charger that reboots or loses its queue never sends the StopTransaction of the session it was
 * running, which would stay ACTIVE forever. When a new transaction starts on the same EVSE, the
 * older running ones there are over: each is closed (stop reason 'Other', `supersededById` naming
 * the new one), ended at its last meter reading (the last moment it is known to have run, never
 * after the new start), with the energy its meter values gave, then priced and announced like any
 * ended session so that a driver session on it settles. A stop arriving for it later is still
 * recorded (stop-transaction.ts). Not done on BootNotification: chargers resume their
 * transactions after a reboot and stop them later.
 *
 * Safe to call again (a retried start): only ACTIVE transactions that started no later than the
 * new one are closed, so a late-delivered older start never closes a newer session.
 */
export async function closeSupersededTransactions({
  db,
  charger,
  events,
  evseId,
  transactionId,
  startedAt,
}: ChargingDeps & { evseId: number; transactionId: string; startedAt: Date }): Promise<string[]> {
  const { tenantId, chargerId } = charger;
  const closed = await sqlQuery<{ id: string; energyWh: number; stoppedAt: Date }>(
    db,
    Prisma.sql`
    UPDATE "Transaction" x SET
      status = 'COMPLETED',
      "stoppedAt" = GREATEST(x."startedAt", LEAST(COALESCE(x."lastMeterAt", x."startedAt"), ${utc(startedAt)})),
      "stopReason" = ${SUPERSEDED_STOP_REASON},
      "supersededById" = ${transactionId}::uuid,
      "livePowerW" = NULL,
      "updatedAt" = ${nowUtc}
    WHERE x."chargerId" = ${chargerId}::uuid AND x.status = 'ACTIVE' AND x."evseId" = ${evseId}
      AND x.id <> ${transactionId}::uuid AND x."startedAt" <= ${utc(startedAt)}
    RETURNING x.id::text AS id, x."energyWh", x."stoppedAt"`,
  );
  for (const tx of closed) {
    events?.({
      type: 'transaction.ended',
      tenantId,
      chargerId,
      transactionId: tx.id,
      evseId,
      energyWh: tx.energyWh,
      // Stored as UTC without a zone (see sql.ts): read back as a Date in UTC.
      at: tx.stoppedAt.toISOString(),
    });
    await priceEndedTransaction({ db, tenantId, transactionId: tx.id });
  }
  return closed.map((tx) => tx.id);
}
