import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { hashInvitationToken, hashSecret, verifySecret } from './core.ts';
import {
  aTenant,
  aUser,
  aVendor,
  callerFor,
  hostOf,
  PLATFORM_DOMAIN,
  testServices,
  type SentEmail,
} from '../test/builders.ts';

// Invitations end to end at the API: invite → email with a one-time link → accept on the tenant's
// host → the membership the invitation named, and nothing else.

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

async function setup() {
  const tenant = await aTenant(t.db);
  const vendor = await aVendor(t.db, tenant.id, 'Sunrise');
  const admin = await aUser(t.db, { tenantId: tenant.id, role: 'OPERATOR_ADMIN' });
  const sent: SentEmail[] = [];
  const api = await callerFor(t.db, { host: hostOf(tenant), userId: admin.id, services: testServices(sent) });
  const anon = await callerFor(t.db, { host: hostOf(tenant), userId: null });
  return { tenant, vendor, admin, sent, api, anon };
}

const tokenOf = (e: SentEmail) => new URL(e.acceptUrl).searchParams.get('token')!;

describe('invitations', () => {
  it('invites a vendor user whose accepted account is scoped to that vendor', async () => {
    const { tenant, vendor, sent, api, anon } = await setup();
    await api.user.invite({ email: 'Owner@Sunrise.in', role: 'VENDOR_USER', vendorId: vendor.id });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ to: 'owner@sunrise.in', role: 'VENDOR_USER', vendorName: 'Sunrise' });
    expect(new URL(sent[0]!.acceptUrl).host).toBe(hostOf(tenant));
    const token = tokenOf(sent[0]!);
    // Only the hash is stored.
    expect(await t.db.invitation.count({ where: { tokenHash: token } })).toBe(0);

    expect(await anon.user.invitation({ token })).toMatchObject({
      email: 'owner@sunrise.in',
      vendorName: 'Sunrise',
      hasPassword: false,
    });
    await anon.user.acceptInvitation({ token, name: 'Owner', password: 'sunrise-123' });
    const user = await t.db.user.findUniqueOrThrow({
      where: { email: 'owner@sunrise.in' },
      include: { memberships: true },
    });
    expect(await verifySecret('sunrise-123', user.passwordHash)).toBe(true);
    expect(user.memberships).toEqual([
      expect.objectContaining({ tenantId: tenant.id, vendorId: vendor.id, role: 'VENDOR_USER' }),
    ]);

    await expect(anon.user.acceptInvitation({ token, name: 'Again', password: 'another-123' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('refuses expired links and invalid input with a clear message', async () => {
    const { sent, api, anon } = await setup();
    await api.user.invite({ email: 'late@x.in', role: 'OPERATOR_STAFF' });
    const token = tokenOf(sent[0]!);
    await t.db.invitation.updateMany({
      where: { email: 'late@x.in' },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await expect(anon.user.acceptInvitation({ token, name: 'Late', password: 'late-late-1' })).rejects.toThrow(
      /expired/,
    );
    await expect(api.user.invite({ email: 'v@x.in', role: 'VENDOR_USER' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(api.user.invite({ email: 'not-an-email', role: 'OPERATOR_STAFF' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it("lets the platform admin create a tenant whose first admin is invited on the tenant's host", async () => {
    const platform = await aUser(t.db, { platformAdmin: true });
    const sent: SentEmail[] = [];
    const api = await callerFor(t.db, { host: PLATFORM_DOMAIN, userId: platform.id, services: testServices(sent) });
    const tenant = await api.platform.createTenant({
      slug: 'acme',
      name: 'Acme Charging',
      themeKey: 'greenline',
      adminEmail: 'boss@acme.in',
    });
    expect(sent).toHaveLength(1);
    expect(new URL(sent[0]!.acceptUrl).host).toBe(`acme.${PLATFORM_DOMAIN}`);
    const anon = await callerFor(t.db, { host: `acme.${PLATFORM_DOMAIN}`, userId: null });
    await anon.user.acceptInvitation({ token: tokenOf(sent[0]!), name: 'Boss', password: 'boss-pass-1' });
    const boss = await t.db.user.findUniqueOrThrow({
      where: { email: 'boss@acme.in' },
      include: { memberships: true },
    });
    expect(boss.memberships).toEqual([
      expect.objectContaining({ tenantId: tenant.id, role: 'OPERATOR_ADMIN', vendorId: null }),
    ]);
    await expect(api.platform.createTenant({ slug: 'acme', name: 'Again' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('does not let an invitation take over an existing account', async () => {
    const { tenant, sent, api, anon } = await setup();
    const existing = await t.db.user.create({
      data: { email: 'known@x.in', passwordHash: await hashSecret('original-pass') },
    });
    await api.user.invite({ email: 'known@x.in', role: 'OPERATOR_STAFF' });
    const token = tokenOf(sent[0]!);
    await expect(
      anon.user.acceptInvitation({ token, name: 'Mallory', password: 'attacker-pass' }),
    ).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await t.db.membership.count({ where: { userId: existing.id } })).toBe(0);
    await anon.user.acceptInvitation({ token, name: 'Known', password: 'original-pass' });
    expect(
      await t.db.membership.count({ where: { userId: existing.id, tenantId: tenant.id, role: 'OPERATOR_STAFF' } }),
    ).toBe(1);
    expect(
      await verifySecret(
        'original-pass',
        (await t.db.user.findUniqueOrThrow({ where: { id: existing.id } })).passwordHash,
      ),
    ).toBe(true);
  });

  it('keeps one invitation per person: a new one replaces the pending one, and accepting one voids the rest', async () => {
    const { tenant, vendor, sent, api, anon } = await setup();
    // The admin first invites an administrator, then thinks better of it and invites a vendor user.
    await api.user.invite({ email: 'twice@x.in', role: 'OPERATOR_ADMIN' });
    await api.user.invite({ email: 'twice@x.in', role: 'VENDOR_USER', vendorId: vendor.id });
    const [asAdmin, asVendor] = sent.map(tokenOf) as [string, string];
    await expect(
      anon.user.acceptInvitation({ token: asAdmin, name: 'Twice', password: 'twice-pass-1' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await anon.user.acceptInvitation({ token: asVendor, name: 'Twice', password: 'twice-pass-1' });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'twice@x.in' }, include: { memberships: true } });
    expect(user.memberships).toEqual([expect.objectContaining({ tenantId: tenant.id, role: 'VENDOR_USER' })]);

    // Invitations left over side by side (from before this rule): a removed member cannot come back through one.
    const spare = 'c'.repeat(43);
    await t.db.invitation.create({
      data: {
        tenantId: tenant.id,
        email: 'spare@x.in',
        role: 'OPERATOR_ADMIN',
        tokenHash: hashInvitationToken(spare),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await t.db.invitation.create({
      data: {
        tenantId: tenant.id,
        email: 'spare@x.in',
        role: 'OPERATOR_STAFF',
        tokenHash: hashInvitationToken('d'.repeat(43)),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await anon.user.acceptInvitation({ token: 'd'.repeat(43), name: 'Spare', password: 'spare-pass-1' });
    const member = await t.db.membership.findFirstOrThrow({ where: { user: { email: 'spare@x.in' } } });
    await api.user.removeMember({ id: member.id });
    await expect(
      anon.user.acceptInvitation({ token: spare, name: 'Spare', password: 'spare-pass-1' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.membership.count({ where: { user: { email: 'spare@x.in' } } })).toBe(0);
  });
});
