import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { nextSlot } from './run-due-exports.ts';
import {
  checkEndpointUrl,
  DESTINATION_VIEW,
  keyringOf,
  saveExportDestinationInput,
  sealExportSecret,
  type ExportSettings,
  type SaveExportDestinationInput,
} from './destination.ts';

/**
 * Settings → Data export: creates or updates the tenant's one destination. The secret is required
 * the first time; later it may be left out to keep the stored one. Changing the store (endpoint or
 * bucket) without a new secret is allowed: the key may well be the same.
 */
export async function saveExportDestination({
  db,
  scope,
  settings,
  input,
}: {
  db: Db;
  scope: Scope;
  settings: ExportSettings;
  input: SaveExportDestinationInput;
}) {
  assertAdmin(scope);
  const i = saveExportDestinationInput.parse(input);
  checkEndpointUrl(i.endpointUrl, settings);
  const sdb = scopedDb(db, scope);
  const existing = await sdb.exportDestination.findFirst({ select: { id: true, schedule: true } });
  // The first scheduled export is at the next slot, not at once (Export now is there for that).
  const nextRunAt =
    !existing || existing.schedule !== i.schedule ? { nextRunAt: nextSlot(i.schedule, new Date()) } : {};
  const sealed = i.secretAccessKey
    ? {
        secretSealed: sealExportSecret(keyringOf(settings), scope.tenantId, i.secretAccessKey),
        secretLast4: i.secretAccessKey.slice(-4),
      }
    : null;
  const data = {
    endpointUrl: i.endpointUrl,
    region: i.region,
    bucket: i.bucket,
    prefix: i.prefix,
    accessKeyId: i.accessKeyId,
    forcePathStyle: i.forcePathStyle,
    format: i.format,
    schedule: i.schedule,
    enabled: i.enabled,
  };
  if (existing)
    return sdb.exportDestination.update({
      where: { id: existing.id },
      data: { ...data, ...sealed, ...nextRunAt },
      select: DESTINATION_VIEW,
    });
  if (!sealed)
    throw new AppError('BAD_INPUT', 'The secret access key is required', {
      details: [{ path: 'secretAccessKey', message: 'Required' }],
    });
  return sdb.exportDestination.create({
    data: { ...data, ...sealed, ...nextRunAt, tenantId: scope.tenantId },
    select: DESTINATION_VIEW,
  });
}
