import type { Db } from '@magma/db';
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
