import { randomInt, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { answerOf, callCharger, replyOf } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { operatorCharger } from '../firmware/charger.ts';
import { signedLink } from '../firmware/links.ts';
import type { FirmwareCommandResult, FirmwareDeps } from '../firmware/update-firmware.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { requestLogInput } from './schemas.ts';

/** A charger uploads soon after it is asked; a day covers retries. */
const UPLOAD_LINK_HOURS = 24;

/**
 * N01 (2.0.1 GetLog, DiagnosticsLog or SecurityLog), 1.6 GetDiagnostics and the security
 * extension's GetLog: the charger is given a time-limited link to our own upload endpoint
 * (PUT or POST /api/charger-logs/{id}/{exp}/{sig}); its progress comes back as
 * LogStatusNotification / DiagnosticsStatusNotification (record-log-status.ts).
 */
export async function requestLog(
  deps: FirmwareDeps & { input: z.input<typeof requestLogInput> },
): Promise<FirmwareCommandResult & { fileName: string | null }> {
  const { db, scope, files, origin } = deps;
  const v = requestLogInput.parse(deps.input);
  const charger = await operatorCharger(db, scope, v.chargerId);
  if (v.oldest && v.latest && v.oldest > v.latest)
    throw new AppError('BAD_INPUT', 'The oldest time is after the latest', {
      details: [{ path: 'oldest', message: 'After the latest time' }],
    });
  const is16 = charger.protocol === 'OCPP16';
  const getDiagnostics = is16 && v.logType === 'DiagnosticsLog' && !v.getLog16;
  const action = getDiagnostics ? 'GetDiagnostics' : 'GetLog';
  const id = randomUUID();
  const requestId = randomInt(1, 2 ** 31 - 1);
  const location = signedLink({
    key: files.linkKey,
    purpose: 'log',
    origin,
    id,
    expiresAt: new Date(Date.now() + UPLOAD_LINK_HOURS * 3600_000),
  });
  const sdb = scopedDb(db, scope);
  await sdb.chargerLogRequest.create({
    data: {
      id,
      tenantId: scope.tenantId,
      chargerId: charger.id,
      action,
      logType: v.logType,
      requestId,
      requestedById: scope.userId,
    },
  });
  const retry = {
    ...(v.retries !== undefined ? { retries: v.retries } : {}),
    ...(v.retryInterval !== undefined ? { retryInterval: v.retryInterval } : {}),
  };
  const payload = getDiagnostics
    ? {
        location,
        ...retry,
        ...(v.oldest ? { startTime: v.oldest.toISOString() } : {}),
        ...(v.latest ? { stopTime: v.latest.toISOString() } : {}),
      }
    : {
        logType: v.logType,
        requestId,
        ...retry,
        log: {
          remoteLocation: location,
          ...(v.oldest ? { oldestTimestamp: v.oldest.toISOString() } : {}),
          ...(v.latest ? { latestTimestamp: v.latest.toISOString() } : {}),
        },
      };
  const row = await callCharger(deps, charger.id, action, payload);
  const response = (row.response ?? {}) as { fileName?: unknown; filename?: unknown };
  const fileName = String(response.fileName ?? response.filename ?? '') || null;
  // GetDiagnostics answers only a file name (none: nothing to upload).
  const answer = getDiagnostics && row.status === 'RESPONDED' ? (fileName ? 'Accepted' : 'NoFile') : answerOf(row);
  await sdb.chargerLogRequest.update({
    where: { id },
    data: { answer, commandId: row.id, chargerFileName: fileName?.slice(0, 255) ?? null },
  });
  return { command: replyOf(row), answer, requestId, fileName };
}
