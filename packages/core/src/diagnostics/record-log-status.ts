import type { Db } from '@magma/db';
import { z } from 'zod';
import type { ChargerRef } from '../charging/types.ts';

// LogStatusNotification (2.0.1, 1.6 security extension) and DiagnosticsStatusNotification (1.6,
// no request id: the charger's latest GetDiagnostics) as events of the request they belong to.

// Our request ids are int32; a charger's larger id cannot be ours (kept as an unmatched event).
const int32 = (n: number) => n >= -(2 ** 31) && n < 2 ** 31;
const payload = z.looseObject({ status: z.string().max(50), requestId: z.number().int().optional() });

export async function recordLogStatus({
  db,
  charger,
  action,
  payload: raw,
}: {
  db: Db;
  charger: ChargerRef;
  action: 'LogStatusNotification' | 'DiagnosticsStatusNotification';
  payload: unknown;
}): Promise<void> {
  const parsed = payload.parse(raw);
  const outOfRange = parsed.requestId !== undefined && !int32(parsed.requestId);
  const p = { ...parsed, requestId: outOfRange ? undefined : parsed.requestId };
  const request =
    p.requestId !== undefined
      ? await db.chargerLogRequest.findFirst({ where: { chargerId: charger.chargerId, requestId: p.requestId } })
      : p.status === 'Idle' || outOfRange
        ? null
        : await db.chargerLogRequest.findFirst({
            where: { chargerId: charger.chargerId, action: 'GetDiagnostics' },
            orderBy: { createdAt: 'desc' },
          });
  await db.$transaction([
    db.logStatusEvent.create({
      data: {
        tenantId: charger.tenantId,
        chargerId: charger.chargerId,
        logRequestId: request?.id ?? null,
        requestId: p.requestId ?? null,
        action,
        status: p.status,
      },
    }),
    ...(request ? [db.chargerLogRequest.update({ where: { id: request.id }, data: { status: p.status } })] : []),
  ]);
}
