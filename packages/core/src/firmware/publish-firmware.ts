import { createHash, randomInt } from 'node:crypto';
import type { z } from 'zod';
import { answerOf, callCharger, replyOf, type CommandReply } from '../device-model/charger-call.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { operatorCharger } from './charger.ts';
import { readyImage } from './firmware-images.ts';
import { signedLink } from './links.ts';
import { publishFirmwareInput, unpublishFirmwareInput } from './schemas.ts';
import { type FirmwareDeps, type FirmwareCommandResult } from './update-firmware.ts';

// L03/L04 (2.0.1): a local controller fetches an image once and serves it to the stations behind
// it. PublishFirmware names the image by its MD5 checksum, which we compute from the stored file
// when it is published (the upload keeps SHA-256); UnpublishFirmware names the same checksum.

/** A local controller keeps serving what it published: its link lasts a week. */
const PUBLISH_LINK_DAYS = 7;

async function md5Of(deps: FirmwareDeps, storageKey: string): Promise<string> {
  const file = await deps.files.store.get(storageKey);
  if (!file) throw new AppError('CONFLICT', 'The image file is missing from the store');
  const hash = createHash('md5');
  for await (const chunk of file.body) hash.update(chunk as Uint8Array);
  return hash.digest('hex');
}

export async function publishFirmware(
  deps: FirmwareDeps & { input: z.input<typeof publishFirmwareInput> },
): Promise<FirmwareCommandResult & { checksum: string }> {
  const { db, scope, files, origin } = deps;
  const v = publishFirmwareInput.parse(deps.input);
  const charger = await operatorCharger(db, scope, v.chargerId);
  if (charger.protocol !== 'OCPP201')
    throw new AppError('BAD_INPUT', 'PublishFirmware is OCPP 2.0.1 (a local controller): this charger speaks 1.6');
  const image = await readyImage(db, scope, v.imageId);
  const checksum = await md5Of(deps, image.storageKey);
  const location = signedLink({
    key: files.linkKey,
    purpose: 'firmware',
    origin,
    id: image.id,
    expiresAt: new Date(Date.now() + PUBLISH_LINK_DAYS * 86_400_000),
    fileName: image.fileName,
  });
  const requestId = randomInt(1, 2 ** 31 - 1);
  const sdb = scopedDb(db, scope);
  const request = await sdb.firmwareRequest.create({
    data: {
      tenantId: scope.tenantId,
      chargerId: charger.id,
      kind: 'PUBLISH',
      action: 'PublishFirmware',
      requestId,
      imageId: image.id,
      location,
      retrieveAt: new Date(),
      retries: v.retries ?? null,
      retryInterval: v.retryInterval ?? null,
      signed: false,
      requestedById: scope.userId,
    },
  });
  const row = await callCharger(deps, charger.id, 'PublishFirmware', {
    location,
    checksum,
    requestId,
    ...(v.retries !== undefined ? { retries: v.retries } : {}),
    ...(v.retryInterval !== undefined ? { retryInterval: v.retryInterval } : {}),
  });
  const answer = answerOf(row);
  await sdb.firmwareRequest.update({
    where: { id: request.id },
    data: { answer, commandId: row.id, ...(answer === 'Accepted' ? {} : { finishedAt: new Date() }) },
  });
  return { command: replyOf(row), answer, requestId, checksum };
}

/** Stops a local controller serving a published image (Unpublished, NoFirmware or DownloadOngoing). */
export async function unpublishFirmware(
  deps: FirmwareDeps & { input: z.input<typeof unpublishFirmwareInput> },
): Promise<{ command: CommandReply; answer: string }> {
  const { db, scope } = deps;
  const v = unpublishFirmwareInput.parse(deps.input);
  const charger = await operatorCharger(db, scope, v.chargerId);
  const sdb = scopedDb(db, scope);
  const request = await sdb.firmwareRequest.findFirst({
    where: { chargerId: charger.id, requestId: v.requestId, kind: 'PUBLISH' },
  });
  if (!request?.imageId) throw new AppError('NOT_FOUND', 'No such publish request on this charger');
  const image = await readyImage(db, scope, request.imageId);
  const row = await callCharger(deps, charger.id, 'UnpublishFirmware', {
    checksum: await md5Of(deps, image.storageKey),
  });
  const answer = answerOf(row);
  if (answer === 'Unpublished' || answer === 'NoFirmware')
    await sdb.firmwareRequest.update({ where: { id: request.id }, data: { unpublishedAt: new Date() } });
  return { command: replyOf(row), answer };
}
