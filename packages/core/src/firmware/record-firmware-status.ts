import type { Db } from '@magma/db';
import { z } from 'zod';
import type { ChargerRef } from '../charging/types.ts';

// A charger's firmware progress as it reports it: FirmwareStatusNotification (1.6, 2.0.1),
// SignedFirmwareStatusNotification (1.6 security extension) and PublishFirmwareStatusNotification
// (2.0.1 local controller). Each is kept as an event; the request it belongs to (by requestId, or
// for a 1.6 UpdateFirmware, which has none, the charger's latest unsigned update) takes its status,
// and a final status closes it. Idle and unknown request ids are kept as events only.

const FINAL_UPDATE = new Set([
  'Installed',
  'DownloadFailed',
  'InstallationFailed',
  'InstallVerificationFailed',
  'InvalidSignature',
  'InvalidCertificate',
  'RevokedCertificate',
]);
const FINAL_PUBLISH = new Set(['Published', 'DownloadFailed', 'InvalidChecksum', 'PublishFailed']);

// Our request ids are int32; a charger's larger id cannot be ours (kept as an unmatched event).
const int32 = (n: number) => n >= -(2 ** 31) && n < 2 ** 31;
const payload = z.looseObject({ status: z.string().max(50), requestId: z.number().int().optional() });

export async function recordFirmwareStatus({
  db,
  charger,
  action,
  payload: raw,
}: {
  db: Db;
  charger: ChargerRef;
  action: 'FirmwareStatusNotification' | 'SignedFirmwareStatusNotification' | 'PublishFirmwareStatusNotification';
  payload: unknown;
}): Promise<void> {
  const parsed = payload.parse(raw);
  const outOfRange = parsed.requestId !== undefined && !int32(parsed.requestId);
  const p = { ...parsed, requestId: outOfRange ? undefined : parsed.requestId };
  const kind = action === 'PublishFirmwareStatusNotification' ? 'PUBLISH' : 'UPDATE';
  const request =
    p.requestId !== undefined
      ? await db.firmwareRequest.findFirst({ where: { chargerId: charger.chargerId, requestId: p.requestId, kind } })
      : p.status === 'Idle' || outOfRange
        ? null
        : await db.firmwareRequest.findFirst({
            where: { chargerId: charger.chargerId, kind, action: 'UpdateFirmware', finishedAt: null },
            orderBy: { createdAt: 'desc' },
          });
  const final = (kind === 'PUBLISH' ? FINAL_PUBLISH : FINAL_UPDATE).has(p.status);
  await db.$transaction([
    db.firmwareStatusEvent.create({
      data: {
        tenantId: charger.tenantId,
        chargerId: charger.chargerId,
        firmwareRequestId: request?.id ?? null,
        requestId: p.requestId ?? null,
        action,
        status: p.status,
      },
    }),
    ...(request
      ? [
          db.firmwareRequest.update({
            where: { id: request.id },
            data: { status: p.status, ...(final ? { finishedAt: new Date() } : {}) },
          }),
        ]
      : []),
  ]);
}
