import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import {
  acceptInvitation,
  acceptInvitationInput,
  changePassword,
  changePasswordInput,
  getInvitation,
  inviteUser,
  inviteUserInput,
  listInvitations,
  listMembers,
  removeMember,
  removeMemberInput,
  revokeInvitation,
  revokeInvitationInput,
  DASHBOARD_LOCALES,
  setUserLocale,
  setUserLocaleInput,
} from '../core.ts';
import { adminProcedure, createTRPCRouter, protectedProcedure, publicProcedure } from '../trpc.ts';
import { rest } from '../openapi/meta.ts';
import { idOnly, invitationsOutput, inviteOutput, membersOutput } from '../openapi/schemas/user.ts';

const onTenantHost = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.tenant) throw new TRPCError({ code: 'NOT_FOUND', message: 'Open the link on your operator’s site' });
  return next({ ctx: { ...ctx, tenant: ctx.tenant } });
});

export const userRouter = createTRPCRouter({
  me: publicProcedure.query(({ ctx }) =>
    ctx.user
      ? { id: ctx.user.id, email: ctx.user.email, platformAdmin: ctx.user.platformAdmin, scope: ctx.scope }
      : null,
  ),
  /** The signed-in user's own password; every session of theirs ends (the page signs in again). */
  changePassword: protectedProcedure
    .input(changePasswordInput)
    .mutation(({ ctx, input }) => changePassword({ db: ctx.db, userId: ctx.user.id, input })),
  /**
   * The signed-in user's dashboard language (Your account). Like changePassword, a setting of the
   * person's own screens rather than an API resource, so it is not on REST.
   */
  setLocale: protectedProcedure
    .input(setUserLocaleInput)
    .output(z.object({ locale: z.enum(DASHBOARD_LOCALES).nullable() }))
    .mutation(({ ctx, input }) => setUserLocale({ db: ctx.db, userId: ctx.user.id, input })),
  members: adminProcedure
    .meta(rest('GET', '/members', 'users', { summary: 'Members of the tenant and their roles' }))
    .output(membersOutput)
    .query(({ ctx }) => listMembers({ db: ctx.db, scope: ctx.scope })),
  removeMember: adminProcedure
    .meta(rest('DELETE', '/members/{id}', 'users', { summary: 'Remove a member from the tenant' }))
    .output(idOnly)
    .input(removeMemberInput)
    .mutation(({ ctx, input }) => removeMember({ db: ctx.db, scope: ctx.scope, input })),
  invitations: adminProcedure
    .meta(rest('GET', '/invitations', 'users', { summary: 'Pending invitations' }))
    .output(invitationsOutput)
    .query(({ ctx }) => listInvitations({ db: ctx.db, scope: ctx.scope })),
  invite: adminProcedure
    .meta(rest('POST', '/invitations', 'users', { summary: 'Invite a user by email', idempotent: true }))
    .output(inviteOutput)
    .input(inviteUserInput)
    .mutation(async ({ ctx, input }) => {
      const { invitation, token } = await inviteUser({ db: ctx.db, scope: ctx.scope, input });
      const origin = ctx.services.tenantOrigin(ctx.tenant, ctx.origin);
      const acceptUrl = `${origin}/accept-invite?token=${encodeURIComponent(token)}`;
      await ctx.services.sendInvitationEmail({
        tenantId: ctx.tenant.id,
        to: invitation.email,
        acceptUrl,
        role: invitation.role,
        inviterName: ctx.user.email,
        vendorName: invitation.vendor?.name ?? null,
        expiresAt: invitation.expiresAt,
      });
      return invitation;
    }),
  revokeInvitation: adminProcedure
    .meta(rest('DELETE', '/invitations/{id}', 'users', { summary: 'Revoke an invitation' }))
    .output(idOnly)
    .input(revokeInvitationInput)
    .mutation(({ ctx, input }) => revokeInvitation({ db: ctx.db, scope: ctx.scope, input })),
  /** Public: the accept page shows whom the invitation is for. Only valid on the inviting tenant's host. */
  invitation: onTenantHost
    .input(z.object({ token: z.string().min(20).max(200) }))
    .query(({ ctx, input }) => getInvitation({ db: ctx.db, token: input.token, tenantId: ctx.tenant.id })),
  acceptInvitation: onTenantHost
    .input(acceptInvitationInput)
    .mutation(({ ctx, input }) => acceptInvitation({ db: ctx.db, tenantId: ctx.tenant.id, input })),
});
