import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import type { z } from 'zod';
import { recordAudit } from '../audit/record-audit.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import type { FileStore } from './file-store.ts';
import { createFirmwareImageInput, firmwareImageIdInput, MAX_FIRMWARE_BYTES } from './schemas.ts';
import { parseSigningCertificate, signatureCheck } from './signature.ts';

// An operator's firmware image: the row first (version, file name, signature and certificate,
// checked for form), then the file streamed into the store (PUT /api/firmware/{id}). The upload
// hashes the file and checks its signature on the way in; only a file within the cap whose
// signature verifies becomes READY and can be offered to chargers.

export const IMAGE_VIEW = {
  id: true,
  version: true,
  fileName: true,
  status: true,
  problem: true,
  sizeBytes: true,
  sha256: true,
  signature: true,
  signingCertificate: true,
  createdAt: true,
  readyAt: true,
} as const;

export async function createFirmwareImage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof createFirmwareImageInput>;
}) {
  assertOperator(scope);
  const v = createFirmwareImageInput.parse(input);
  if (Boolean(v.signature) !== Boolean(v.signingCertificate))
    throw new AppError('BAD_INPUT', 'A signed image needs both its signature and its signing certificate', {
      details: [{ path: v.signature ? 'signingCertificate' : 'signature', message: 'Required with the other' }],
    });
  if (v.signingCertificate) {
    const cert = parseSigningCertificate(v.signingCertificate);
    if (new Date(cert.validTo) < new Date())
      throw new AppError('BAD_INPUT', `The signing certificate expired on ${cert.validTo}`, {
        details: [{ path: 'signingCertificate', message: 'Expired' }],
      });
  }
  const id = randomUUID();
  const image = await scopedDb(db, scope).firmwareImage.create({
    data: {
      id,
      tenantId: scope.tenantId,
      version: v.version,
      fileName: v.fileName,
      signature: v.signature ?? null,
      signingCertificate: v.signingCertificate ?? null,
      storageKey: `${scope.tenantId}/firmware/${id}`,
      uploadedById: scope.userId,
    },
    select: IMAGE_VIEW,
  });
  await recordAudit(db, scope, {
    action: 'firmware.image_created',
    entityType: 'FirmwareImage',
    entityId: id,
    after: { version: v.version, fileName: v.fileName, signed: Boolean(v.signature) },
  });
  return { image, uploadPath: `/api/firmware/${id}` };
}

export type UploadOutcome = { status: 'READY' | 'REJECTED'; problem: string | null; sizeBytes: number; sha256: string };

/** Streams the file into the store within the cap; the signature decides READY or REJECTED. */
export async function uploadFirmwareImage({
  db,
  scope,
  store,
  imageId,
  body,
  maxBytes = MAX_FIRMWARE_BYTES,
}: {
  db: Db;
  scope: Scope;
  store: FileStore;
  imageId: string;
  body: AsyncIterable<Uint8Array>;
  maxBytes?: number;
}): Promise<UploadOutcome> {
  assertOperator(scope);
  const { imageId: id } = firmwareImageIdInput.parse({ imageId });
  const sdb = scopedDb(db, scope);
  const image = await sdb.firmwareImage.findFirst({ where: { id } });
  if (!image) throw new AppError('NOT_FOUND', 'No such firmware image');
  if (image.status !== 'UPLOADING')
    throw new AppError('CONFLICT', 'This image already has its file: create a new image for another file');
  const hash = createHash('sha256');
  const check = image.signature
    ? signatureCheck({ certificate: image.signingCertificate!, signature: image.signature })
    : null;
  let size = 0;
  let tooLarge = false;
  async function* counted() {
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > maxBytes) {
        tooLarge = true;
        throw new AppError('BAD_INPUT', `A firmware image is at most ${maxBytes / 1024 / 1024} MiB`);
      }
      hash.update(chunk);
      check?.update(chunk);
      yield chunk;
    }
  }
  try {
    await store.put(image.storageKey, counted());
  } catch (e) {
    if (!tooLarge) throw e;
  }
  const problem = tooLarge
    ? `Larger than ${maxBytes / 1024 / 1024} MiB`
    : size === 0
      ? 'The file is empty'
      : check && !check.verify()
        ? 'The signature does not verify against the file with the signing certificate'
        : null;
  const sha256 = hash.digest('hex');
  if (problem) await store.remove(image.storageKey);
  const status = problem ? 'REJECTED' : 'READY';
  await sdb.firmwareImage.update({
    where: { id },
    data: { status, problem, sizeBytes: size, sha256, ...(problem ? {} : { readyAt: new Date() }) },
  });
  await recordAudit(db, scope, {
    action: problem ? 'firmware.image_rejected' : 'firmware.image_ready',
    entityType: 'FirmwareImage',
    entityId: id,
    after: { sizeBytes: size, sha256, problem },
  });
  return { status, problem, sizeBytes: size, sha256 };
}

export async function listFirmwareImages({ db, scope }: { db: Db; scope: Scope }) {
  assertOperator(scope);
  return scopedDb(db, scope).firmwareImage.findMany({
    orderBy: { createdAt: 'desc' },
    take: 200,
    select: IMAGE_VIEW,
  });
}

/** A READY image of the scope's tenant, or a clear refusal. */
export async function readyImage(db: Db, scope: Scope, imageId: string) {
  const image = await scopedDb(db, scope).firmwareImage.findFirst({ where: { id: imageId } });
  if (!image) throw new AppError('NOT_FOUND', 'No such firmware image');
  if (image.status !== 'READY')
    throw new AppError(
      'CONFLICT',
      image.status === 'REJECTED' ? `This image was refused: ${image.problem}` : 'This image has no file yet',
    );
  return image;
}
