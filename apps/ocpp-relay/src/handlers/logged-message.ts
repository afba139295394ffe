import { recordChargerMessage, type ChargerStatusField } from '@magma/core/charging';
import type { Prisma } from '@magma/db';
import { defineHandler, type Handler } from './types.ts';

type LoggedOptions = {
  /** A field of the charger row this message moves (firmware, log upload status). */
  update?: (p: Record<string, unknown>) => ChargerStatusField;
  /** The answer once the message is kept; `{}` for the messages whose response has no required field. */
  reply?: Record<string, unknown>;
};

/** A message whose content is kept verbatim in ChargerMessage, committed before the answer. */
export function loggedMessage(action: string, opts: LoggedOptions = {}): Handler {
  const reply = opts.reply ?? {};
  return defineHandler<Record<string, unknown>>(async ({ db, conn }, p) => {
    await recordChargerMessage({
      db,
      charger: conn.charger,
      action,
      payload: p as Prisma.InputJsonObject,
      update: opts.update?.(p),
    });
    return { ...reply };
  });
}
