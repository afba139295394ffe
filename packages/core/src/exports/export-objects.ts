import { createReadStream } from 'node:fs';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { FileFormat } from './dataset-file.ts';
import type { DatasetName, Watermark } from './datasets.ts';

// Where a run's objects go and how they get there. Keys are fixed by the run (its id and the day it
// was created), so a run that is taken up again after a worker died writes the same keys: an export
// is at least once, and the manifest lists exactly the objects of a complete run.

export type ManifestObject = { key: string; format: FileFormat; rows: number; bytes: number; sha256: string };

export type ManifestDataset = {
  name: DatasetName;
  rows: number;
  watermark: { from: Watermark | null; to: Watermark | null };
  objects: ManifestObject[];
};

export type Manifest = {
  schemaVersion: number;
  runId: string;
  tenantId: string;
  trigger: 'SCHEDULE' | 'MANUAL';
  full: boolean;
  /** Rows changed up to this instant (UTC) are in; a changed row is exported again, keep the latest by id. */
  until: string;
  createdAt: string;
  datasets: ManifestDataset[];
};

type RunRef = { id: string; tenantId: string; createdAt: Date };

const day = (d: Date) => d.toISOString().slice(0, 10);
const compact = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

export const tenantRoot = (prefix: string, tenantId: string) => `${prefix}tenant=${tenantId}/`;

export const objectKey = (prefix: string, run: RunRef, dataset: DatasetName, format: FileFormat) =>
  `${tenantRoot(prefix, run.tenantId)}${dataset}/date=${day(run.createdAt)}/run-${run.id}.${format}`;

export const manifestKey = (prefix: string, run: RunRef) =>
  `${tenantRoot(prefix, run.tenantId)}manifests/${compact(run.createdAt)}-${run.id}.json`;

const CONTENT_TYPES: Record<FileFormat, string> = {
  parquet: 'application/vnd.apache.parquet',
  csv: 'text/csv; charset=utf-8',
};

/** Streams a file up: one PUT when small, a multipart upload (8 MiB parts, two at a time) when large. */
export async function uploadFile({
  s3,
  bucket,
  key,
  path,
  format,
  sha256,
  signal,
}: {
  s3: S3Client;
  bucket: string;
  key: string;
  path: string;
  format: FileFormat;
  sha256: string;
  signal?: AbortSignal;
}): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: {
      Bucket: bucket,
      Key: key,
      Body: createReadStream(path),
      ContentType: CONTENT_TYPES[format],
      Metadata: { sha256 },
    },
    partSize: 8 * 1024 * 1024,
    queueSize: 2,
    leavePartsOnError: false,
  });
  if (signal) signal.addEventListener('abort', () => void upload.abort(), { once: true });
  await upload.done();
}

export async function putManifest(s3: S3Client, bucket: string, key: string, manifest: Manifest): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(manifest, null, 2),
      ContentType: 'application/json',
    }),
  );
}
