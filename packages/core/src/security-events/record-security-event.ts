import { z } from 'zod';
import type { LiveEvent } from '../bus/live-events.ts';
import { chargerFaultEvent } from '../charging/fault-event.ts';
import type { ChargingDeps } from '../charging/types.ts';
import { enqueueEvent, eventIdOf } from '../events/index.ts';
import { isCriticalSecurityEvent, opensSecurityAlert, type SecurityProtocol } from './security-event-types.ts';

// SecurityEventNotification (2.0.1 A04; the 1.6 security extension's message of the same name and
// shape): every event is stored, with the specification's critical flag. One that says something is
// wrong or under attack (`opensSecurityAlert`: tampering, invalid certificates or firmware signatures,
// failed authentication…) opens a SECURITY_EVENT fault, the operator's alert (the fault feed, the
// alert strip, the open-fault count and the fault emails all read faults), one per charger and type
// while it is open: a charger reporting ten tamper events joins them to one alert. OCPP has no message that clears a security event, so the alert ends when an operator
// acknowledges it (acknowledge-fault.ts). Each event is also a `charger.security_event` domain event.

export const securityEventPayload = z.object({
  type: z.string().trim().min(1).max(50),
  timestamp: z.iso.datetime({ offset: true }),
  techInfo: z.string().max(255).optional(),
});

/** Severity of the alert's fault (0 Danger … 9 Debug, as monitors count): critical security. */
const ALERT_SEVERITY = 2;

export type RecordedSecurityEvent = { id: string; critical: boolean; faultId: string | null; opened: boolean };

export async function recordSecurityEvent({
  db,
  charger,
  events,
  protocol,
  payload,
  now = new Date(),
}: ChargingDeps & {
  protocol: SecurityProtocol;
  payload: unknown;
  now?: Date;
}): Promise<RecordedSecurityEvent> {
  const p = securityEventPayload.parse(payload);
  const timestamp = new Date(p.timestamp);
  const techInfo = p.techInfo ?? null;
  const critical = isCriticalSecurityEvent(protocol, p.type);
  const live: LiveEvent[] = [];
  const result = await db.$transaction(async (tx) => {
    // A charger that did not get our answer sends the same event again: it is kept once.
    const same = await tx.securityEvent.findFirst({
      where: { chargerId: charger.chargerId, type: p.type, timestamp, techInfo },
      select: { id: true, critical: true, faultId: true },
    });
    if (same) return { ...same, opened: false };
    const owner = await tx.charger.findUniqueOrThrow({ where: { id: charger.chargerId }, select: { vendorId: true } });
    let faultId: string | null = null;
    let opened = false;
    if (opensSecurityAlert(p.type)) {
      const open = await tx.fault.findFirst({
        where: { chargerId: charger.chargerId, kind: 'SECURITY_EVENT', code: p.type, endedAt: null },
        select: { id: true },
      });
      if (open) faultId = open.id;
      else {
        // The charger's clock dates the event; an alert is never dated in our future (a charger
        // whose clock runs ahead would otherwise hold its alert out of "since" windows).
        const startedAt = timestamp > now ? now : timestamp;
        const fault = await tx.fault.create({
          data: {
            ...charger,
            vendorId: owner.vendorId,
            kind: 'SECURITY_EVENT',
            code: p.type,
            description: techInfo,
            severity: ALERT_SEVERITY,
            startedAt,
          },
        });
        await enqueueEvent(tx, chargerFaultEvent({ ...charger, fault }));
        faultId = fault.id;
        opened = true;
        live.push({
          type: 'fault.opened',
          ...charger,
          faultId,
          kind: 'SECURITY_EVENT',
          code: p.type,
          evseId: null,
          at: now.toISOString(),
        });
      }
    }
    const row = await tx.securityEvent.create({
      data: {
        ...charger,
        vendorId: owner.vendorId,
        type: p.type,
        timestamp,
        techInfo,
        critical,
        faultId,
        receivedAt: now,
      },
    });
    await enqueueEvent(tx, {
      id: eventIdOf('charger.security_event', row.id),
      type: 'charger.security_event',
      tenantId: charger.tenantId,
      chargerId: charger.chargerId,
      occurredAt: timestamp,
      data: {
        chargerId: charger.chargerId,
        securityEventId: row.id,
        type: p.type,
        timestamp: timestamp.toISOString(),
        techInfo,
        critical,
        faultId,
      },
    });
    return { id: row.id, critical, faultId, opened };
  });
  for (const l of live) events?.(l);
  return result;
}
