import { recordChargerMessage } from '@magma/core/charging';
import { recordSecurityEvent } from '@magma/core/security-events';
import type { Prisma } from '@magma/db';
import { protocolOfVersion } from '../connection/context.ts';
import { defineHandler } from './types.ts';

// SecurityEventNotification, the same message in 2.0.1 (A04) and in the 1.6 security extension:
// kept in the charger's message log, and stored as a security event; a critical one (the version's
// list) opens the operator's alert (@magma/core/security-events). Answered once both are committed.
export const securityEventNotification = defineHandler<Record<string, unknown>>(async ({ db, conn, events }, p) => {
  await recordChargerMessage({
    db,
    charger: conn.charger,
    action: 'SecurityEventNotification',
    payload: p as Prisma.InputJsonObject,
  });
  await recordSecurityEvent({
    db,
    charger: conn.charger,
    events,
    protocol: protocolOfVersion(conn.version),
    payload: p,
  });
  return {};
});
