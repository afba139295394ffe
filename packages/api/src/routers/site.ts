import { createSite, getSite, listSites, siteFields, siteIdInput, updateSite, updateSiteInput } from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { siteDetailOutput, siteListOutput, siteOutput } from '../openapi/schemas/site.ts';

export const siteRouter = createTRPCRouter({
  list: protectedProcedure
    .meta(rest('GET', '/sites', 'sites', { summary: 'List sites' }))
    .output(siteListOutput)
    .query(({ ctx }) => listSites({ db: ctx.db, scope: ctx.scope })),
  get: protectedProcedure
    .meta(rest('GET', '/sites/{id}', 'sites', { summary: 'One site with its chargers' }))
    .output(siteDetailOutput)
    .input(siteIdInput)
    .query(({ ctx, input }) => getSite({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .meta(rest('POST', '/sites', 'sites', { summary: 'Create a site', idempotent: true }))
    .output(siteOutput)
    .input(siteFields)
    .mutation(({ ctx, input }) => createSite({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .meta(rest('PATCH', '/sites/{id}', 'sites', { summary: 'Change a site (body: { patch })' }))
    .output(siteOutput)
    .input(updateSiteInput)
    .mutation(({ ctx, input }) => updateSite({ db: ctx.db, scope: ctx.scope, input })),
});
