import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { hashSecret, verifySecret } from '../auth/password.ts';
import { admitCharger, NOT_ADMITTED, type AdmitChargerInput } from './admit-charger.ts';
import { BASIC_AUTH_ADDRESS_LIMIT, BASIC_AUTH_IDENTITY_LIMIT } from './basic-auth-limit.ts';
import { importChargers } from './import-chargers.ts';

let t: TestDatabase;
let demo: { id: string };
let acme: { id: string };
let beta: { id: string };
const PASSWORD = 'the-right-password-42';
let hash: string;

beforeAll(async () => {
  t = await createTestDatabase();
  demo = await t.db.tenant.create({ data: { slug: 'demo', name: 'Demo', unknownChargerPolicy: 'ACCEPT' } });
  acme = await t.db.tenant.create({ data: { slug: 'acme', name: 'Acme' } });
  beta = await t.db.tenant.create({ data: { slug: 'beta', name: 'Beta' } });
  hash = await hashSecret(PASSWORD);
});
afterAll(async () => t.drop());

/** Counts scrypt verifications, so a test sees what a refusal cost. */
function counting(verify: (p: string, h: string) => Promise<boolean> = verifySecret) {
  const c = { calls: 0, verify: (p: string, h: string) => (c.calls++, verify(p, h)) };
  return c;
}

const admit = (over: Partial<AdmitChargerInput> & { identity: string }) =>
  admitCharger({
    db: t.db,
    tenantSlug: null,
    defaultTenantSlug: 'demo',
    protocol: 'OCPP16',
    password: null,
    secure: false,
    remoteAddress: '10.0.0.1',
    ...over,
  });

const aCharger = (tenantId: string, identity: string, data: { passwordHash?: string; securityProfile?: number } = {}) =>
  t.db.charger.create({ data: { tenantId, identity, ...data } });

describe('charger identities per tenant', () => {
  it('a self-registered identity blocks no other tenant, and the plain endpoint prefers the registered one', async () => {
    const squatted = await admit({ identity: 'ACME-CP-1', tenantSlug: 'demo' });
    expect(squatted).toMatchObject({ ok: true, created: true, charger: { tenantId: demo.id } });
    expect(await t.db.charger.findFirst({ where: { identity: 'ACME-CP-1' } })).toMatchObject({
      origin: 'SELF_REGISTERED',
    });

    const imported = await importChargers({
      db: t.db,
      tenantId: acme.id,
      csv: `identity,protocol,connectors,password\nACME-CP-1,ocpp1.6,1,${PASSWORD}\n`,
    });
    expect(imported).toEqual({ created: 1, errors: [] });

    // The real charger on the plain endpoint reaches acme's registration, not the squatter's row.
    const plain = await admit({ identity: 'ACME-CP-1', password: PASSWORD });
    expect(plain).toMatchObject({ ok: true, created: false, charger: { tenantId: acme.id, tenantSlug: 'acme' } });
    expect(await admit({ identity: 'ACME-CP-1', tenantSlug: 'acme', password: PASSWORD })).toMatchObject({
      ok: true,
      charger: { tenantId: acme.id },
    });
    expect(await admit({ identity: 'ACME-CP-1', tenantSlug: 'demo' })).toMatchObject({
      ok: true,
      charger: { tenantId: demo.id },
    });
  });

  it('the plain endpoint refuses an identity two operators registered; their endpoints admit it', async () => {
    await aCharger(acme.id, 'SHARED-1');
    await aCharger(beta.id, 'SHARED-1');
    expect(await admit({ identity: 'SHARED-1' })).toMatchObject({ ok: false, status: 401, message: NOT_ADMITTED });
    expect(await admit({ identity: 'SHARED-1', tenantSlug: 'acme' })).toMatchObject({
      ok: true,
      charger: { tenantId: acme.id },
    });
    expect(await admit({ identity: 'SHARED-1', tenantSlug: 'beta' })).toMatchObject({
      ok: true,
      charger: { tenantId: beta.id },
    });
    expect(await t.db.charger.count({ where: { identity: 'SHARED-1', tenantId: demo.id } })).toBe(0);
  });

  it('answers every refusal alike, at the cost of one scrypt verification when a password was sent', async () => {
    await aCharger(acme.id, 'ALIKE-PW', { passwordHash: hash, securityProfile: 1 });
    await aCharger(acme.id, 'ALIKE-TLS', { passwordHash: hash, securityProfile: 2 });
    await aCharger(beta.id, 'ALIKE-BETA');
    const cases: [string, Partial<AdmitChargerInput> & { identity: string }][] = [
      ['unknown identity', { identity: 'ALIKE-NOBODY', tenantSlug: 'acme' }],
      ["another tenant's identity", { identity: 'ALIKE-BETA', tenantSlug: 'acme' }],
      ['unknown tenant', { identity: 'ALIKE-PW', tenantSlug: 'nobody' }],
      ['wrong password', { identity: 'ALIKE-PW', tenantSlug: 'acme' }],
      ['ambiguous plain identity', { identity: 'SHARED-1' }],
    ];
    const answers = [];
    for (const [name, input] of cases) {
      const v = counting();
      const r = await admit({ ...input, password: 'not-the-password-99', verifyPassword: v.verify });
      expect(r.ok, name).toBe(false);
      expect(v.calls, name).toBe(1);
      if (!r.ok) answers.push({ status: r.status, message: r.message });
    }
    const withoutPassword = await admit({ identity: 'ALIKE-PW', tenantSlug: 'acme' });
    const overPlainWs = await admit({ identity: 'ALIKE-TLS', tenantSlug: 'acme', password: PASSWORD });
    for (const r of [withoutPassword, overPlainWs]) {
      expect(r.ok).toBe(false);
      if (!r.ok) answers.push({ status: r.status, message: r.message });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a)))).toEqual(
      new Set([JSON.stringify({ status: 401, message: NOT_ADMITTED })]),
    );
  });
});

