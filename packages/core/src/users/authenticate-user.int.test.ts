import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { hashSecret } from '../auth/password.ts';
import { authenticateUser, TOO_MANY_ATTEMPTS, WRONG_CREDENTIALS, type SignInClient } from './authenticate-user.ts';

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
  for (const email of ['op@a.in', 'spray-1@a.in', 'spray-2@a.in', 'delay@a.in', 'device@a.in', 'par@a.in']) {
    const user = await t.db.user.create({ data: { email, passwordHash } });
    await t.db.membership.create({ data: { userId: user.id, tenantId: a.id, role: 'OPERATOR_ADMIN' } });
  }
  await t.db.user.create({ data: { email: 'root@platform.in', passwordHash, platformRole: 'PLATFORM_ADMIN' } });
});
afterAll(async () => t?.drop());

const at = (address: string | null): SignInClient => ({ address });
const attempt = (email: string, password: string, tenantId: string | null, client = at('10.0.0.1'), now?: Date) =>
  authenticateUser({ db: t.db, email, password, tenantId, client, now });
const fail = async (p: Promise<unknown>, message: string) => expect(p).rejects.toThrow(message);

describe('authenticateUser', () => {
  it('signs a member in on their tenant, case-insensitively by email, with its session version', async () => {
    const user = await attempt(' OP@A.in ', 'right-pass', tenantA);
    expect(user).toMatchObject({ email: 'op@a.in', sessionVersion: 0 });
  });

  it.each([
    ['a wrong password', 'op@a.in', 'wrong-pass', () => tenantA],
    ['an unknown email', 'nobody@a.in', 'right-pass', () => tenantA],
    // The right password on a host the user has no access to must look exactly like a wrong one.
    ["the right password on another tenant's host", 'op@a.in', 'right-pass', () => tenantB],
    ['the right password on the platform host', 'op@a.in', 'right-pass', () => null],
    ['an email longer than any address', `${'x'.repeat(400)}@a.in`, 'right-pass', () => tenantA],
    ['a password of 100,000 characters', 'op@a.in', 'p'.repeat(100_000), () => tenantA],
  ])('refuses %s as incorrect email or password', async (_case, email, password, tenant) => {
    await expect(attempt(email, password, tenant(), at('10.1.1.1'))).rejects.toThrow(WRONG_CREDENTIALS);
  });

  it('lets a platform admin in anywhere', async () => {
    expect((await attempt('root@platform.in', 'right-pass', tenantB)).platformAdmin).toBe(true);
    expect((await attempt('root@platform.in', 'right-pass', null)).platformAdmin).toBe(true);
  });

  it('slows down only the failing client: the right password from another address signs in at once', async () => {
    for (let i = 0; i < 8; i++) await attempt('op@a.in', `bad-${i}`, tenantA, at('10.9.9.9')).catch(() => {});
    await fail(attempt('op@a.in', 'right-pass', tenantA, at('10.9.9.9')), TOO_MANY_ATTEMPTS);
    expect((await attempt('op@a.in', 'right-pass', tenantA, at('10.8.8.8'))).email).toBe('op@a.in');
  });

  it('lets a browser that signed in before through while failures from the shared unknown address pile up', async () => {
    // Without a trusted proxy every client has the same (unknown) address.
    for (let i = 0; i < 8; i++) await attempt('device@a.in', `bad-${i}`, tenantA, at(null)).catch(() => {});
    await fail(attempt('device@a.in', 'right-pass', tenantA, at(null)), TOO_MANY_ATTEMPTS);
    const device: SignInClient = { address: null, device: 'd6f1c0de-known-browser' };
    expect((await attempt('device@a.in', 'right-pass', tenantA, device)).email).toBe('device@a.in');
  });

  it('makes each attempt past the fifth wait longer (1 s, 2 s, 4 s…), refusing early ones unchecked', async () => {
    const t0 = Date.now();
    const client = at('10.4.4.4');
    const on = (ms: number, password = 'bad') => attempt('delay@a.in', password, tenantA, client, new Date(t0 + ms));
    for (let i = 0; i < 5; i++) await fail(on(i), WRONG_CREDENTIALS);
    await fail(on(500, 'right-pass'), `${TOO_MANY_ATTEMPTS} Try again in 1 second.`);
    await fail(on(1_010), WRONG_CREDENTIALS); // 1 s after the fifth: checked
    await fail(on(2_500), TOO_MANY_ATTEMPTS); // the seventh owes 2 s
    await fail(on(3_020), WRONG_CREDENTIALS);
    await fail(on(6_000), TOO_MANY_ATTEMPTS); // the eighth owes 4 s
    expect((await on(7_030, 'right-pass')).email).toBe('delay@a.in');
    // A success clears the client's count: the next failures are free again.
    for (let i = 0; i < 5; i++) await fail(on(7_100 + i), WRONG_CREDENTIALS);
  });

  it('caps the delay at 15 minutes and forgets failures a day after the last', async () => {
    const t0 = Date.now();
    const client = at('10.4.4.5');
    await t.db.rateLimitBucket.create({
      data: { key: 'sign-in:op@a.in:addr:10.4.4.5', windowStart: new Date(t0), count: 40 },
    });
    await fail(
      attempt('op@a.in', 'right-pass', tenantA, client, new Date(t0 + 14 * 60_000)),
      'Try again in 60 seconds.',
    );
    expect((await attempt('op@a.in', 'right-pass', tenantA, client, new Date(t0 + 15 * 60_000 + 10))).id).toBeTruthy();
    await t.db.rateLimitBucket.create({
      data: { key: 'sign-in:op@a.in:addr:10.4.4.6', windowStart: new Date(t0), count: 40 },
    });
    const tomorrow = new Date(t0 + 24 * 3_600_000 + 10);
    expect((await attempt('op@a.in', 'right-pass', tenantA, at('10.4.4.6'), tomorrow)).id).toBeTruthy();
  });

  it('slows down an address that sprays many accounts, but not the unknown address everyone shares', async () => {
    for (let i = 0; i < 20; i++)
      await fail(
        attempt(i < 2 ? `spray-${i + 1}@a.in` : `sprayed-${i}@a.in`, 'bad', tenantA, at('10.3.3.3')),
        WRONG_CREDENTIALS,
      );
    // Each account failed once from this address, but the address failed twenty times.
    await fail(attempt('op@a.in', 'right-pass', tenantA, at('10.3.3.3')), TOO_MANY_ATTEMPTS);
    for (let i = 0; i < 25; i++) await fail(attempt(`nobody-${i}@a.in`, 'bad', tenantA, at(null)), WRONG_CREDENTIALS);
    expect((await attempt('spray-1@a.in', 'right-pass', tenantA, at(null))).email).toBe('spray-1@a.in');
  });

  it('lets no more than five guesses through when they arrive all at once', async () => {
    // A client that fires its guesses in parallel must not get past the limit before the first failure is counted.
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        attempt('par@a.in', `parallel-${i}`, tenantA, at('10.6.6.6')).then(
          () => 'signed in',
          (e: Error) => e.message,
        ),
      ),
    );
    expect(outcomes.filter((m) => m === WRONG_CREDENTIALS).length).toBeLessThanOrEqual(5);
    expect(outcomes.filter((m) => m.startsWith(TOO_MANY_ATTEMPTS)).length).toBeGreaterThanOrEqual(15);
    await fail(attempt('par@a.in', 'right-pass', tenantA, at('10.6.6.6')), TOO_MANY_ATTEMPTS);
  });

  it('counts in PostgreSQL, so every web instance meets the same limit', async () => {
    const other = createDb({ url: t.url, max: 2 });
    try {
      const on = (db: typeof t.db, password: string, address: string) =>
        authenticateUser({ db, email: 'op@a.in', password, tenantId: tenantA, client: at(address) });
      for (let i = 0; i < 5; i++) await fail(on(i % 2 ? other : t.db, `bad-${i}`, '10.5.5.5'), WRONG_CREDENTIALS);
      await fail(on(t.db, 'right-pass', '10.5.5.5'), TOO_MANY_ATTEMPTS);
    } finally {
      await other.$disconnect();
    }
  });
});
