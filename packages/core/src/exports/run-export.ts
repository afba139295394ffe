import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Db, Prisma } from '@magma/db';
import { csvFile, parquetFile, type DatasetFile } from './dataset-file.ts';
import {
  DATASETS,
  EXPORT_SCHEMA_VERSION,
  watermarksSchema,
  type Dataset,
  type DatasetReader,
  type Watermark,
  type Watermarks,
} from './datasets.ts';
import { s3ClientFor, storageProblem, targetOf, type ExportSettings } from './destination.ts';
import {
  manifestKey,
  objectKey,
  putManifest,
  uploadFile,
  type Manifest,
  type ManifestDataset,
} from './export-objects.ts';

// One export run: every dataset's rows after its watermark, page by page into temporary files,
// uploaded, then the manifest; only then are the watermarks advanced (with the run marked done, in
// one transaction). A run that fails anywhere leaves the watermarks as they were, so the next run
// exports the same range again.

export type RunExportOptions = {
  db: Db;
  settings: ExportSettings;
  runId: string;
  /** Rows changed within this long before the run starts wait for the next run, so a row committed
   * late with an earlier updatedAt is not passed by the watermark. */
  settleMs?: number;
  pageSize?: number;
  /** The destination's lease is extended by this much as the run goes. */
  leaseMs?: number;
  now?: () => Date;
  signal?: AbortSignal;
};

export type RunExportResult = { status: 'SUCCEEDED' | 'FAILED'; manifestKey: string | null; error: string | null };

export const DEFAULT_SETTLE_MS = 60_000;
export const DEFAULT_PAGE_SIZE = 5_000;
export const DEFAULT_LEASE_MS = 15 * 60_000;

type Progress = (data: Prisma.ExportRunUpdateInput) => Promise<void>;

export async function runExport(o: RunExportOptions): Promise<RunExportResult> {
  const now = o.now ?? (() => new Date());
  const run = await o.db.exportRun.findUniqueOrThrow({ where: { id: o.runId }, include: { destination: true } });
  const started = now();
  const progress: Progress = async (data) => {
    await o.db.exportRun.update({ where: { id: run.id }, data });
    await o.db.exportDestination.update({
      where: { id: run.destinationId },
      data: { lockedUntil: new Date(now().getTime() + (o.leaseMs ?? DEFAULT_LEASE_MS)) },
    });
  };
  await progress({
    status: 'RUNNING',
    startedAt: started,
    datasetsTotal: DATASETS.length,
    datasetsDone: 0,
    rowsExported: 0,
    rowsTotal: null,
    error: null,
  });

  let s3: S3Client | null = null;
  const dir = await mkdtemp(join(tmpdir(), 'magma-export-'));
  try {
    const target = targetOf(run.destination, o.settings);
    s3 = s3ClientFor(target, o.settings);
    const from: Watermarks = run.full ? {} : watermarksSchema.parse(run.destination.watermarks);
    const until = new Date(started.getTime() - (o.settleMs ?? DEFAULT_SETTLE_MS));
    const tenant = await o.db.tenant.findUniqueOrThrow({ where: { id: run.tenantId }, select: { currency: true } });
    const readers = DATASETS.map((d) => ({
      dataset: d,
      reader: d.reader({
        db: o.db,
        tenantId: run.tenantId,
        from: from[d.name] ?? null,
        until,
        currency: tenant.currency,
      }),
    }));
    let counted = 0;
    for (const r of readers) counted += await r.reader.count();
    await progress({ rowsTotal: counted });

    const formats =
      run.destination.format === 'BOTH'
        ? (['parquet', 'csv'] as const)
        : run.destination.format === 'CSV'
          ? (['csv'] as const)
          : (['parquet'] as const);
    const datasets: ManifestDataset[] = [];
    for (const { dataset, reader } of readers) {
      await progress({ currentDataset: dataset.name });
      datasets.push(
        await exportDataset({
          dataset,
          reader,
          from: from[dataset.name] ?? null,
          files: await Promise.all(
            formats.map((f) =>
              f === 'parquet'
                ? parquetFile(join(dir, `${dataset.name}.parquet`), dataset.columns, {
                    'magma.dataset': dataset.name,
                    'magma.schema_version': String(EXPORT_SCHEMA_VERSION),
                    'magma.run_id': run.id,
                  })
                : csvFile(join(dir, `${dataset.name}.csv`), dataset.columns),
            ),
          ),
          pageSize: o.pageSize ?? DEFAULT_PAGE_SIZE,
          upload: (file, sha256) =>
            uploadFile({
              s3: s3!,
              bucket: target.bucket,
              key: objectKey(target.prefix, run, dataset.name, file.format),
              path: file.path,
              format: file.format,
              sha256,
              ...(o.signal ? { signal: o.signal } : {}),
            }).then(() => objectKey(target.prefix, run, dataset.name, file.format)),
          onPage: (sourceRows) => progress({ rowsExported: { increment: sourceRows } }),
          signal: o.signal,
        }),
      );
      await progress({ datasetsDone: { increment: 1 } });
    }

    const key = manifestKey(target.prefix, run);
    const manifest: Manifest = {
      schemaVersion: EXPORT_SCHEMA_VERSION,
      runId: run.id,
      tenantId: run.tenantId,
      trigger: run.trigger,
      full: run.full,
      until: until.toISOString(),
      createdAt: started.toISOString(),
      datasets,
    };
    await putManifest(s3, target.bucket, key, manifest);
    await finishRun(o.db, run, { manifestKey: key, watermarks: advanced(from, datasets, run.full), finishedAt: now() });
    return { status: 'SUCCEEDED', manifestKey: key, error: null };
  } catch (e) {
    const error = storageProblem(e);
    await o.db.$transaction([
      o.db.exportRun.update({
        where: { id: run.id },
        data: { status: 'FAILED', error, finishedAt: now(), currentDataset: null },
      }),
      // A scheduled run that failed is tried again soon rather than at the next slot.
      o.db.exportDestination.update({
        where: { id: run.destinationId },
        data: {
          lockedUntil: null,
          ...(run.trigger === 'SCHEDULE' ? { nextRunAt: new Date(now().getTime() + 5 * 60_000) } : {}),
        },
      }),
    ]);
    return { status: 'FAILED', manifestKey: null, error };
  } finally {
    s3?.destroy();
    await rm(dir, { recursive: true, force: true });
  }
}

