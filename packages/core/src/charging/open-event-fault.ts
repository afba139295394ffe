import type { LiveEventSink } from '../bus/live-events.ts';
import { enqueueEvent } from '../events/index.ts';
import { chargerFaultEvent } from './fault-event.ts';
import type { ChargingDeps } from './types.ts';

/**
 * Opens a fault of kind EVENT the operator sees with the charger's other faults, unless one with
 * the same code and description is still open (a repeated cause is one fault, not a stream).
 * Returns whether one was opened.
 */
export async function openEventFault({
  db,
  charger,
  events,
  code,
  description,
  evseId = null,
  severity = 4,
  now = new Date(),
}: ChargingDeps & {
  events?: LiveEventSink;
  code: string;
  description: string;
  evseId?: number | null;
  severity?: number;
  now?: Date;
}): Promise<boolean> {
  const open = await db.fault.findFirst({
    where: { chargerId: charger.chargerId, kind: 'EVENT', code, description, endedAt: null },
    select: { id: true },
  });
  if (open) return false;
  const owner = await db.charger.findUnique({ where: { id: charger.chargerId }, select: { vendorId: true } });
  const fault = await db.$transaction(async (tx) => {
    const created = await tx.fault.create({
      data: {
        ...charger,
        vendorId: owner?.vendorId ?? null,
        evseId,
        kind: 'EVENT',
        code,
        description,
        severity,
        startedAt: now,
      },
    });
    await enqueueEvent(tx, chargerFaultEvent({ ...charger, fault: created }));
    return created;
  });
  events?.({ type: 'fault.opened', ...charger, faultId: fault.id, kind: 'EVENT', code, evseId, at: now.toISOString() });
  return true;
}
