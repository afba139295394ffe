import { randomUUID } from 'node:crypto';
import { createDb } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { hashSecret } from '../auth/password.ts';
import { aDriverWorld, aPricedConnector, aScriptedRelay } from './driver.fixtures.ts';
import { setDriverPin } from './driver-pin.ts';
import { newSessionToken } from './session-token.ts';
import { PIN_LIMIT_PER_TENANT, startPinSession, WRONG_PIN } from './start-pin-session.ts';

// Counts scrypt verifications: what one PIN attempt costs the server.
const kdf = vi.hoisted(() => ({ verifications: 0 }));
vi.mock('../auth/password.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../auth/password.ts')>();
  return {
    ...real,
    verifySecret: (secret: string, stored: string | null | undefined) => {
      kdf.verifications++;
      return real.verifySecret(secret, stored);
    },
  };
});

const PIN_KEY = 'pin-lookup-test-key';

let t: TestDatabase;
let world: ReturnType<typeof aDriverWorld>;
let relay: Awaited<ReturnType<typeof aScriptedRelay>>;

beforeAll(async () => {
  t = await createTestDatabase();
  world = aDriverWorld({ db: t.db, url: t.url });
  relay = await aScriptedRelay({ db: t.db, bus: world.bus });
});
afterAll(async () => {
  await relay.close();
  await world.bus.close();
  await t.drop();
});
beforeEach(() => {
  relay.script('Accepted');
  relay.calls.length = 0;
  kdf.verifications = 0;
});
afterEach(() => {
  expect(world.errors).toEqual([]);
});

/** A priced connector's tenant, with more connectors on the same (online) charger. */
async function aTenantWithConnectors(count = 1) {
  const fx = await aPricedConnector(t.db);
  const codes = [fx.connector.shortCode!];
  for (let evseId = 2; evseId <= count; evseId++) {
    const evse = await t.db.evse.create({ data: { tenantId: fx.tenant.id, chargerId: fx.charger.id, evseId } });
    const c = await t.db.connector.create({
      data: {
        tenantId: fx.tenant.id,
        chargerId: fx.charger.id,
        evseRowId: evse.id,
        evseId,
        type: 'CCS2',
        status: 'AVAILABLE',
        shortCode: randomUUID().slice(0, 7).toUpperCase(),
      },
    });
    codes.push(c.shortCode!);
  }
  return { ...fx, codes };
}

const attemptOf =
  (tenantId: string, defaultCode: string) =>
  (
    pin: string,
    { clientKey = '203.0.113.7', code = defaultCode, now }: { clientKey?: string; code?: string; now?: Date } = {},
  ) =>
    startPinSession(now ? { ...world.deps, now: () => now } : world.deps, {
      tenantId,
      clientKey,
      pinLookupKey: PIN_KEY,
      input: { sessionToken: newSessionToken(), code: [code], pin },
    });

