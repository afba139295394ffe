import { createSite, getSite, listSites, siteFields, siteIdInput, updateSite, updateSiteInput } from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const siteRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listSites({ db: ctx.db, scope: ctx.scope })),
  get: protectedProcedure
    .input(siteIdInput)
    .query(({ ctx, input }) => getSite({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(siteFields)
    .mutation(({ ctx, input }) => createSite({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .input(updateSiteInput)
    .mutation(({ ctx, input }) => updateSite({ db: ctx.db, scope: ctx.scope, input })),
});
