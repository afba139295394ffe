import { recordChargerMessage, type ChargerStatusField } from '@magma/core/charging';
import type { Prisma } from '@magma/db';
import { defineHandler, type Handler } from '../types.ts';

/** A message whose content is kept verbatim in ChargerMessage, committed before the answer. */
export function loggedMessage(action: string, update?: (p: Record<string, unknown>) => ChargerStatusField): Handler {
  return defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
    await recordChargerMessage({
      db,
      charger: conn.charger,
      action,
      payload: p as Prisma.InputJsonObject,
      update: update?.(p),
    });
    return {};
  });
}
