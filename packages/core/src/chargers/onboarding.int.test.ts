import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { bootCharger } from '../charging/boot-charger.ts';
import { demoFleet, type DemoFleet } from '../fleet/test-builders.ts';
import { tenantScope } from '../tenancy/scope.ts';
import { admitCharger } from './admit-charger.ts';
import { getOnboarding, importChargersCsv, setChargerRegistration, setUnknownChargerPolicy } from './onboarding.ts';
import { clearChargerPassword, setChargerPassword } from './charger-password.ts';

let t: TestDatabase;
let fleet: DemoFleet;
let other: { id: string; slug: string };

beforeAll(async () => {
  t = await createTestDatabase();
  fleet = await demoFleet(t.db);
  other = await t.db.tenant.create({
    data: { slug: 'elsewhere', name: 'Elsewhere' },
    select: { id: true, slug: true },
  });
});
afterAll(async () => t.drop());

const admit = (identity: string, tenantSlug = 'demo') =>
  admitCharger({
    db: t.db,
    identity,
    tenantSlug,
    defaultTenantSlug: 'demo',
    protocol: 'OCPP16',
    password: null,
    secure: false,
  });

describe('charger onboarding', () => {
  it('holds an unknown identity for approval, and the charger hears the decision at its next boot', async () => {
    await setUnknownChargerPolicy({ db: t.db, scope: fleet.operator, input: { policy: 'PENDING' } });
    const admission = await admit('NEW-CP-1');
    if (!admission.ok) throw new Error('expected admission');
    expect(admission.charger.registration).toBe('PENDING');

    const onboarding = await getOnboarding({ db: t.db, scope: fleet.operator });
    expect(onboarding.policy).toBe('PENDING');
    expect(onboarding.waiting.map((c) => [c.identity, c.registration])).toEqual([['NEW-CP-1', 'PENDING']]);

    const charger = { tenantId: fleet.tenantId, chargerId: admission.charger.id };
    expect((await bootCharger({ db: t.db, charger, info: {} })).status).toBe('Pending');
    await setChargerRegistration({
      db: t.db,
      scope: fleet.operator,
      input: { chargerId: admission.charger.id, registration: 'ACCEPTED' },
    });
    expect((await bootCharger({ db: t.db, charger, info: {} })).status).toBe('Accepted');
    expect((await getOnboarding({ db: t.db, scope: fleet.operator })).waiting).toEqual([]);

    await setChargerRegistration({
      db: t.db,
      scope: fleet.operator,
      input: { chargerId: admission.charger.id, registration: 'REJECTED' },
    });
    expect((await bootCharger({ db: t.db, charger, info: {} })).status).toBe('Rejected');
  });

  it('refuses unknown identities again once the policy is back to reject', async () => {
    await setUnknownChargerPolicy({ db: t.db, scope: fleet.operator, input: { policy: 'REJECT' } });
    expect((await admit('NEW-CP-2')).ok).toBe(false);
  });

  it('is for operator admins of the tenant only', async () => {
    await expect(getOnboarding({ db: t.db, scope: fleet.sunrise })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      setUnknownChargerPolicy({
        db: t.db,
        scope: tenantScope(fleet.tenantId, 'OPERATOR_STAFF'),
        input: { policy: 'ACCEPT' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    // Another operator's admin cannot decide on this tenant's charger.
    const ours = fleet.chargers[0]!;
    await expect(
      setChargerRegistration({
        db: t.db,
        scope: tenantScope(other.id, 'OPERATOR_ADMIN'),
        input: { chargerId: ours.id, registration: 'REJECTED' },
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await t.db.charger.findUniqueOrThrow({ where: { id: ours.id } })).registration).toBe('ACCEPTED');
  });

  it('validates its input', async () => {
    await expect(
      setUnknownChargerPolicy({ db: t.db, scope: fleet.operator, input: { policy: 'MAYBE' as 'ACCEPT' } }),
    ).rejects.toThrow();
    await expect(importChargersCsv({ db: t.db, scope: fleet.operator, input: { csv: '' } })).rejects.toThrow(
      'The CSV file is empty',
    );
    const tooMany = ['identity,protocol,connectors', ...Array.from({ length: 2001 }, (_, i) => `MANY-${i},ocpp1.6,1`)];
    await expect(
      importChargersCsv({ db: t.db, scope: fleet.operator, input: { csv: tooMany.join('\n') } }),
    ).rejects.toThrow('upload at most 2000 at a time');
  });

  it('imports a CSV into the admin’s own tenant, all rows or none', async () => {
    const bad = await importChargersCsv({
      db: t.db,
      scope: tenantScope(other.id, 'OPERATOR_ADMIN'),
      input: { csv: 'identity,protocol,connectors\nIMP-1,ocpp1.6,2\nIMP-2,ocpp3,1\n' },
    });
    expect(bad.created).toBe(0);
    expect(bad.errors).toEqual([expect.objectContaining({ line: 3, identity: 'IMP-2' })]);
    expect(await t.db.charger.count({ where: { identity: 'IMP-1' } })).toBe(0);

    const good = await importChargersCsv({
      db: t.db,
      scope: tenantScope(other.id, 'OPERATOR_ADMIN'),
      input: { csv: 'identity,protocol,connectors\nIMP-1,ocpp1.6,2\nIMP-2,ocpp2.0.1,1\n' },
    });
    expect(good).toEqual({ created: 2, errors: [] });
    const rows = await t.db.charger.findMany({
      where: { identity: { startsWith: 'IMP-' } },
      orderBy: { identity: 'asc' },
    });
    expect(rows.map((r) => [r.identity, r.tenantId, r.protocol])).toEqual([
      ['IMP-1', other.id, 'OCPP16'],
      ['IMP-2', other.id, 'OCPP201'],
    ]);
    await expect(
      importChargersCsv({
        db: t.db,
        scope: fleet.sunrise,
        input: { csv: 'identity,protocol,connectors\nX,ocpp1.6,1\n' },
      }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('charger passwords', () => {
  const connect = (identity: string, password: string | null) =>
    admitCharger({
      db: t.db,
      identity,
      tenantSlug: 'demo',
      defaultTenantSlug: 'demo',
      protocol: 'OCPP16',
      password,
      secure: false,
    });

  it('sets a generated password shown once: the charger is then admitted with it only', async () => {
    const charger = await t.db.charger.create({ data: { tenantId: fleet.tenantId, identity: 'PW-CP-1' } });
    const { password, securityProfile } = await setChargerPassword({
      db: t.db,
      scope: fleet.operator,
      input: { chargerId: charger.id },
    });
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(securityProfile).toBe(1);
    const row = await t.db.charger.findUniqueOrThrow({ where: { id: charger.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);
    expect((await connect('PW-CP-1', password)).ok).toBe(true);
    expect(await connect('PW-CP-1', 'wrong-password-1234')).toMatchObject({ ok: false, status: 401 });
    expect(await connect('PW-CP-1', null)).toMatchObject({ ok: false, status: 401 });
    const trail = await t.db.auditLog.findFirstOrThrow({
      where: { entityId: charger.id, action: 'charger.password.set' },
    });
    expect(JSON.stringify([trail.before, trail.after])).not.toContain(password);
  });

  it('takes a typed password that follows the 1.6 security rules, and refuses one that does not', async () => {
    const charger = await t.db.charger.create({ data: { tenantId: fleet.tenantId, identity: 'PW-CP-2' } });
    const typed = 'Site-42:Gate|North';
    await setChargerPassword({ db: t.db, scope: fleet.operator, input: { chargerId: charger.id, password: typed } });
    expect((await connect('PW-CP-2', typed)).ok).toBe(true);
    for (const bad of ['too-short', 'has spaces in it here', 'x'.repeat(41)])
      await expect(
        setChargerPassword({ db: t.db, scope: fleet.operator, input: { chargerId: charger.id, password: bad } }),
      ).rejects.toThrow();
    expect((await connect('PW-CP-2', typed)).ok).toBe(true);
  });

  it('removes the password: profile 0, admitted on its identity', async () => {
    const charger = await t.db.charger.findFirstOrThrow({ where: { identity: 'PW-CP-2' } });
    expect(await clearChargerPassword({ db: t.db, scope: fleet.operator, input: { chargerId: charger.id } })).toEqual({
      securityProfile: 0,
    });
    expect((await connect('PW-CP-2', null)).ok).toBe(true);
  });

  it('leaves passwords to admins of the charger tenant', async () => {
    const charger = await t.db.charger.findFirstOrThrow({ where: { identity: 'PW-CP-1' } });
    await expect(
      setChargerPassword({ db: t.db, scope: fleet.sunrise, input: { chargerId: charger.id } }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
