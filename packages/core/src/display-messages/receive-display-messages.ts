import type { Db } from '@magma/db';
import type { ChargerRef } from '../charging/types.ts';
import { z } from 'zod';
import type { MessageInfo } from './message-info.ts';
import { rowOf } from './message-info.ts';

// O04: NotifyDisplayMessages parts answering one GetDisplayMessages, matched by requestId (the
// message has tbc but no sequence number: parts are taken in the order they arrive). Each part's
// messages are stored as the charger's; the last part (tbc false) completes the report, and a
// complete report of every message removes the stored ones the charger no longer holds.

const MAX_PER_PART = 200;

const messageInfo = z.looseObject({
  id: z.number().int(),
  priority: z.string(),
  state: z.string().optional(),
  startDateTime: z.string().optional(),
  endDateTime: z.string().optional(),
  transactionId: z.string().optional(),
  message: z.looseObject({ format: z.string(), language: z.string().optional(), content: z.string() }),
  display: z.looseObject({ name: z.string() }).optional(),
});
const part = z.looseObject({
  requestId: z.number().int(),
  tbc: z.boolean().optional(),
  // A station's screen holds a handful; a part naming more than this is not a display report.
  messageInfo: z.array(messageInfo).max(MAX_PER_PART).optional(),
});

export async function receiveDisplayMessages({
  db,
  charger,
  payload,
}: {
  db: Db;
  charger: ChargerRef;
  payload: unknown;
}): Promise<void> {
  const p = part.parse(payload);
  const chargerId = charger.chargerId;
  const messages = (p.messageInfo ?? []) as MessageInfo[];
  const last = !p.tbc;
  const now = new Date();
  await db.$transaction(async (tx) => {
    // A report the charger sends unasked (or after the request was forgotten) is taken as partial.
    const report = await tx.displayMessageReport.upsert({
      where: { chargerId_requestId: { chargerId, requestId: p.requestId } },
      create: {
        tenantId: charger.tenantId,
        chargerId,
        requestId: p.requestId,
        filter: { unasked: true },
        status: 'RECEIVING',
      },
      update: {},
    });
    for (const m of messages) {
      const columns = { ...rowOf(m), source: 'REPORTED', reportRequestId: p.requestId };
      await tx.chargerDisplayMessage.upsert({
        where: { chargerId_messageId: { chargerId, messageId: m.id } },
        create: { tenantId: charger.tenantId, chargerId, messageId: m.id, ...columns },
        update: columns,
      });
    }
    await tx.displayMessageReport.update({
      where: { id: report.id },
      data: {
        partCount: { increment: 1 },
        messageCount: { increment: messages.length },
        status: last ? 'COMPLETE' : 'RECEIVING',
        ...(last ? { completedAt: now } : {}),
      },
    });
    if (last && report.filter === null)
      await tx.chargerDisplayMessage.deleteMany({
        where: {
          chargerId,
          updatedAt: { lt: report.createdAt },
          OR: [{ reportRequestId: null }, { reportRequestId: { not: p.requestId } }],
        },
      });
  });
}
