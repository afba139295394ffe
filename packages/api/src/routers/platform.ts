import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import {
  addDomainForTenant,
  createTenant,
  createTenantInput,
  emailAddress,
  inviteUser,
  listFirstAdminInvitations,
  listTenants,
  resendInvitation,
  updateTenantPlan,
  updateTenantPlanInput,
} from '../core.ts';
import type { Context } from '../context.ts';
import { createTRPCRouter, platformProcedure } from '../trpc.ts';

/** The new tenant's sub-domain on the host the platform admin is using (keeps scheme and port). */
function subdomainOrigin(platformOrigin: string | null, slug: string): string | null {
  if (!platformOrigin) return null;
  const url = new URL(platformOrigin);
  url.hostname = `${slug}.${url.hostname.replace(/^www\./, '')}`;
  return url.origin;
}

/** Emails a first admin's invitation link on the tenant's own host. */
async function sendFirstAdminInvitation({
  ctx,
  tenant,
  invitation,
  token,
}: {
  ctx: Context & { user: { email: string } };
  tenant: { id: string; slug: string };
  invitation: { email: string; expiresAt: Date };
  token: string;
}) {
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
}

const platformScope = (tenantId: string, userId: string) => ({
  tenantId,
  vendorId: null,
  role: 'PLATFORM_ADMIN' as const,
  userId,
});

const firstAdminInvitation = z.object({
  id: z.uuid(),
  tenantId: z.uuid(),
  email: z.string(),
  createdAt: z.date(),
  expiresAt: z.date(),
  acceptedAt: z.date().nullable(),
  status: z.enum(['ACCEPTED', 'PENDING', 'EXPIRED']),
});

export const platformRouter = createTRPCRouter({
  tenants: platformProcedure.query(({ ctx }) => listTenants({ db: ctx.db })),
  /** Creates the tenant and, with `adminEmail`, invites its first operator admin. */
  createTenant: platformProcedure
    .input(createTenantInput.extend({ adminEmail: emailAddress.optional() }))
    .mutation(async ({ ctx, input: { adminEmail, ...input } }) => {
      const tenant = await createTenant({ db: ctx.db, input });
      if (!adminEmail) return tenant;
      const { invitation, token } = await inviteUser({
        db: ctx.db,
        scope: platformScope(tenant.id, ctx.user.id),
        input: { email: adminEmail, role: 'OPERATOR_ADMIN' },
      });
      await sendFirstAdminInvitation({ ctx, tenant, invitation, token });
      return tenant;
    }),
  /** Each tenant's first admin invitation (sent by a platform admin): accepted, pending or expired. */
  firstAdminInvitations: platformProcedure
    .output(z.array(firstAdminInvitation))
    .query(({ ctx }) => listFirstAdminInvitations({ db: ctx.db })),
  /**
   * Sends a tenant's first admin invitation again under a new link (the old one stops working);
   * audited in the tenant's log and rate-limited per person.
   */
  resendFirstAdminInvitation: platformProcedure
    .input(z.object({ tenantId: z.uuid(), id: z.uuid() }))
    .output(z.object({ id: z.uuid(), email: z.string(), expiresAt: z.date() }))
    .mutation(async ({ ctx, input }) => {
      const tenant = await ctx.db.tenant.findUnique({
        where: { id: input.tenantId },
        select: { id: true, slug: true },
      });
      if (!tenant) throw new TRPCError({ code: 'NOT_FOUND', message: 'No such tenant' });
      const { invitation, token } = await resendInvitation({
        db: ctx.db,
        scope: platformScope(tenant.id, ctx.user.id),
        input: { id: input.id },
        onlyRole: 'OPERATOR_ADMIN',
      });
      await sendFirstAdminInvitation({ ctx, tenant, invitation, token });
      return { id: invitation.id, email: invitation.email, expiresAt: invitation.expiresAt };
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
