import { z } from 'zod';
import { addDomainForTenant, createTenant, createTenantInput, listTenants, updateTenantPlan, updateTenantPlanInput } from '../core.ts';
import { createTRPCRouter, platformProcedure } from '../trpc.ts';

export const platformRouter = createTRPCRouter({
  tenants: platformProcedure.query(({ ctx }) => listTenants({ db: ctx.db })),
  createTenant: platformProcedure.input(createTenantInput).mutation(({ ctx, input }) => createTenant({ db: ctx.db, input })),
  setPlan: platformProcedure.input(updateTenantPlanInput).mutation(async ({ ctx, input }) => {
    const r = await updateTenantPlan({ db: ctx.db, input });
    ctx.services.invalidateTenant(input.tenantId);
    return r;
  }),
  addDomain: platformProcedure
    .input(z.object({ tenantId: z.uuid(), host: z.string().min(3).max(253) }))
    .mutation(async ({ ctx, input }) => {
      const r = await addDomainForTenant({ db: ctx.db, tenantId: input.tenantId, host: input.host });
      ctx.services.invalidateTenant(input.tenantId);
      return r;
    }),
});
