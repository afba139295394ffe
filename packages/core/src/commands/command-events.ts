import type { ChargerCommandModel, Prisma } from '@magma/db';
import { enqueueEvent, eventIdOf } from '../events/index.ts';

// command.completed: a command's final row (the charger's reply, its CALLERROR, a timeout or an
// offline charger), written in the transaction that records it. Once per command.

type Row = Pick<
  ChargerCommandModel,
  'id' | 'tenantId' | 'chargerId' | 'action' | 'status' | 'response' | 'respondedAt'
>;

const FINAL = new Set(['RESPONDED', 'ERROR', 'TIMEOUT', 'OFFLINE'] as const);
type Final = typeof FINAL extends Set<infer T> ? T : never;

export async function emitCommandCompleted(tx: Prisma.TransactionClient, rows: Row[]): Promise<void> {
  for (const row of rows) {
    if (!FINAL.has(row.status as Final)) continue;
    await enqueueEvent(tx, {
      id: eventIdOf('command.completed', row.id),
      type: 'command.completed',
      tenantId: row.tenantId,
      chargerId: row.chargerId,
      occurredAt: row.respondedAt ?? new Date(),
      data: {
        commandId: row.id,
        chargerId: row.chargerId,
        action: row.action.slice(0, 60),
        status: row.status as Final,
        ...(row.status === 'RESPONDED' ? { response: row.response } : {}),
      },
    });
  }
}
