import type { Prisma } from '@magma/db';
import type { DisplayMessageFields } from './schemas.ts';

// Between our fields and the 2.0.1 MessageInfoType, both ways.

type Component = { name: string; instance?: string; evse?: { id: number; connectorId?: number } };

export type MessageInfo = {
  id: number;
  priority: string;
  state?: string;
  startDateTime?: string;
  endDateTime?: string;
  transactionId?: string;
  message: { format: string; language?: string; content: string };
  display?: Component;
};

export function toMessageInfo(m: DisplayMessageFields & { id: number }): MessageInfo {
  return {
    id: m.id,
    priority: m.priority,
    ...(m.state ? { state: m.state } : {}),
    ...(m.startsAt ? { startDateTime: m.startsAt.toISOString() } : {}),
    ...(m.endsAt ? { endDateTime: m.endsAt.toISOString() } : {}),
    ...(m.transactionId ? { transactionId: m.transactionId } : {}),
    message: { format: m.format, ...(m.language ? { language: m.language } : {}), content: m.content },
    ...(m.display
      ? {
          display: {
            name: m.display.name,
            ...(m.display.instance ? { instance: m.display.instance } : {}),
            ...(m.display.evseId !== undefined ? { evse: { id: m.display.evseId } } : {}),
          },
        }
      : {}),
  };
}

/** The stored row's columns for a message, as sent or as reported. */
export function rowOf(m: MessageInfo) {
  return {
    priority: m.priority,
    state: m.state ?? null,
    format: m.message.format,
    language: m.message.language ?? null,
    content: m.message.content,
    startsAt: m.startDateTime ? new Date(m.startDateTime) : null,
    endsAt: m.endDateTime ? new Date(m.endDateTime) : null,
    transactionId: m.transactionId ?? null,
    display: m.display ? (m.display as Prisma.InputJsonObject) : undefined,
  };
}
