import { HeadBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { s3ClientFor, storageProblem, targetOf, type ExportSettings } from './destination.ts';

/**
 * "Test connection": the bucket answers with the stored credentials and takes a small object (the
 * export needs write access, which HeadBucket alone does not prove). Failures are an answer, not an
 * error: the page shows what the store said.
 */
export async function testExportDestination({
  db,
  scope,
  settings,
}: {
  db: Db;
  scope: Scope;
  settings: ExportSettings;
}): Promise<{ ok: boolean; message: string }> {
  assertAdmin(scope);
  const row = await scopedDb(db, scope).exportDestination.findFirst();
  if (!row) throw new AppError('NOT_FOUND', 'No export destination is set up');
  const target = targetOf(row, settings);
  let s3: S3Client | null = null;
  try {
    s3 = s3ClientFor(target, settings);
    await s3.send(new HeadBucketCommand({ Bucket: target.bucket }));
    await s3.send(
      new PutObjectCommand({
        Bucket: target.bucket,
        Key: `${target.prefix}_magma/connection-test.json`,
        Body: JSON.stringify({ testedAt: new Date().toISOString() }),
        ContentType: 'application/json',
      }),
    );
    return { ok: true, message: `Connected: bucket ${target.bucket} can be written` };
  } catch (e) {
    return { ok: false, message: storageProblem(e) };
  } finally {
    s3?.destroy();
  }
}
