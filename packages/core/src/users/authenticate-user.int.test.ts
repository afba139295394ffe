import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { hashSecret } from '../auth/password.ts';
import { authenticateUser, NOT_A_MEMBER, TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS } from './authenticate-user.ts';

let t: TestDatabase;
let tenantA: string;
let tenantB: string;

beforeAll(async () => {
  t = await createTestDatabase();
  const [a, b] = await Promise.all([
    t.db.tenant.create({ data: { slug: 'au-a', name: 'A' } }),
    t.db.tenant.create({ data: { slug: 'au-b', name: 'B' } }),
  ]);
  tenantA = a.id;
  tenantB = b.id;
  const passwordHash = await hashSecret('right-pass');
  const user = await t.db.user.create({ data: { email: 'op@a.in', passwordHash } });
  await t.db.membership.create({ data: { userId: user.id, tenantId: a.id, role: 'OPERATOR_ADMIN' } });
  await t.db.user.create({ data: { email: 'root@platform.in', passwordHash, platformRole: 'PLATFORM_ADMIN' } });
});
afterAll(async () => t?.drop());

const attempt = (email: string, password: string, tenantId: string | null, ip = '10.0.0.1') =>
  authenticateUser({ db: t.db, email, password, tenantId, ip });

describe('authenticateUser', () => {
  it('signs a member in on their tenant, case-insensitively by email', async () => {
    expect((await attempt(' OP@A.in ', 'right-pass', tenantA)).email).toBe('op@a.in');
  });

  it.each([
    ['a wrong password', 'op@a.in', 'wrong-pass', () => tenantA, WRONG_CREDENTIALS],
    ['an unknown email', 'nobody@a.in', 'right-pass', () => tenantA, WRONG_CREDENTIALS],
    ["another tenant's host", 'op@a.in', 'right-pass', () => tenantB, NOT_A_MEMBER],
    ['the platform host', 'op@a.in', 'right-pass', () => null, NOT_A_MEMBER],
  ])('refuses %s', async (_case, email, password, tenant, message) => {
    await expect(attempt(email, password, tenant())).rejects.toThrow(message);
  });

  it('lets a platform admin in anywhere', async () => {
    expect((await attempt('root@platform.in', 'right-pass', tenantB)).platformAdmin).toBe(true);
    expect((await attempt('root@platform.in', 'right-pass', null)).platformAdmin).toBe(true);
  });

  it('locks an email and IP out after five failures, even for the right password, but not other IPs', async () => {
    for (let i = 0; i < 5; i++)
      await expect(attempt('op@a.in', `bad-${i}`, tenantA, '10.9.9.9')).rejects.toThrow(WRONG_CREDENTIALS);
    await expect(attempt('op@a.in', 'right-pass', tenantA, '10.9.9.9')).rejects.toThrow(TOO_MANY_ATTEMPTS);
    expect((await attempt('op@a.in', 'right-pass', tenantA, '10.8.8.8')).email).toBe('op@a.in');
  });

  it('lets no more than five guesses through when they arrive all at once', async () => {
    // A client that fires its guesses in parallel must not get past the limit before the first failure is counted.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attempt('op@a.in', `parallel-${i}`, tenantA, '10.6.6.6').then(
          () => 'signed in',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(outcomes.filter((m) => m === WRONG_CREDENTIALS).length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((m) => m === TOO_MANY_ATTEMPTS).length).toBeGreaterThanOrEqual(15);
    await expect(attempt('op@a.in', 'right-pass', tenantA, '10.6.6.6')).rejects.toThrow(TOO_MANY_ATTEMPTS);
  });

  it('counts in PostgreSQL, so every web instance meets the same limit', async () => {
    const other = createDb({ url: t.url, max: 2 });
    try {
      const on = (db: typeof t.db, password: string, ip: string) =>
        authenticateUser({ db, email: 'op@a.in', password, tenantId: tenantA, ip });
      for (let i = 0; i < 5; i++)
        await expect(on(i % 2 ? other : t.db, `bad-${i}`, '10.5.5.5')).rejects.toThrow(WRONG_CREDENTIALS);
      await expect(on(t.db, 'right-pass', '10.5.5.5')).rejects.toThrow(TOO_MANY_ATTEMPTS);
      // Failures another instance recorded (only in the database) lock this one out too.
      await other.rateLimitBucket.create({
        data: { key: 'sign-in:op@a.in:10.5.5.6', windowStart: new Date(), count: 5 },
      });
      await expect(on(t.db, 'right-pass', '10.5.5.6')).rejects.toThrow(TOO_MANY_ATTEMPTS);
    } finally {
      await other.$disconnect();
    }
  });

  it('opens again when the window has passed', async () => {
    for (let i = 0; i < 5; i++)
      await expect(attempt('op@a.in', `bad-${i}`, tenantA, '10.7.7.7')).rejects.toThrow(WRONG_CREDENTIALS);
    await t.db.rateLimitBucket.updateMany({
      where: { key: { contains: '10.7.7.7' } },
      data: { windowStart: new Date(Date.now() - 16 * 60_000) },
    });
    expect((await attempt('op@a.in', 'right-pass', tenantA, '10.7.7.7')).email).toBe('op@a.in');
  });
});
