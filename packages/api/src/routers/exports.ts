import { z } from 'zod';
import {
  EXPORT_FORMATS,
  EXPORT_SCHEDULES,
  getExportDestination,
  getExportRun,
  listExportRuns,
  listExportRunsPage,
  listExportRunsPageInput,
  removeExportDestination,
  requestExport,
  requestExportInput,
  saveExportDestination,
  saveExportDestinationInput,
  testExportDestination,
  type ExportSettings,
} from '@magma/core/exports';
import type { ApiServices } from '../context.ts';
import { rest } from '../openapi/meta.ts';
import { dateTime } from '../openapi/schemas/common.ts';
import { pageOutput } from '../openapi/schemas/common.ts';
import { adminProcedure, createTRPCRouter } from '../trpc.ts';

// Settings → Data export: the operator admin's S3-compatible destination, its connection test, and
// "Export now" with the run's progress. The secret access key goes in and never comes back (only
// its last four characters). Staff and vendor users are refused: an export carries every session,
// payment and statement of the tenant. The use cases check the scope again.

/** The same sealing keys as gateway and webhook secrets; without them a destination cannot be saved. */
const settingsOf = (s: ApiServices): ExportSettings => ({
  keyring: s.paymentGateways?.config.keyring ?? s.webhooks?.keyring ?? null,
  allowPrivateAddresses: s.webhooks?.allowPrivateAddresses ?? false,
});

const destinationOutput = z.object({
  id: z.string(),
  endpointUrl: z.string(),
  region: z.string(),
  bucket: z.string(),
  prefix: z.string(),
  accessKeyId: z.string(),
  secretLast4: z.string(),
  forcePathStyle: z.boolean(),
  format: z.enum(EXPORT_FORMATS),
  schedule: z.enum(EXPORT_SCHEDULES),
  enabled: z.boolean(),
  nextRunAt: dateTime,
  lastSuccessAt: dateTime.nullable(),
  createdAt: dateTime,
  updatedAt: dateTime,
});

const runOutput = z.object({
  id: z.string(),
  trigger: z.enum(['SCHEDULE', 'MANUAL']),
  full: z.boolean(),
  status: z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']),
  datasetsTotal: z.number().int(),
  datasetsDone: z.number().int(),
  currentDataset: z.string().nullable(),
  rowsTotal: z.number().int().nullable(),
  rowsExported: z.number().int(),
  manifestKey: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: dateTime,
  startedAt: dateTime.nullable(),
  finishedAt: dateTime.nullable(),
});

const tag = { tag: 'exports' } as const;

export const exportsRouter = createTRPCRouter({
  destination: adminProcedure
    .meta(rest('GET', '/exports/destination', 'tenant', { ...tag, summary: 'The warehouse export destination' }))
    .output(destinationOutput.nullable())
    .query(({ ctx }) => getExportDestination({ db: ctx.db, scope: ctx.scope })),
  save: adminProcedure
    .meta(
      rest('PUT', '/exports/destination', 'tenant', {
        ...tag,
        summary: 'Set the export destination (the secret is kept when left out)',
      }),
    )
    .input(saveExportDestinationInput)
    .output(destinationOutput)
    .mutation(({ ctx, input }) =>
      saveExportDestination({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services), input }),
    ),
  remove: adminProcedure
    .meta(rest('DELETE', '/exports/destination', 'tenant', { ...tag, summary: 'Remove the export destination' }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx }) => removeExportDestination({ db: ctx.db, scope: ctx.scope })),
  test: adminProcedure
    .meta(
      rest('POST', '/exports/destination/test', 'tenant', {
        ...tag,
        summary: 'Check that the bucket answers and takes an object',
      }),
    )
    .output(z.object({ ok: z.boolean(), message: z.string() }))
    .mutation(({ ctx }) => testExportDestination({ db: ctx.db, scope: ctx.scope, settings: settingsOf(ctx.services) })),
  exportNow: adminProcedure
    .meta(
      rest('POST', '/exports/runs', 'tenant', {
        ...tag,
        summary: 'Queue an export now (the one already queued or running, if any)',
        idempotent: true,
      }),
    )
    .input(requestExportInput)
    .output(runOutput)
    .mutation(({ ctx, input }) => requestExport({ db: ctx.db, scope: ctx.scope, input })),
  /** The page's history (the latest runs); REST pages every run (runsPage). */
  runs: adminProcedure.output(z.array(runOutput)).query(({ ctx }) => listExportRuns({ db: ctx.db, scope: ctx.scope })),
  runsPage: adminProcedure
    .meta(rest('GET', '/exports/runs', 'tenant', { ...tag, summary: 'Export runs, newest first, a page at a time' }))
    .input(listExportRunsPageInput.optional())
    .output(pageOutput(runOutput))
    .query(({ ctx, input }) => listExportRunsPage({ db: ctx.db, scope: ctx.scope, input })),
  run: adminProcedure
    .meta(rest('GET', '/exports/runs/{id}', 'tenant', { ...tag, summary: 'One export run and its progress' }))
    .input(z.object({ id: z.uuid() }))
    .output(runOutput)
    .query(({ ctx, input }) => getExportRun({ db: ctx.db, scope: ctx.scope, id: input.id })),
});
