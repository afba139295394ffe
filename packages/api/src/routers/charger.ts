import {
  chargerFields,
  chargerIdInput,
  createCharger,
  getCharger,
  listChargers,
  listChargersInput,
  updateCharger,
  updateChargerInput,
} from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const chargerRouter = createTRPCRouter({
  list: protectedProcedure
    .input(listChargersInput)
    .query(({ ctx, input }) => listChargers({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .input(chargerIdInput)
    .query(({ ctx, input }) => getCharger({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(chargerFields)
    .mutation(({ ctx, input }) => createCharger({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .input(updateChargerInput)
    .mutation(({ ctx, input }) => updateCharger({ db: ctx.db, scope: ctx.scope, input })),
});
