import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { hashSecret } from '../auth/password.ts';
import { authenticateUser, WRONG_CREDENTIALS } from './authenticate-user.ts';
import { changePassword, WRONG_CURRENT_PASSWORD } from './change-password.ts';
import { removeMember } from './remove-member.ts';
import { endUserSessions, isSessionCurrent } from './user-sessions.ts';

let t: TestDatabase;
let tenantId: string;
let adminId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  tenantId = (await t.db.tenant.create({ data: { slug: 'us-a', name: 'A' } })).id;
  const passwordHash = await hashSecret('old-password');
  const admin = await t.db.user.create({ data: { email: 'admin@us.in', passwordHash } });
  adminId = admin.id;
  await t.db.membership.create({ data: { userId: admin.id, tenantId, role: 'OPERATOR_ADMIN' } });
});
afterAll(async () => t?.drop());

async function aMember(email: string) {
  const user = await t.db.user.create({ data: { email, passwordHash: await hashSecret('old-password') } });
  const m = await t.db.membership.create({ data: { userId: user.id, tenantId, role: 'OPERATOR_STAFF' } });
  return { userId: user.id, membershipId: m.id };
}
const signIn = (email: string, password = 'old-password') =>
  authenticateUser({ db: t.db, email, password, tenantId, client: { address: '10.0.0.1' } });
const current = (userId: string, sessionVersion: unknown) => isSessionCurrent({ db: t.db, userId, sessionVersion });

describe('user sessions', () => {
  it('keeps a session current until the user’s sessions are ended, then refuses every earlier token', async () => {
    const { userId } = await aMember('s1@us.in');
    const a = await signIn('s1@us.in');
    const b = await signIn('s1@us.in');
    expect(await current(userId, a.sessionVersion)).toBe(true);
    await endUserSessions({ db: t.db, userId });
    expect(await current(userId, a.sessionVersion)).toBe(false);
    expect(await current(userId, b.sessionVersion)).toBe(false);
    const again = await signIn('s1@us.in');
    expect(await current(userId, again.sessionVersion)).toBe(true);
  });

  it.each([
    ['a token without a version (issued before versions existed)', undefined],
    ['a version that is not a number', '0'],
  ])('refuses %s', async (_case, version) => {
    const { userId } = await aMember(`s-${String(version)}@us.in`);
    expect(await current(userId, version)).toBe(false);
  });

  it('refuses a token whose user is gone or whose id is not an id', async () => {
    expect(await current('00000000-0000-4000-8000-000000000000', 0)).toBe(false);
    expect(await current('not-a-uuid', 0)).toBe(false);
  });

  it('ends the sessions of a member removed from the tenant', async () => {
    const { userId, membershipId } = await aMember('removed@us.in');
    const s = await signIn('removed@us.in');
    await removeMember({
      db: t.db,
      scope: { tenantId, vendorId: null, role: 'OPERATOR_ADMIN', userId: adminId },
      input: { id: membershipId },
    });
    expect(await current(userId, s.sessionVersion)).toBe(false);
  });
});

describe('changePassword', () => {
  it('needs the current password, then ends every session and only the new password signs in', async () => {
    const { userId } = await aMember('pw@us.in');
    const s = await signIn('pw@us.in');
    await expect(
      changePassword({ db: t.db, userId, input: { currentPassword: 'guess', newPassword: 'new-password-1' } }),
    ).rejects.toThrow(WRONG_CURRENT_PASSWORD);
    expect(await current(userId, s.sessionVersion)).toBe(true);
    await changePassword({
      db: t.db,
      userId,
      input: { currentPassword: 'old-password', newPassword: 'new-password-1' },
    });
    expect(await current(userId, s.sessionVersion)).toBe(false);
    await expect(signIn('pw@us.in')).rejects.toThrow(WRONG_CREDENTIALS);
    const fresh = await signIn('pw@us.in', 'new-password-1');
    expect(await current(userId, fresh.sessionVersion)).toBe(true);
  });

  it.each([
    ['a short new password', { currentPassword: 'old-password', newPassword: 'short' }, 'at least 8'],
    ['the same password again', { currentPassword: 'old-password', newPassword: 'old-password' }, 'different'],
    ['a huge new password', { currentPassword: 'old-password', newPassword: 'x'.repeat(10_000) }, 'Too big'],
  ])('refuses %s and changes nothing', async (_case, input, message) => {
    const { userId } = await aMember(`pw-${_case.length}@us.in`);
    await expect(changePassword({ db: t.db, userId, input })).rejects.toThrow(message);
    expect((await signIn(`pw-${_case.length}@us.in`)).id).toBe(userId);
  });

  it('slows down guesses of the current password from a session left open', async () => {
    const { userId } = await aMember('guess@us.in');
    const t0 = Date.now();
    const guess = (i: number, currentPassword = `guess-${i}`) =>
      changePassword({
        db: t.db,
        userId,
        input: { currentPassword, newPassword: 'new-password-1' },
        now: new Date(t0 + i),
      });
    for (let i = 0; i < 5; i++) await expect(guess(i)).rejects.toThrow(WRONG_CURRENT_PASSWORD);
    await expect(guess(6, 'old-password')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  });
});
