import {
  createVendor,
  deleteVendor,
  deleteVendorInput,
  getVendor,
  listVendors,
  updateVendor,
  updateVendorInput,
  vendorFields,
  vendorIdInput,
} from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const vendorRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listVendors({ db: ctx.db, scope: ctx.scope })),
  get: protectedProcedure
    .input(vendorIdInput)
    .query(({ ctx, input }) => getVendor({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .input(vendorFields)
    .mutation(({ ctx, input }) => createVendor({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .input(updateVendorInput)
    .mutation(({ ctx, input }) => updateVendor({ db: ctx.db, scope: ctx.scope, input })),
  delete: adminProcedure
    .input(deleteVendorInput)
    .mutation(({ ctx, input }) => deleteVendor({ db: ctx.db, scope: ctx.scope, input })),
});
