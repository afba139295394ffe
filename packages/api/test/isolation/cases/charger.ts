import { expect } from 'vitest';
import { adminOnly, ids, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'charger.list': async (w) => {
    const all = ids(await w.callers.adminA.charger.list());
    expect(all).toEqual(expect.arrayContaining([w.ca1.id, w.ca2.id]));
    expect(all).not.toContain(w.cb1.id);
    expect(ids(await w.callers.vendorA1.charger.list())).toEqual([w.ca1.id]);
    expect(ids(await w.callers.vendorA1.charger.list({ vendorId: w.a2.id }))).toEqual([]);
    expect(ids(await w.callers.adminA.charger.list({ siteId: w.sb1.id }))).toEqual([]);
  },
  'charger.page': async (w) => {
    // One charger a page: every page of the admin's walk is tenant A's, and the walk ends.
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.charger.page({ limit: 1, cursor });
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(expect.arrayContaining([w.ca1.id, w.ca2.id]));
    expect(seen).not.toContain(w.cb1.id);
    expect(ids((await w.callers.vendorA1.charger.page()).items)).toEqual([w.ca1.id]);
    expect((await w.callers.vendorA1.charger.page({ vendorId: w.a2.id })).items).toEqual([]);
    await rejects(w.callers.adminA.charger.page({ cursor: 'not-a-cursor' }), ['BAD_REQUEST']);
    // The other orders and filters (hand-written SQL) keep the same scope.
    for (const sort of ['-state', 'site', '-lastSeen'] as const) {
      const walk: string[] = [];
      let next: string | undefined;
      do {
        const page = await w.callers.adminA.charger.page({ sort, limit: 1, cursor: next });
        walk.push(...ids(page.items));
        next = page.nextCursor ?? undefined;
      } while (next);
      expect(walk).toEqual(expect.arrayContaining([w.ca1.id, w.ca2.id]));
      expect(walk).not.toContain(w.cb1.id);
      const vendorPage = await w.callers.vendorA1.charger.page({ sort, state: ['offline', 'available'] });
      expect(ids(vendorPage.items)).toEqual([w.ca1.id]);
    }
    expect((await w.callers.adminA.charger.page({ siteId: [w.sb1.id] })).items).toEqual([]);
    expect((await w.callers.vendorA1.charger.page({ siteId: [w.sa2.id] })).items).toEqual([]);
  },
  'charger.get': async (w) => {
    expect((await w.callers.vendorA1.charger.get({ id: w.ca1.id })).id).toBe(w.ca1.id);
    await rejects(w.callers.adminA.charger.get({ id: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.charger.get({ id: w.ca2.id }), ['NOT_FOUND']);
  },
  'charger.create': async (w) => {
    await rejects(w.callers.adminA.charger.create({ identity: 'SNEAKY-1', siteId: w.sb1.id }), ['NOT_FOUND']);
    await adminOnly((c, x) => c.charger.create({ identity: 'SNEAKY-2', siteId: x.sa1.id }))(w);
  },
  'charger.update': async (w, db) => {
    await rejects(w.callers.adminA.charger.update({ id: w.cb1.id, patch: { model: 'Pwned' } }), ['NOT_FOUND']);
    await rejects(w.callers.adminA.charger.update({ id: w.ca1.id, patch: { siteId: w.sb1.id } }), ['NOT_FOUND']);
    expect((await db.charger.findUniqueOrThrow({ where: { id: w.ca1.id } })).siteId).toBe(w.sa1.id);
    await adminOnly((c, x) => c.charger.update({ id: x.ca2.id, patch: { model: 'Mine' } }))(w);
  },
  'charger.onboarding': async (w, db) => {
    const held = await db.charger.create({
      data: { tenantId: w.B.id, identity: `HELD-B-${Date.now()}`, protocol: 'OCPP16', registration: 'PENDING' },
    });
    const seen = await w.callers.adminA.charger.onboarding();
    expect(seen.waiting.map((c) => c.id)).not.toContain(held.id);
    await adminOnly((c) => c.charger.onboarding())(w);
  },
  'charger.setUnknownPolicy': async (w, db) => {
    const before = (await db.tenant.findUniqueOrThrow({ where: { id: w.B.id } })).unknownChargerPolicy;
    await w.callers.adminA.charger.setUnknownPolicy({ policy: 'PENDING' });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: w.A.id } })).unknownChargerPolicy).toBe('PENDING');
    expect((await db.tenant.findUniqueOrThrow({ where: { id: w.B.id } })).unknownChargerPolicy).toBe(before);
    await w.callers.adminA.charger.setUnknownPolicy({ policy: 'REJECT' });
    await adminOnly((c) => c.charger.setUnknownPolicy({ policy: 'ACCEPT' }))(w);
  },
  'charger.setRegistration': async (w, db) => {
    await rejects(w.callers.adminA.charger.setRegistration({ chargerId: w.cb1.id, registration: 'REJECTED' }), [
      'NOT_FOUND',
    ]);
    expect((await db.charger.findUniqueOrThrow({ where: { id: w.cb1.id } })).registration).toBe('ACCEPTED');
    await adminOnly((c, x) => c.charger.setRegistration({ chargerId: x.ca1.id, registration: 'REJECTED' }))(w);
  },
  'charger.import': async (w, db) => {
    const identity = `IMPORTED-A-${Date.now()}`;
    // Site names resolve within the importer's tenant only: B's site is not found.
    const foreign = await w.callers.adminA.charger.import({
      csv: `identity,protocol,connectors,site\n${identity},ocpp1.6,1,${w.sb1.name}\n`,
    });
    expect(foreign.created).toBe(0);
    expect(foreign.errors[0]?.message).toContain('no site named');
    expect(
      await w.callers.adminA.charger.import({ csv: `identity,protocol,connectors\n${identity},ocpp1.6,1\n` }),
    ).toEqual({
      created: 1,
      errors: [],
    });
    expect((await db.charger.findFirstOrThrow({ where: { identity } })).tenantId).toBe(w.A.id);
    await adminOnly((c) => c.charger.import({ csv: 'identity,protocol,connectors\nNOPE-1,ocpp1.6,1\n' }))(w);
  },
  'charger.setPassword': async (w, db) => {
    await rejects(w.callers.adminA.charger.setPassword({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect((await db.charger.findUniqueOrThrow({ where: { id: w.cb1.id } })).passwordHash).toBeNull();
    const { password } = await w.callers.adminA.charger.setPassword({ chargerId: w.ca1.id });
    expect(password).toMatch(/^[A-Za-z0-9]{24}$/);
    await adminOnly((c, x) => c.charger.setPassword({ chargerId: x.ca1.id }))(w);
  },
  'charger.clearPassword': async (w, db) => {
    await db.charger.update({ where: { id: w.cb1.id }, data: { passwordHash: 'scrypt$keep', securityProfile: 1 } });
    await rejects(w.callers.adminA.charger.clearPassword({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    expect((await db.charger.findUniqueOrThrow({ where: { id: w.cb1.id } })).passwordHash).toBe('scrypt$keep');
    await db.charger.update({ where: { id: w.cb1.id }, data: { passwordHash: null, securityProfile: 0 } });
    await adminOnly((c, x) => c.charger.clearPassword({ chargerId: x.ca1.id }))(w);
  },
};
