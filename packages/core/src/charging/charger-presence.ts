import { Prisma, sqlExecute, type Db } from '@magma/db';
import type { LiveEventSink } from '../bus/live-events.ts';
import { enqueueEvent, enqueueEventSql, eventIdOf } from '../events/index.ts';
import { chargerFaultEvent } from './fault-event.ts';
import { nowUtc, utc } from './sql.ts';
import type { ChargerRef } from './types.ts';

/** A charger's socket is now held by this relay instance: commands for it are routed here. */
export async function markChargerOnline({
  db,
  charger,
  identity,
  instanceId,
  protocol,
  events,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  identity: string;
  instanceId: string;
  protocol: 'OCPP16' | 'OCPP201';
  events?: LiveEventSink;
  now?: Date;
}): Promise<void> {
  // One statement, run for every (re)connection: a reconnect storm after a restart is N of these.
  await sqlExecute(
    db,
    Prisma.sql`
    WITH c AS (
      UPDATE "Charger" SET online = true, "relayInstanceId" = ${instanceId}, "connectedAt" = ${utc(now)}, "lastSeenAt" = ${utc(now)},
                           protocol = ${protocol}::"OcppProtocol", "updatedAt" = ${nowUtc}
      WHERE id = ${charger.chargerId}::uuid
    ),
    f AS (
      UPDATE "Fault" SET "endedAt" = ${utc(now)} WHERE "chargerId" = ${charger.chargerId}::uuid AND kind = 'OFFLINE' AND "endedAt" IS NULL
    )
    ${enqueueEventSql({
      id: eventIdOf('charger.connected', `${charger.chargerId}_${now.getTime()}`),
      type: 'charger.connected',
      ...charger,
      occurredAt: now,
      data: { chargerId: charger.chargerId, identity, protocol },
    })}`,
  );
  events?.({ type: 'charger.online', ...charger, identity, at: now.toISOString() });
}

/**
 * Only the instance that still holds the charger may mark it offline: after a reconnect to
 * another relay, the old socket's close must not undo the new registration.
 */
export async function markChargerOffline({
  db,
  charger,
  identity,
  instanceId,
  connectedAt,
  events,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  identity: string;
  instanceId: string;
  /** The connectedAt this socket registered: a newer socket (even on this relay) wins. */
  connectedAt?: Date;
  events?: LiveEventSink;
  now?: Date;
}): Promise<boolean> {
  const { count } = await db.charger.updateMany({
    where: { id: charger.chargerId, relayInstanceId: instanceId, ...(connectedAt ? { connectedAt } : {}) },
    data: { online: false, relayInstanceId: null, lastSeenAt: now },
  });
  if (count === 0) return false;
  // After the update, not with it (an updateMany has no place for it): a crash in between loses
  // this one message.
  await enqueueEvent(db, {
    id: eventIdOf('charger.disconnected', `${charger.chargerId}_${now.getTime()}`),
    type: 'charger.disconnected',
    ...charger,
    occurredAt: now,
    data: { chargerId: charger.chargerId, identity },
  });
  events?.({ type: 'charger.offline', ...charger, identity, at: now.toISOString() });
  return true;
}

/** Marks every charger this instance held as offline (after a crash or at shutdown). */
export async function releaseRelayInstance({ db, instanceId }: { db: Db; instanceId: string }): Promise<number> {
  const { count } = await db.charger.updateMany({
    where: { relayInstanceId: instanceId },
    data: { online: false, relayInstanceId: null },
  });
  return count;
}

/** Opens an OFFLINE fault when a charger has stayed away past the grace period. */
export async function openOfflineFault({
  db,
  charger,
  events,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  events?: LiveEventSink;
  now?: Date;
}): Promise<void> {
  const row = await db.charger.findUnique({
    where: { id: charger.chargerId },
    select: { online: true, vendorId: true },
  });
  if (!row || row.online) return;
  const open = await db.fault.findFirst({ where: { chargerId: charger.chargerId, kind: 'OFFLINE', endedAt: null } });
  if (open) return;
  const fault = await db.$transaction(async (tx) => {
    const created = await tx.fault.create({
      data: {
        ...charger,
        vendorId: row.vendorId,
        kind: 'OFFLINE',
        code: 'Offline',
        description: 'Charger disconnected',
        startedAt: now,
      },
    });
    await enqueueEvent(tx, chargerFaultEvent({ ...charger, fault: created }));
    return created;
  });
  events?.({
    type: 'fault.opened',
    ...charger,
    faultId: fault.id,
    kind: 'OFFLINE',
    code: 'Offline',
    evseId: null,
    at: now.toISOString(),
  });
}