describe('startPinSession', () => {
  it('costs one scrypt verification for a right PIN and none for a wrong one, however many PINs the tenant has', async () => {
    const fx = await aTenantWithConnectors();
    for (let i = 0; i < 12; i++) {
      await setDriverPin({
        db: t.db,
        tenantId: fx.tenant.id,
        token: `PIN-${i}`,
        pin: `${4000 + i}`,
        pinLookupKey: PIN_KEY,
      });
    }
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);

    await expect(attempt('999999')).rejects.toThrow(WRONG_PIN);
    expect(kdf.verifications).toBe(0);

    await expect(attempt('4011')).resolves.toMatchObject({ started: { started: true } });
    expect(kdf.verifications).toBe(1);
    expect(relay.calls.map((c) => c.payload.idTag)).toEqual(['PIN-11']);
  });

  it('holds the per-client limit against wrong PINs sent in parallel', async () => {
    const fx = await aTenantWithConnectors();
    await setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-A', pin: '482913', pinLookupKey: PIN_KEY });
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);

    const outcomes = await Promise.allSettled(Array.from({ length: 15 }, (_, i) => attempt(`${100000 + i}`)));
    const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code: string }).code : 'OK'));
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(10);
    expect(await t.db.auditLog.count({ where: { tenantId: fx.tenant.id, action: 'driver.pin_rejected' } })).toBe(5);
  });

  it('limits the tenant as a whole, so rotating addresses and connectors does not help', async () => {
    const fx = await aTenantWithConnectors(3);
    await setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-A', pin: '482913', pinLookupKey: PIN_KEY });
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);

    for (let i = 0; i < PIN_LIMIT_PER_TENANT.limit; i++) {
      const clientKey = `198.51.100.${i}`;
      await expect(attempt('000000', { clientKey, code: fx.codes[i % 3]! })).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    await expect(attempt('482913', { clientKey: '192.0.2.200', code: fx.codes[1]! })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    });
    expect(relay.calls).toHaveLength(0);
  });

  it('tells a locked-out driver when to try again, and a locked-out address does not run up the tenant count', async () => {
    const fx = await aTenantWithConnectors();
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);
    const start = new Date();

    for (let i = 0; i < 5; i++) await expect(attempt('000000', { now: start })).rejects.toThrow(WRONG_PIN);
    const later = new Date(start.getTime() + 6 * 60_000 + 1_000);
    const locked = attempt('000000', { now: later });
    await expect(locked).rejects.toThrow('Too many wrong PINs. Try again in 9 minutes, or pay instead.');
    await expect(locked).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      details: { retryAt: new Date(start.getTime() + 15 * 60_000).toISOString() },
    });
    for (let i = 0; i < 10; i++)
      await expect(attempt('000000', { now: later })).rejects.toMatchObject({ code: 'RATE_LIMITED' });

    const tenantBucket = await t.db.rateLimitBucket.findUniqueOrThrow({ where: { key: `pin:${fx.tenant.id}:tenant` } });
    expect(tenantBucket.count).toBe(5);
  });

  it('counts wrong PINs in PostgreSQL, so every web instance meets the same limit', async () => {
    const fx = await aTenantWithConnectors();
    const other = createDb({ url: t.url, max: 2 });
    try {
      const on = (db: typeof t.db, clientKey: string) =>
        startPinSession(
          { ...world.deps, db },
          {
            tenantId: fx.tenant.id,
            clientKey,
            pinLookupKey: PIN_KEY,
            input: { sessionToken: newSessionToken(), code: [fx.codes[0]!], pin: '000000' },
          },
        );
      for (let i = 0; i < 5; i++) await expect(on(i % 2 ? other : t.db, '203.0.113.50')).rejects.toThrow(WRONG_PIN);
      await expect(on(t.db, '203.0.113.50')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
      // Failures another instance recorded (only in the database) lock this one out too.
      await other.rateLimitBucket.create({
        data: { key: `pin:${fx.tenant.id}:client:203.0.113.51`, windowStart: new Date(), count: 5 },
      });
      await expect(on(t.db, '203.0.113.51')).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await other.$disconnect();
    }
  });

  it('does not count a right PIN against the limits', async () => {
    const fx = await aTenantWithConnectors(2);
    await setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-A', pin: '482913', pinLookupKey: PIN_KEY });
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);

    for (let i = 0; i < 4; i++) await expect(attempt('000000')).rejects.toThrow(WRONG_PIN);
    await expect(attempt('482913')).resolves.toMatchObject({ started: { started: true } });
    // The fifth wrong PIN is still a wrong PIN, not a lockout.
    await expect(attempt('000000', { code: fx.codes[1]! })).rejects.toThrow(WRONG_PIN);
  });

  it.each([
    ['blocked', { status: 'BLOCKED' as const }],
    ['expired', { expiresAt: new Date(Date.now() - 60_000) }],
  ])('refuses a %s PIN token as a wrong PIN', async (_case, patch) => {
    const fx = await aTenantWithConnectors();
    const { id } = await setDriverPin({
      db: t.db,
      tenantId: fx.tenant.id,
      token: 'PIN-A',
      pin: '482913',
      pinLookupKey: PIN_KEY,
    });
    await t.db.idToken.update({ where: { id }, data: patch });
    await expect(attemptOf(fx.tenant.id, fx.codes[0]!)('482913')).rejects.toThrow(WRONG_PIN);
    expect(relay.calls).toHaveLength(0);
  });

  it('accepts a PIN stored before lookups existed only once it is set again', async () => {
    const fx = await aTenantWithConnectors();
    await t.db.idToken.create({
      data: { tenantId: fx.tenant.id, token: 'PIN-OLD', type: 'PIN', pinHash: await hashSecret('731946') },
    });
    const attempt = attemptOf(fx.tenant.id, fx.codes[0]!);
    await expect(attempt('731946')).rejects.toThrow(WRONG_PIN);
    expect(kdf.verifications).toBe(0);

    await setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-OLD', pin: '731946', pinLookupKey: PIN_KEY });
    await expect(attempt('731946', { clientKey: '192.0.2.9' })).resolves.toMatchObject({ started: { started: true } });
  });
});

describe('setDriverPin', () => {
  it('keeps PINs unique within a tenant, not across tenants', async () => {
    const [a, b] = [await aPricedConnector(t.db), await aPricedConnector(t.db)];
    const set = (tenantId: string, token: string, pin: string) =>
      setDriverPin({ db: t.db, tenantId, token, pin, pinLookupKey: PIN_KEY });

    await set(a.tenant.id, 'PIN-1', '2468');
    await expect(set(a.tenant.id, 'PIN-2', '2468')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(set(b.tenant.id, 'PIN-1', '2468')).resolves.toMatchObject({ token: 'PIN-1' });
    // Setting a token's own PIN again is not a clash, and a new PIN frees the old one.
    await expect(set(a.tenant.id, 'PIN-1', '2468')).resolves.toMatchObject({ token: 'PIN-1' });
    await set(a.tenant.id, 'PIN-1', '1357');
    await expect(set(a.tenant.id, 'PIN-2', '2468')).resolves.toMatchObject({ token: 'PIN-2' });
  });

  it.each([['12'], ['12ab'], ['123456789']])('refuses %s as a PIN', async (pin) => {
    const fx = await aPricedConnector(t.db);
    await expect(
      setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'PIN-1', pin, pinLookupKey: PIN_KEY }),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('does not turn a card into a PIN token', async () => {
    const fx = await aPricedConnector(t.db);
    await t.db.idToken.create({ data: { tenantId: fx.tenant.id, token: 'CARD-1' } });
    await expect(
      setDriverPin({ db: t.db, tenantId: fx.tenant.id, token: 'CARD-1', pin: '2468', pinLookupKey: PIN_KEY }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