async function exportDataset(a: {
  dataset: Dataset;
  reader: DatasetReader;
  from: Watermark | null;
  files: DatasetFile[];
  pageSize: number;
  upload: (file: DatasetFile, sha256: string) => Promise<string>;
  onPage: (sourceRows: number) => Promise<void>;
  signal: AbortSignal | undefined;
}): Promise<ManifestDataset> {
  let after = a.from;
  let rows = 0;
  for (;;) {
    a.signal?.throwIfAborted();
    const page = await a.reader.page(after, a.pageSize);
    if (page.sourceRows === 0) break;
    for (const f of a.files) await f.write(page.rows);
    rows += page.rows.length;
    after = page.last;
    await a.onPage(page.sourceRows);
    if (page.sourceRows < a.pageSize) break;
  }
  const objects = [];
  for (const f of a.files) {
    const { bytes, sha256 } = await f.finish();
    if (rows === 0) continue;
    objects.push({ key: await a.upload(f, sha256), format: f.format, rows, bytes, sha256 });
  }
  return { name: a.dataset.name, rows, watermark: { from: a.from, to: after }, objects };
}

function advanced(from: Watermarks, datasets: ManifestDataset[], full: boolean): Watermarks | null {
  if (full) return null;
  const next: Watermarks = { ...from };
  for (const d of datasets) if (d.watermark.to) next[d.name] = d.watermark.to;
  return next;
}

/** The run is done and the watermarks move, together; a destination removed meanwhile keeps nothing. */
async function finishRun(
  db: Db,
  run: { id: string; destinationId: string },
  r: { manifestKey: string; watermarks: Watermarks | null; finishedAt: Date },
) {
  await db.$transaction([
    db.exportRun.update({
      where: { id: run.id },
      data: { status: 'SUCCEEDED', manifestKey: r.manifestKey, finishedAt: r.finishedAt, currentDataset: null },
    }),
    db.exportDestination.update({
      where: { id: run.destinationId },
      data: {
        lockedUntil: null,
        lastSuccessAt: r.finishedAt,
        ...(r.watermarks ? { watermarks: r.watermarks } : {}),
      },
    }),
  ]);
}
