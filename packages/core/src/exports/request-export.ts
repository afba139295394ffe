import type { Db } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { RUN_VIEW } from './list-export-runs.ts';

export const requestExportInput = z.object({
  /** Every row up to now, into its own run's objects, leaving the scheduled watermarks alone. */
  full: z.boolean().default(false),
});

/**
 * "Export now": queues a run that the worker starts within a minute; the page polls its progress.
 * One queued or running run at a time per tenant, so a double click does not export twice.
 */
export async function requestExport({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof requestExportInput>;
}) {
  assertAdmin(scope);
  const i = requestExportInput.parse(input);
  const sdb = scopedDb(db, scope);
  const destination = await sdb.exportDestination.findFirst({ select: { id: true } });
  if (!destination) throw new AppError('NOT_FOUND', 'No export destination is set up');
  const pending = await sdb.exportRun.findFirst({
    where: { status: { in: ['QUEUED', 'RUNNING'] } },
    select: RUN_VIEW,
  });
  if (pending) return pending;
  return sdb.exportRun.create({
    data: {
      tenantId: scope.tenantId,
      destinationId: destination.id,
      trigger: 'MANUAL',
      full: i.full,
      requestedById: scope.userId,
    },
    select: RUN_VIEW,
  });
}
