import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';

export const RUN_VIEW = {
  id: true,
  trigger: true,
  full: true,
  status: true,
  datasetsTotal: true,
  datasetsDone: true,
  currentDataset: true,
  rowsTotal: true,
  rowsExported: true,
  manifestKey: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

/** The latest runs, newest first (the page's history). */
export async function listExportRuns({ db, scope, limit = 20 }: { db: Db; scope: Scope; limit?: number }) {
  assertAdmin(scope);
  return scopedDb(db, scope).exportRun.findMany({
    select: RUN_VIEW,
    orderBy: { createdAt: 'desc' },
    take: Math.min(Math.max(limit, 1), 100),
  });
}

/** One run, polled by the page for its progress bar. */
export async function getExportRun({ db, scope, id }: { db: Db; scope: Scope; id: string }) {
  assertAdmin(scope);
  const run = await scopedDb(db, scope).exportRun.findFirst({ where: { id }, select: RUN_VIEW });
  if (!run) throw new AppError('NOT_FOUND', 'Export run not found');
  return run;
}

export const listExportRunsPageInput = z.object({ ...cursorPageFields }).strict();

/** Every export run a page at a time (REST /exports/runs), newest first, keyset on (createdAt, id). */
export async function listExportRunsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listExportRunsPageInput>;
}) {
  assertAdmin(scope);
  const f = listExportRunsPageInput.parse(input ?? {});
  const rows = await scopedDb(db, scope).exportRun.findMany({
    where: afterCursor(f.cursor, { field: 'createdAt', dir: 'desc', kind: 'date' }) as Prisma.ExportRunWhereInput,
    select: RUN_VIEW,
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
  });
  return pageOf(rows, f.limit, (r) => [r.createdAt.toISOString(), r.id]);
}
