import { expect } from 'vitest';
import { hashSecret, verifySecret } from '@magma/core/auth';
import { adminOnly, DENIED, ids, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'user.me': async (w) => {
    expect((await w.callers.adminA.user.me())?.scope?.tenantId).toBe(w.A.id);
    expect((await w.callers.adminAonB.user.me())?.scope).toBeNull();
    expect(await w.callers.anonA.user.me()).toBeNull();
  },
  'user.changePassword': async (w, db) => {
    // The procedure takes no user: it can only ever change the caller's own password.
    const passwordHash = await hashSecret('old-password');
    await db.user.updateMany({ where: { id: { in: [w.adminA.id, w.adminB.id] } }, data: { passwordHash } });
    const input = { currentPassword: 'old-password', newPassword: 'new-password-1' };
    await rejects(w.callers.anonA.user.changePassword(input), ['UNAUTHORIZED']);
    await rejects(w.callers.adminAonB.user.changePassword(input), DENIED);
    await rejects(w.callers.adminA.user.changePassword({ ...input, currentPassword: 'wrong' }), ['BAD_REQUEST']);
    await w.callers.adminA.user.changePassword(input);
    const [a, b] = await Promise.all(
      [w.adminA.id, w.adminB.id].map((id) => db.user.findUniqueOrThrow({ where: { id } })),
    );
    expect(await verifySecret('new-password-1', a!.passwordHash)).toBe(true);
    expect(b!.passwordHash).toBe(passwordHash);
    expect(b!.sessionVersion).toBe(0);
  },
  'user.setLocale': async (w, db) => {
    // The procedure takes no user: it can only ever set the caller's own language.
    await db.user.updateMany({ where: { id: { in: [w.adminA.id, w.adminB.id] } }, data: { locale: null } });
    await rejects(w.callers.anonA.user.setLocale({ locale: 'hi' }), ['UNAUTHORIZED']);
    await rejects(w.callers.adminAonB.user.setLocale({ locale: 'hi' }), DENIED);
    await rejects(w.callers.adminA.user.setLocale({ locale: 'fr' as 'hi' }), ['BAD_REQUEST']);
    expect(await w.callers.adminA.user.setLocale({ locale: 'hi' })).toEqual({ locale: 'hi' });
    const [a, b] = await Promise.all(
      [w.adminA.id, w.adminB.id].map((id) => db.user.findUniqueOrThrow({ where: { id } })),
    );
    expect(a!.locale).toBe('hi');
    expect(b!.locale).toBeNull();
    await w.callers.adminA.user.setLocale({ locale: null });
  },
  'user.members': async (w) => {
    const members = await w.callers.adminA.user.members();
    expect(members.map((m) => m.user.id)).toContain(w.vendorA1.id);
    expect(members.map((m) => m.user.id)).not.toContain(w.adminB.id);
    await adminOnly((c) => c.user.members())(w);
  },
  'user.removeMember': async (w, db) => {
    await rejects(w.callers.adminA.user.removeMember({ id: w.memberB.id }), ['NOT_FOUND']);
    expect(await db.membership.findUnique({ where: { id: w.memberB.id } })).not.toBeNull();
    await adminOnly((c, x) => c.user.removeMember({ id: x.memberA2.id }))(w);
  },
  'user.invitations': async (w) => {
    const list = ids(await w.callers.adminA.user.invitations());
    expect(list).toContain(w.inviteA2.id);
    expect(list).not.toContain(w.inviteB.id);
    await adminOnly((c) => c.user.invitations())(w);
  },
  'user.invite': async (w, db) => {
    await rejects(w.callers.adminA.user.invite({ email: 'x@example.test', role: 'VENDOR_USER', vendorId: w.b1.id }), [
      'NOT_FOUND',
    ]);
    expect(await db.invitation.count({ where: { email: 'x@example.test' } })).toBe(0);
    await adminOnly((c, x) => c.user.invite({ email: 'y@example.test', role: 'VENDOR_USER', vendorId: x.a2.id }))(w);
  },
  'user.revokeInvitation': async (w, db) => {
    await rejects(w.callers.adminA.user.revokeInvitation({ id: w.inviteB.id }), ['NOT_FOUND']);
    expect(await db.invitation.findUnique({ where: { id: w.inviteB.id } })).not.toBeNull();
    await adminOnly((c, x) => c.user.revokeInvitation({ id: x.inviteA2.id }))(w);
  },
  'user.invitation': async (w) => {
    expect((await w.callers.anonA.user.invitation({ token: w.tokenA2 })).email).toBe('new-a2@example.test');
    await rejects(w.callers.anonA.user.invitation({ token: w.tokenB }), ['NOT_FOUND']);
  },
  'user.acceptInvitation': async (w, db) => {
    await rejects(w.callers.anonA.user.acceptInvitation({ token: w.tokenB, name: 'Eve', password: 'long-enough-1' }), [
      'NOT_FOUND',
    ]);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: w.inviteB.id } })).acceptedAt).toBeNull();
    expect(await db.user.findUnique({ where: { email: 'new-b@example.test' } })).toBeNull();
  },
};
