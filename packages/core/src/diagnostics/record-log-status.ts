import type { Db } from '@magma/db';
import { z } from 'zod';
import type { ChargerRef } from '../charging/types.ts';

// LogStatusNotification (2.0.1, 1.6 security extension) and DiagnosticsStatusNotification (1.6,
// no request id: the charger's latest GetDiagnostics) as events of the request they belong to.

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
  const p = payload.parse(raw);
  const request =
    p.requestId !== undefined
      ? await db.chargerLogRequest.findFirst({ where: { chargerId: charger.chargerId, requestId: p.requestId } })
      : p.status === 'Idle'
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
