import {
  addDomainInput,
  addTenantDomain,
  features,
  getTenantSettings,
  listTenantDomains,
  removeDomainInput,
  removeTenantDomain,
  verifyDomainInput,
  verifyTenantDomain,
  updateBrandingInput,
  updateTenantBranding,
} from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure } from '../trpc.ts';

export const tenantRouter = createTRPCRouter({
  /** What the signed-in user may see here: drives the navigation. */
  access: protectedProcedure.query(({ ctx }) => ({
    tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, plan: ctx.tenant.plan },
    role: ctx.scope.role,
    vendorId: ctx.scope.vendorId,
    features: features(ctx.tenant.plan),
  })),
  settings: adminProcedure.query(({ ctx }) => getTenantSettings({ db: ctx.db, scope: ctx.scope })),
  updateBranding: adminProcedure.input(updateBrandingInput).mutation(async ({ ctx, input }) => {
    const r = await updateTenantBranding({
      db: ctx.db,
      scope: ctx.scope,
      input,
      knownThemes: ctx.services.knownThemes,
    });
    ctx.services.invalidateTenant(ctx.scope.tenantId);
    return r;
  }),
  domains: adminProcedure.query(({ ctx }) => listTenantDomains({ db: ctx.db, scope: ctx.scope })),
  addDomain: adminProcedure.input(addDomainInput).mutation(async ({ ctx, input }) => {
    const r = await addTenantDomain({ db: ctx.db, scope: ctx.scope, input, platformDomain: ctx.platformDomain });
    ctx.services.invalidateTenant(ctx.scope.tenantId);
    return r;
  }),
  verifyDomain: adminProcedure.input(verifyDomainInput).mutation(async ({ ctx, input }) => {
    const r = await verifyTenantDomain({ db: ctx.db, scope: ctx.scope, input, resolver: ctx.services.dnsResolver });
    if (r.verified) ctx.services.invalidateTenant(ctx.scope.tenantId);
    return r;
  }),
  removeDomain: adminProcedure.input(removeDomainInput).mutation(async ({ ctx, input }) => {
    const r = await removeTenantDomain({ db: ctx.db, scope: ctx.scope, input });
    ctx.services.invalidateTenant(ctx.scope.tenantId);
    return r;
  }),
});
