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
import { z } from 'zod';
import { rest } from '../openapi/meta.ts';
import {
  brandingOutput,
  domainOutput,
  idOnly,
  tenantAccessOutput,
  tenantSettingsOutput,
  verifyDomainOutput,
} from '../openapi/schemas/tenant.ts';

export const tenantRouter = createTRPCRouter({
  /** What the signed-in user may see here: drives the navigation. */
  access: protectedProcedure
    .meta(rest('GET', '/me', 'tenant', { summary: 'The caller: tenant, role, vendor scope and plan features' }))
    .output(tenantAccessOutput)
    .query(({ ctx }) => ({
      tenant: { id: ctx.tenant.id, slug: ctx.tenant.slug, name: ctx.tenant.name, plan: ctx.tenant.plan },
      role: ctx.scope.role,
      vendorId: ctx.scope.vendorId,
      features: features(ctx.tenant.plan),
    })),
  settings: adminProcedure
    .meta(rest('GET', '/tenant/settings', 'tenant', { summary: 'Tenant settings and branding' }))
    .output(tenantSettingsOutput)
    .query(({ ctx }) => getTenantSettings({ db: ctx.db, scope: ctx.scope })),
  updateBranding: adminProcedure
    .meta(rest('PATCH', '/tenant/branding', 'tenant', { summary: 'Update the name, theme and support contacts' }))
    .output(brandingOutput)
    .input(updateBrandingInput)
    .mutation(async ({ ctx, input }) => {
      const r = await updateTenantBranding({
        db: ctx.db,
        scope: ctx.scope,
        input,
        knownThemes: ctx.services.knownThemes,
      });
      ctx.services.invalidateTenant(ctx.scope.tenantId);
      return r;
    }),
  domains: adminProcedure
    .meta(rest('GET', '/tenant/domains', 'tenant', { summary: 'Custom domains and their TXT records' }))
    .output(z.array(domainOutput))
    .query(({ ctx }) => listTenantDomains({ db: ctx.db, scope: ctx.scope })),
  addDomain: adminProcedure
    .meta(rest('POST', '/tenant/domains', 'tenant', { summary: 'Add a custom domain', idempotent: true }))
    .output(domainOutput)
    .input(addDomainInput)
    .mutation(async ({ ctx, input }) => {
      const r = await addTenantDomain({ db: ctx.db, scope: ctx.scope, input, platformDomain: ctx.platformDomain });
      ctx.services.invalidateTenant(ctx.scope.tenantId);
      return r;
    }),
  verifyDomain: adminProcedure
    .meta(rest('POST', '/tenant/domains/{id}/verify', 'tenant', { summary: 'Check the TXT record of a domain' }))
    .output(verifyDomainOutput)
    .input(verifyDomainInput)
    .mutation(async ({ ctx, input }) => {
      const r = await verifyTenantDomain({ db: ctx.db, scope: ctx.scope, input, resolver: ctx.services.dnsResolver });
      if (r.verified) ctx.services.invalidateTenant(ctx.scope.tenantId);
      return r;
    }),
  removeDomain: adminProcedure
    .meta(rest('DELETE', '/tenant/domains/{id}', 'tenant', { summary: 'Remove a custom domain' }))
    .output(idOnly)
    .input(removeDomainInput)
    .mutation(async ({ ctx, input }) => {
      const r = await removeTenantDomain({ db: ctx.db, scope: ctx.scope, input });
      ctx.services.invalidateTenant(ctx.scope.tenantId);
      return r;
    }),
});
