import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CallDeps, type CommandReply } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { operatorCharger } from './charger.ts';
import { readyImage } from './firmware-images.ts';
import { signedLink, type ChargerFileSettings } from './links.ts';
import { updateFirmwareInput } from './schemas.ts';

/** How long a charger may take to start its download after retrieveDateTime. */
export const DOWNLOAD_LINK_HOURS = 24;

export type FirmwareDeps = CallDeps & {
  files: ChargerFileSettings;
  /** The tenant's public origin chargers reach the web app at. */
  origin: string;
};

export type FirmwareCommandResult = { command: CommandReply; answer: string; requestId: number };

/**
 * L01/L02 (2.0.1), 1.6 UpdateFirmware and the security extension's SignedUpdateFirmware: sends the
 * image's time-limited link (or the operator's URL) with its signature and certificate. 1.6
 * UpdateFirmware carries neither a request id nor a signature: a signed image to a 1.6 charger
 * goes as SignedUpdateFirmware. The request row exists before the command leaves, so status
 * notifications that overtake the answer find it.
 */
export async function updateFirmware(
  deps: FirmwareDeps & { input: z.input<typeof updateFirmwareInput> },
): Promise<FirmwareCommandResult> {
  const { db, scope, files, origin } = deps;
  const v = updateFirmwareInput.parse(deps.input);
  const charger = await operatorCharger(db, scope, v.chargerId);
  const image = v.imageId ? await readyImage(db, scope, v.imageId) : null;
  const retrieveAt = v.retrieveAt ?? new Date();
  const signature = image?.signature ?? v.signature;
  const signingCertificate = image?.signingCertificate ?? v.signingCertificate;
  if (Boolean(signature) !== Boolean(signingCertificate))
    throw new AppError('BAD_INPUT', 'A signed update needs both the signature and the signing certificate');
  const is16 = charger.protocol === 'OCPP16';
  const signed16 = is16 && (v.signedUpdate16 ?? Boolean(signature));
  if (signed16 && !signature)
    throw new AppError('BAD_INPUT', 'SignedUpdateFirmware needs a signed image (signature and certificate)');
  if (is16 && !signed16 && v.installAt)
    throw new AppError('BAD_INPUT', '1.6 UpdateFirmware has no install time: use SignedUpdateFirmware or leave it');
  const linkExpires = new Date(Math.max(retrieveAt.getTime(), Date.now()) + DOWNLOAD_LINK_HOURS * 3600_000);
  const location = image
    ? signedLink({
        key: files.linkKey,
        purpose: 'firmware',
        origin,
        id: image.id,
        expiresAt: linkExpires,
        fileName: image.fileName,
      })
    : v.location!;
  const requestId = randomInt(1, 2 ** 31 - 1);
  const action = is16 ? (signed16 ? 'SignedUpdateFirmware' : 'UpdateFirmware') : 'UpdateFirmware';
  const sdb = scopedDb(db, scope);
  const request = await sdb.firmwareRequest.create({
    data: {
      tenantId: scope.tenantId,
      chargerId: charger.id,
      kind: 'UPDATE',
      action,
      requestId,
      imageId: image?.id ?? null,
      location,
      retrieveAt,
      installAt: v.installAt ?? null,
      retries: v.retries ?? null,
      retryInterval: v.retryInterval ?? null,
      signed: Boolean(signature) && (!is16 || signed16),
      requestedById: scope.userId,
    },
  });
  const retry = {
    ...(v.retries !== undefined ? { retries: v.retries } : {}),
    ...(v.retryInterval !== undefined ? { retryInterval: v.retryInterval } : {}),
  };
  const payload =
    is16 && !signed16
      ? { location, retrieveDate: retrieveAt.toISOString(), ...retry }
      : {
          requestId,
          ...retry,
          firmware: {
            location,
            retrieveDateTime: retrieveAt.toISOString(),
            ...(v.installAt ? { installDateTime: v.installAt.toISOString() } : {}),
            ...(signingCertificate ? { signingCertificate } : {}),
            ...(signature ? { signature } : {}),
          },
        };
  const row = await callCharger(deps, charger.id, action, payload);
  // 1.6 UpdateFirmware answers an empty object: a RESPONDED command is its acceptance.
  const answer = action === 'UpdateFirmware' && is16 && row.status === 'RESPONDED' ? 'Accepted' : answerOf(row);
  const refused = !['Accepted', 'AcceptedCanceled'].includes(answer);
  await sdb.firmwareRequest.update({
    where: { id: request.id },
    data: { answer, commandId: row.id, ...(refused ? { finishedAt: new Date() } : {}) },
  });
  return { command: replyOf(row), answer, requestId };
}