describe('failed Basic-auth passwords are limited', () => {
  it('per identity, from any address, until the window passes; a pair verified before still gets in', async () => {
    await aCharger(acme.id, 'LIMIT-ID', { passwordHash: hash, securityProfile: 1 });
    await aCharger(acme.id, 'LIMIT-OTHER', { passwordHash: hash, securityProfile: 1 });
    const now = new Date('2026-01-01T00:00:00Z');
    const at = { identity: 'LIMIT-ID', tenantSlug: 'acme', now };
    for (let i = 0; i < BASIC_AUTH_IDENTITY_LIMIT.limit; i++)
      expect((await admit({ ...at, password: `wrong-password-${i}-xxxx` })).ok).toBe(false);

    const v = counting();
    expect(await admit({ ...at, password: PASSWORD, verifyPassword: v.verify })).toMatchObject({ ok: false });
    expect(v.calls).toBe(0);
    expect((await admit({ ...at, password: PASSWORD, remoteAddress: '10.9.9.9' })).ok).toBe(false);
    // The address is not limited: another charger from it gets in.
    expect((await admit({ identity: 'LIMIT-OTHER', tenantSlug: 'acme', now, password: PASSWORD })).ok).toBe(true);
    // A charger this relay verified before is not locked out by someone else's failures.
    expect((await admit({ ...at, password: PASSWORD, knownGood: (p, h) => p === PASSWORD && h === hash })).ok).toBe(
      true,
    );
    const later = new Date(now.getTime() + BASIC_AUTH_IDENTITY_LIMIT.windowMs + 1000);
    expect((await admit({ ...at, now: later, password: PASSWORD })).ok).toBe(true);
  });

  it('per client address, across identities (unknown ones count too); a success gives its attempt back', async () => {
    await aCharger(acme.id, 'LIMIT-ADDR', { passwordHash: hash, securityProfile: 1 });
    const now = new Date('2026-02-01T00:00:00Z');
    const fast = counting(async () => false);
    for (let i = 0; i < 5; i++)
      expect(
        (
          await admit({
            identity: 'LIMIT-ADDR',
            tenantSlug: 'acme',
            now,
            password: PASSWORD,
            remoteAddress: '10.1.1.1',
          })
        ).ok,
      ).toBe(true);
    for (let i = 0; i < BASIC_AUTH_ADDRESS_LIMIT.limit; i++)
      await admit({
        identity: `SCAN-${i}`,
        tenantSlug: 'acme',
        now,
        password: 'guess-guess-guess-1',
        remoteAddress: '10.1.1.1',
        verifyPassword: fast.verify,
      });
    expect(fast.calls).toBe(BASIC_AUTH_ADDRESS_LIMIT.limit);
    const from = (remoteAddress: string) =>
      admit({ identity: 'LIMIT-ADDR', tenantSlug: 'acme', now, password: PASSWORD, remoteAddress });
    expect(await from('10.1.1.1')).toMatchObject({ ok: false, status: 401, message: NOT_ADMITTED });
    // Refused unchecked, the attempt used up none of the charger's own identity attempts.
    const own = await t.db.rateLimitBucket.findUnique({ where: { key: 'ocpp-basic:id:LIMIT-ADDR' } });
    expect(own?.count ?? 0).toBe(0);
    expect((await from('10.2.2.2')).ok).toBe(true);
  });
});
