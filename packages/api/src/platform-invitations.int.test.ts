import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { INVITATION_RESEND_LIMIT } from './core.ts';
import { aUser, callerFor, hostOf, PLATFORM_DOMAIN, testServices, type SentEmail } from '../test/builders.ts';

// The platform console's view of each new tenant's first admin invitation, and sending it again.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const tokenOf = (e: SentEmail) => new URL(e.acceptUrl).searchParams.get('token')!;

async function tenantWithFirstAdmin(slug: string) {
  const platform = await aUser(t.db, { platformAdmin: true });
  const sent: SentEmail[] = [];
  const api = await callerFor(t.db, { host: PLATFORM_DOMAIN, userId: platform.id, services: testServices(sent) });
  const tenant = await api.platform.createTenant({ slug, name: `Tenant ${slug}`, adminEmail: `boss@${slug}.in` });
  const anon = await callerFor(t.db, { host: hostOf(tenant), userId: null });
  const listed = async () => (await api.platform.firstAdminInvitations()).find((i) => i.tenantId === tenant.id);
  return { platform, sent, api, tenant, anon, listed };
}

describe('first admin invitations on the platform console', () => {
  it('shows the pending invitation, resends it under a new link, and refuses the old one', async () => {
    const { platform, sent, api, tenant, anon, listed } = await tenantWithFirstAdmin('resend-a');
    const first = await listed();
    expect(first).toMatchObject({ email: 'boss@resend-a.in', status: 'PENDING', acceptedAt: null });
    const oldToken = tokenOf(sent[0]!);

    const again = await api.platform.resendFirstAdminInvitation({ tenantId: tenant.id, id: first!.id });
    expect(again.email).toBe('boss@resend-a.in');
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ to: 'boss@resend-a.in', role: 'OPERATOR_ADMIN', tenantId: tenant.id });
    expect(new URL(sent[1]!.acceptUrl).host).toBe(hostOf(tenant));
    const newToken = tokenOf(sent[1]!);
    expect(newToken).not.toBe(oldToken);
    expect(await listed()).toMatchObject({ id: again.id, status: 'PENDING' });

    await expect(anon.user.invitation({ token: oldToken })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      anon.user.acceptInvitation({ token: oldToken, name: 'Boss', password: 'boss-pass-1' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await anon.user.acceptInvitation({ token: newToken, name: 'Boss', password: 'boss-pass-1' });
    expect(await listed()).toMatchObject({ id: again.id, status: 'ACCEPTED', acceptedAt: expect.any(Date) });
    expect(
      await t.db.membership.count({
        where: { tenantId: tenant.id, role: 'OPERATOR_ADMIN', user: { email: 'boss@resend-a.in' } },
      }),
    ).toBe(1);

    // In the tenant's log, by the platform admin.
    expect(
      await t.db.auditLog.findFirst({
        where: { tenantId: tenant.id, action: 'user.invitation_resent', entityId: again.id },
        select: { actorUserId: true, before: true },
      }),
    ).toEqual({ actorUserId: platform.id, before: { invitationId: first!.id } });

    // An accepted invitation is not sent again.
    await expect(api.platform.resendFirstAdminInvitation({ tenantId: tenant.id, id: again.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(sent).toHaveLength(2);
  });

  it('tells an expired invitation apart and resends it with a new expiry', async () => {
    const { sent, api, tenant, listed } = await tenantWithFirstAdmin('resend-b');
    const first = await listed();
    await t.db.invitation.update({ where: { id: first!.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });
    expect(await listed()).toMatchObject({ id: first!.id, status: 'EXPIRED' });
    const again = await api.platform.resendFirstAdminInvitation({ tenantId: tenant.id, id: first!.id });
    expect(again.expiresAt.getTime()).toBeGreaterThan(Date.now());
    expect(await listed()).toMatchObject({ id: again.id, status: 'PENDING' });
    expect(sent).toHaveLength(2);
  });

  it('limits how often one invitation is sent again', async () => {
    const { sent, api, tenant, listed } = await tenantWithFirstAdmin('resend-c');
    for (let i = 0; i < INVITATION_RESEND_LIMIT.limit; i++) {
      const current = await listed();
      await api.platform.resendFirstAdminInvitation({ tenantId: tenant.id, id: current!.id });
    }
    const current = await listed();
    await expect(
      api.platform.resendFirstAdminInvitation({ tenantId: tenant.id, id: current!.id }),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    expect(sent).toHaveLength(1 + INVITATION_RESEND_LIMIT.limit);
    // The refused resend changed nothing: the last link still works.
    expect(await listed()).toMatchObject({ id: current!.id, status: 'PENDING' });
  });

  it("refuses another tenant's invitation id, a staff invitation, and anyone but the platform admin", async () => {
    const a = await tenantWithFirstAdmin('resend-d');
    const b = await tenantWithFirstAdmin('resend-e');
    const bInvitation = await b.listed();
    // Tenant A's id with tenant B's invitation: nothing is found, nothing is sent.
    await expect(
      a.api.platform.resendFirstAdminInvitation({ tenantId: a.tenant.id, id: bInvitation!.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const tenantAdmin = await aUser(t.db, { tenantId: a.tenant.id, role: 'OPERATOR_ADMIN' });
    const sentByTenant: SentEmail[] = [];
    const tenantApi = await callerFor(t.db, {
      host: hostOf(a.tenant),
      userId: tenantAdmin.id,
      services: testServices(sentByTenant),
    });
    await tenantApi.user.invite({ email: 'staff@resend-d.in', role: 'OPERATOR_STAFF' });
    const staff = await t.db.invitation.findFirstOrThrow({ where: { email: 'staff@resend-d.in' } });
    await expect(
      a.api.platform.resendFirstAdminInvitation({ tenantId: a.tenant.id, id: staff.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const aInvitation = await a.listed();
    await expect(
      tenantApi.platform.resendFirstAdminInvitation({ tenantId: a.tenant.id, id: aInvitation!.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const tenantAdminOnPlatform = await callerFor(t.db, {
      host: PLATFORM_DOMAIN,
      userId: tenantAdmin.id,
      services: testServices(sentByTenant),
    });
    await expect(tenantAdminOnPlatform.platform.firstAdminInvitations()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      tenantAdminOnPlatform.platform.resendFirstAdminInvitation({ tenantId: a.tenant.id, id: aInvitation!.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(1);
    expect(sentByTenant).toHaveLength(1);
    // Staff invitations are not listed as a first admin's.
    expect(await a.listed()).toMatchObject({ email: 'boss@resend-d.in' });
  });
});
