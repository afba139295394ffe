import {
  archiveTariff,
  archiveTariffInput,
  assignTariff,
  assignTariffInput,
  getTariff,
  listTariffs,
  listTariffsPage,
  listTariffsPageInput,
  previewTariff,
  previewTariffInput,
  publishTariff,
  publishTariffInput,
  tariffIdInput,
} from '@magma/core/tariffs';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';
import { tariffPageOutput } from '../openapi/schemas/pages.ts';
import { rest } from '../openapi/meta.ts';
import {
  tariffArchivedOutput,
  tariffAssignedOutput,
  tariffDetailOutput,
  tariffListOutput,
  tariffPreviewOutput,
  tariffPublishedOutput,
} from '../openapi/schemas/tariffs.ts';

// Everyone in the tenant reads (vendor users only the tariffs that apply to their sites), operator
// staff may also try drafts in the preview, and only operator admins change anything.
export const tariffsRouter = createTRPCRouter({
  /** Every tariff in the dashboard's order (where each applies); REST pages them by name (page). */
  list: protectedProcedure.output(tariffListOutput).query(({ ctx }) => listTariffs({ db: ctx.db, scope: ctx.scope })),
  page: protectedProcedure
    .meta(
      rest('GET', '/tariffs', 'tariffs', {
        summary: 'Tariffs with the version in force, by name, a page at a time (a vendor: those of its sites)',
      }),
    )
    .output(tariffPageOutput)
    .input(listTariffsPageInput.optional())
    .query(({ ctx, input }) => listTariffsPage({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .meta(rest('GET', '/tariffs/{id}', 'tariffs', { summary: 'One tariff with every version' }))
    .output(tariffDetailOutput)
    .input(tariffIdInput)
    .query(({ ctx, input }) => getTariff({ db: ctx.db, scope: ctx.scope, input })),
  preview: operatorProcedure
    .meta(
      rest('POST', '/tariffs/preview', 'tariffs', {
        summary: 'Price example sessions with a draft definition',
        access: 'read',
      }),
    )
    .output(tariffPreviewOutput)
    .input(previewTariffInput)
    .query(({ ctx, input }) => previewTariff({ db: ctx.db, scope: ctx.scope, input })),
  publish: adminProcedure
    .meta(
      rest('POST', '/tariffs', 'tariffs', {
        summary: 'Publish a definition as a new tariff or its next version',
        idempotent: true,
      }),
    )
    .output(tariffPublishedOutput)
    .input(publishTariffInput)
    .mutation(({ ctx, input }) => publishTariff({ db: ctx.db, scope: ctx.scope, input })),
  assign: adminProcedure
    .meta(
      rest('PUT', '/tariffs/{id}/assignment', 'tariffs', {
        summary: 'Set where a tariff applies (site, connector type, priority)',
      }),
    )
    .output(tariffAssignedOutput)
    .input(assignTariffInput)
    .mutation(({ ctx, input }) => assignTariff({ db: ctx.db, scope: ctx.scope, input })),
  archive: adminProcedure
    .meta(rest('POST', '/tariffs/{id}/archive', 'tariffs', { summary: 'Archive or restore a tariff' }))
    .output(tariffArchivedOutput)
    .input(archiveTariffInput)
    .mutation(({ ctx, input }) => archiveTariff({ db: ctx.db, scope: ctx.scope, input })),
});
