import { z } from 'zod';
import {
  addDomainForTenant,
  createTenant,
  createTenantInput,
  emailAddress,
  inviteUser,
  listTenants,
  updateTenantPlan,
  updateTenantPlanInput,
} from '../core.ts';
import { createTRPCRouter, platformProcedure } from '../trpc.ts';

/** The new tenant's sub-domain on the host the platform admin is using (keeps scheme and port). */
function subdomainOrigin(platformOrigin: string | null, slug: string): string | null {
  if (!platformOrigin) return null;
  const url = new URL(platformOrigin);
  url.hostname = `${slug}.${url.hostname.replace(/^www\./, '')}`;
  return url.origin;
}

export const platformRouter = createTRPCRouter({
  tenants: platformProcedure.query(({ ctx }) => listTenants({ db: ctx.db })),
  /** Creates the tenant and, with `adminEmail`, invites its first operator admin. */
  createTenant: platformProcedure
    .input(createTenantInput.extend({ adminEmail: emailAddress.optional() }))
    .mutation(async ({ ctx, input: { adminEmail, ...input } }) => {
      const tenant = await createTenant({ db: ctx.db, input });
      if (!adminEmail) return tenant;
      const scope = { tenantId: tenant.id, vendorId: null, role: 'PLATFORM_ADMIN' as const, userId: ctx.user.id };
      const { invitation, token } = await inviteUser({
        db: ctx.db,
        scope,
        input: { email: adminEmail, role: 'OPERATOR_ADMIN' },
      });
      const origin = ctx.services.tenantOrigin(tenant, subdomainOrigin(ctx.origin, tenant.slug));
      await ctx.services.sendInvitationEmail({
        tenantId: tenant.id,
        to: invitation.email,
        acceptUrl: `${origin}/accept-invite?token=${encodeURIComponent(token)}`,
        role: 'OPERATOR_ADMIN',
        inviterName: ctx.user.email,
        vendorName: null,
        expiresAt: invitation.expiresAt,
      });
      return tenant;
    }),
  setPlan: platformProcedure.input(updateTenantPlanInput).mutation(async ({ ctx, input }) => {
    const r = await updateTenantPlan({ db: ctx.db, input });
    ctx.services.invalidateTenant(input.tenantId);
    return r;
  }),
  addDomain: platformProcedure
    .input(z.object({ tenantId: z.uuid(), host: z.string().min(3).max(253) }))
    .mutation(async ({ ctx, input }) => {
      const r = await addDomainForTenant({
        db: ctx.db,
        tenantId: input.tenantId,
        host: input.host,
        platformDomain: ctx.platformDomain,
      });
      ctx.services.invalidateTenant(input.tenantId);
      return r;
    }),
});
