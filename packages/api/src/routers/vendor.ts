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
import { listVendorsPage, listVendorsPageInput } from '@magma/core/vendors';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { idOnly, vendorListOutput, vendorOutput, vendorPageOutput } from '../openapi/schemas/vendor.ts';

export const vendorRouter = createTRPCRouter({
  /** Every vendor, for the dashboard's lists and pickers; REST pages them (page). */
  list: protectedProcedure.output(vendorListOutput).query(({ ctx }) => listVendors({ db: ctx.db, scope: ctx.scope })),
  page: protectedProcedure
    .meta(
      rest('GET', '/vendors', 'vendors', {
        summary: 'Vendors (site owners) with their counts, by name, a page at a time (a vendor: itself)',
      }),
    )
    .output(vendorPageOutput)
    .input(listVendorsPageInput.optional())
    .query(({ ctx, input }) => listVendorsPage({ db: ctx.db, scope: ctx.scope, input })),
  get: protectedProcedure
    .meta(rest('GET', '/vendors/{id}', 'vendors', { summary: 'One vendor' }))
    .output(vendorOutput)
    .input(vendorIdInput)
    .query(({ ctx, input }) => getVendor({ db: ctx.db, scope: ctx.scope, input })),
  create: adminProcedure
    .meta(rest('POST', '/vendors', 'vendors', { summary: 'Create a vendor', idempotent: true }))
    .output(vendorOutput)
    .input(vendorFields)
    .mutation(({ ctx, input }) => createVendor({ db: ctx.db, scope: ctx.scope, input })),
  update: adminProcedure
    .meta(rest('PATCH', '/vendors/{id}', 'vendors', { summary: 'Change a vendor (body: { patch })' }))
    .output(vendorOutput)
    .input(updateVendorInput)
    .mutation(({ ctx, input }) => updateVendor({ db: ctx.db, scope: ctx.scope, input })),
  delete: adminProcedure
    .meta(rest('DELETE', '/vendors/{id}', 'vendors', { summary: 'Delete a vendor without sites or chargers' }))
    .output(idOnly)
    .input(deleteVendorInput)
    .mutation(({ ctx, input }) => deleteVendor({ db: ctx.db, scope: ctx.scope, input })),
});
