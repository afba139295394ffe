import { z } from 'zod';
import type { Bus } from '@magma/core/bus';
import { LOG_TYPES, listLogRequests, listLogRequestsInput, requestLog, requestLogInput } from '@magma/core/diagnostics';
import {
  createFirmwareImage,
  createFirmwareImageInput,
  firmwareHistory,
  firmwareHistoryInput,
  listFirmwareImages,
  listFirmwareImagesInput,
  publishFirmware,
  publishFirmwareInput,
  unpublishFirmware,
  unpublishFirmwareInput,
  updateFirmware,
  updateFirmwareInput,
  type ChargerFileSettings,
} from '@magma/core/firmware';
import type { Scope } from '@magma/core/tenancy';
import type { Db } from '@magma/db';
import { AppError } from '../core.ts';
import { rest } from '../openapi/meta.ts';
import { createTRPCRouter, operatorProcedure } from '../trpc.ts';

// Firmware (L) and log uploads (N), issue #20: the use cases in @magma/core/firmware and
// ../diagnostics. Operators only. The image file itself is uploaded with PUT /api/firmware/{id}
// (the web app streams it into the store) after images.create; chargers fetch and upload through
// the time-limited links these procedures send them.

const command = z.object({
  id: z.uuid(),
  action: z.string(),
  status: z.string(),
  response: z.unknown(),
  error: z.string().nullable(),
});
const image = z.object({
  id: z.uuid(),
  version: z.string(),
  fileName: z.string(),
  status: z.string(),
  problem: z.string().nullable(),
  sizeBytes: z.number().int().nullable(),
  sha256: z.string().nullable(),
  signature: z.string().nullable(),
  signingCertificate: z.string().nullable(),
  createdAt: z.date(),
  readyAt: z.date().nullable(),
});
const sent = z.object({ command, answer: z.string(), requestId: z.number().int() });
const history = z.object({
  protocol: z.string(),
  requests: z.array(
    z.object({
      requestId: z.number().int(),
      kind: z.string(),
      action: z.string(),
      imageVersion: z.string().nullable(),
      location: z.string().nullable(),
      retrieveAt: z.date(),
      installAt: z.date().nullable(),
      retries: z.number().int().nullable(),
      retryInterval: z.number().int().nullable(),
      signed: z.boolean(),
      answer: z.string().nullable(),
      status: z.string().nullable(),
      finishedAt: z.date().nullable(),
      unpublishedAt: z.date().nullable(),
      createdAt: z.date(),
      steps: z.array(z.object({ status: z.string(), action: z.string(), at: z.date() })),
    }),
  ),
  unmatched: z.array(
    z.object({ status: z.string(), action: z.string(), requestId: z.number().int().nullable(), at: z.date() }),
  ),
});
const logs = z.object({
  protocol: z.string(),
  requests: z.array(
    z.object({
      id: z.uuid(),
      action: z.string(),
      logType: z.enum(LOG_TYPES).or(z.string()),
      requestId: z.number().int(),
      answer: z.string().nullable(),
      chargerFileName: z.string().nullable(),
      status: z.string().nullable(),
      file: z.object({ name: z.string(), size: z.number().int(), uploadedAt: z.date(), url: z.string() }).nullable(),
      createdAt: z.date(),
      steps: z.array(z.object({ status: z.string(), at: z.date() })),
    }),
  ),
});

type Ctx = {
  db: Db;
  scope: Scope;
  tenant: { slug: string } | null;
  origin: string | null;
  services: {
    bus?: Bus;
    commandTimeoutMs?: number;
    chargerFiles?: ChargerFileSettings;
    tenantOrigin(tenant: { slug: string }, requestOrigin: string | null): string;
  };
};
function deps(ctx: Ctx) {
  const { bus, chargerFiles } = ctx.services;
  if (!bus) throw new AppError('UPSTREAM', 'Charger commands are unavailable: this server has no message bus');
  if (!chargerFiles || !ctx.tenant)
    throw new AppError('UPSTREAM', 'Firmware and log files are unavailable: this server has no file store');
  return {
    db: ctx.db,
    bus,
    scope: ctx.scope,
    timeoutMs: ctx.services.commandTimeoutMs,
    files: chargerFiles,
    origin: ctx.services.tenantOrigin(ctx.tenant, ctx.origin),
  };
}

export const firmwareRouter = createTRPCRouter({
  images: operatorProcedure
    .meta(rest('GET', '/firmware-images', 'chargers', { summary: 'The operator’s firmware images, newest first' }))
    .input(listFirmwareImagesInput)
    .output(z.array(image))
    .query(({ ctx }) => listFirmwareImages({ db: ctx.db, scope: ctx.scope })),
  createImage: operatorProcedure
    .meta(
      rest('POST', '/firmware-images', 'chargers', {
        summary:
          'A firmware image (version, file name, optional signature and signing certificate); then PUT the file to uploadPath (at most 256 MiB)',
      }),
    )
    .input(createFirmwareImageInput)
    .output(z.object({ image, uploadPath: z.string() }))
    .mutation(({ ctx, input }) => createFirmwareImage({ db: ctx.db, scope: ctx.scope, input })),
  history: operatorProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/firmware', 'chargers', {
        summary: "A charger's firmware updates and publications, each with every status it reported",
      }),
    )
    .input(firmwareHistoryInput)
    .output(history)
    .query(({ ctx, input }) => firmwareHistory({ db: ctx.db, scope: ctx.scope, input })),
  update: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/firmware-updates', 'chargers', {
        summary:
          'UpdateFirmware (2.0.1; 1.6 UpdateFirmware or SignedUpdateFirmware) with an uploaded image’s time-limited link or a URL',
      }),
    )
    .input(updateFirmwareInput)
    .output(sent)
    .mutation(({ ctx, input }) => updateFirmware({ ...deps(ctx), input })),
  publish: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/firmware-publications', 'chargers', {
        summary: 'PublishFirmware (2.0.1 local controller): the image’s link and MD5 checksum',
      }),
    )
    .input(publishFirmwareInput)
    .output(sent.extend({ checksum: z.string() }))
    .mutation(({ ctx, input }) => publishFirmware({ ...deps(ctx), input })),
  unpublish: operatorProcedure
    .meta(
      rest('DELETE', '/chargers/{chargerId}/firmware-publications/{requestId}', 'chargers', {
        summary: 'UnpublishFirmware: the local controller stops serving a published image',
      }),
    )
    .input(unpublishFirmwareInput.extend({ requestId: z.coerce.number().int().min(0) }))
    .output(z.object({ command, answer: z.string() }))
    .mutation(({ ctx, input }) => unpublishFirmware({ ...deps(ctx), input })),
  logs: operatorProcedure
    .meta(
      rest('GET', '/chargers/{chargerId}/logs', 'chargers', {
        summary: "A charger's log requests, their upload progress and the uploaded files",
      }),
    )
    .input(listLogRequestsInput)
    .output(logs)
    .query(({ ctx, input }) => listLogRequests({ db: ctx.db, scope: ctx.scope, input })),
  requestLog: operatorProcedure
    .meta(
      rest('POST', '/chargers/{chargerId}/logs', 'chargers', {
        summary: 'GetLog (DiagnosticsLog or SecurityLog) or 1.6 GetDiagnostics, uploaded to our time-limited URL',
      }),
    )
    .input(requestLogInput)
    .output(sent.extend({ fileName: z.string().nullable() }))
    .mutation(({ ctx, input }) => requestLog({ ...deps(ctx), input })),
});
