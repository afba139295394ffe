import {
  archiveSite,
  archiveSiteInput,
  createSite,
  getSite,
  getSiteOverview,
  listSites,
  listSitesInput,
  listSitesPage,
  listSitesPageInput,
  restoreSite,
  siteFields,
  siteIdInput,
  siteOverviewInput,
  updateSite,
  updateSiteInput,
} from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import {
  siteDetailOutput,
  siteListOutput,
  siteOutput,
  siteOverviewOutput,
  sitePageOutput,
} from '../openapi/schemas/site.ts';

export const siteRouter = createTRPCRouter({
  /** The dashboard's pickers and Sites page (one call, current sites); REST pages them (page). */
  list: protectedProcedure
    .output(siteListOutput)
    .input(listSitesInput)
    .query(({ ctx, input }) => listSites({ db: ctx.db, scope: ctx.scope, input })),
  page: protectedProcedure
    .meta(
      rest('GET', '/sites', 'sites', {
        summary: 'List sites a page at a time (cursor: the previous page’s nextCursor)',
        description:
          'By name. search matches name, address or city; archived=true lists the archived sites instead of the current ones.',
      }),
    )
    .output(sitePageOutput)
    .input(listSitesPageInput)
    .query(({ ctx, input }) => listSitesPage({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .meta(rest('GET', '/sites/{id}', 'sites', { summary: 'One site with its chargers' }))
    .output(siteDetailOutput)
    .input(siteIdInput)
    .query(({ ctx, input }) => getSite({ db: ctx.db, scope: ctx.scope, input })),
  overview: protectedProcedure
    .meta(
      rest('GET', '/sites/{id}/overview', 'sites', {
        summary: 'A site’s page: chargers and connectors, recent sessions, revenue, open faults, nearby sites',
      }),
    )
    .output(siteOverviewOutput)
    .input(siteOverviewInput)
    .query(({ ctx, input }) => getSiteOverview({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .meta(rest('POST', '/sites', 'sites', { summary: 'Create a site', idempotent: true }))
    .output(siteOutput)
    .input(siteFields)
    .mutation(({ ctx, input }) => createSite({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .meta(
      rest('PATCH', '/sites/{id}', 'sites', {
        summary: 'Change a site (body: { patch }): name, address, time zone (IANA), coordinates, owner…',
      }),
    )
    .output(siteOutput)
    .input(updateSiteInput)
    .mutation(({ ctx, input }) => updateSite({ db: ctx.db, scope: ctx.scope, input })),
  archive: adminProcedure
    .meta(
      rest('POST', '/sites/{id}/archive', 'sites', {
        summary: 'Archive a site (hidden from lists; history kept); refused (409) while a charger of it is connected',
      }),
    )
    .output(siteOutput)
    .input(archiveSiteInput)
    .mutation(({ ctx, input }) => archiveSite({ db: ctx.db, scope: ctx.scope, input })),
  restore: adminProcedure
    .meta(rest('POST', '/sites/{id}/restore', 'sites', { summary: 'Bring an archived site back' }))
    .output(siteOutput)
    .input(archiveSiteInput)
    .mutation(({ ctx, input }) => restoreSite({ db: ctx.db, scope: ctx.scope, input })),
});
