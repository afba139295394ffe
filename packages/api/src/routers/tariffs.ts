import {
  archiveTariff,
  archiveTariffInput,
  assignTariff,
  assignTariffInput,
  getTariff,
  listTariffs,
  previewTariff,
  previewTariffInput,
  publishTariff,
  publishTariffInput,
  tariffIdInput,
} from '@magma/core/tariffs';
import { adminProcedure, createTRPCRouter, operatorProcedure, protectedProcedure } from '../trpc.ts';

// Everyone in the tenant reads (vendor users only the tariffs that apply to their sites), operator
// staff may also try drafts in the preview, and only operator admins change anything.
export const tariffsRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listTariffs({ db: ctx.db, scope: ctx.scope })),
  get: protectedProcedure
    .input(tariffIdInput)
    .query(({ ctx, input }) => getTariff({ db: ctx.db, scope: ctx.scope, input })),
  preview: operatorProcedure
    .input(previewTariffInput)
    .query(({ ctx, input }) => previewTariff({ db: ctx.db, scope: ctx.scope, input })),
  publish: adminProcedure
    .input(publishTariffInput)
    .mutation(({ ctx, input }) => publishTariff({ db: ctx.db, scope: ctx.scope, input })),
  assign: adminProcedure
    .input(assignTariffInput)
    .mutation(({ ctx, input }) => assignTariff({ db: ctx.db, scope: ctx.scope, input })),
  archive: adminProcedure
    .input(archiveTariffInput)
    .mutation(({ ctx, input }) => archiveTariff({ db: ctx.db, scope: ctx.scope, input })),
});
