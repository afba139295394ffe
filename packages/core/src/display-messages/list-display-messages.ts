import type { Db } from '@magma/db';
import type { z } from 'zod';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { displayCharger } from './charger.ts';
import { listDisplayMessagesInput } from './schemas.ts';

/** The messages the charger holds as far as we know, and its last five GetDisplayMessages reports. */
export async function listDisplayMessages({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listDisplayMessagesInput>;
}) {
  const { chargerId } = listDisplayMessagesInput.parse(input);
  await displayCharger(db, scope, chargerId);
  const sdb = scopedDb(db, scope);
  const [messages, reports] = await Promise.all([
    sdb.chargerDisplayMessage.findMany({ where: { chargerId }, orderBy: { messageId: 'asc' }, take: 200 }),
    sdb.displayMessageReport.findMany({ where: { chargerId }, orderBy: { createdAt: 'desc' }, take: 5 }),
  ]);
  return {
    messages: messages.map((m) => ({
      messageId: m.messageId,
      priority: m.priority,
      state: m.state,
      format: m.format,
      language: m.language,
      content: m.content,
      startsAt: m.startsAt,
      endsAt: m.endsAt,
      transactionId: m.transactionId,
      source: m.source,
      updatedAt: m.updatedAt,
    })),
    reports: reports.map((r) => ({
      requestId: r.requestId,
      status: r.status,
      answer: r.answer,
      partCount: r.partCount,
      messageCount: r.messageCount,
      createdAt: r.createdAt,
      completedAt: r.completedAt,
    })),
  };
}
