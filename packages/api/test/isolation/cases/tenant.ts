import { expect } from 'vitest';
import { adminOnly, rejects, type Cases } from '../world.ts';

export const cases: Cases = {
  'tenant.access': async (w) => {
    expect((await w.callers.adminA.tenant.access()).tenant.id).toBe(w.A.id);
    const v = await w.callers.vendorA1.tenant.access();
    expect([v.tenant.id, v.vendorId, v.role]).toEqual([w.A.id, w.a1.id, 'VENDOR_USER']);
  },
  'tenant.settings': async (w) => {
    expect((await w.callers.adminA.tenant.settings()).id).toBe(w.A.id);
    await adminOnly((c) => c.tenant.settings())(w);
  },
  'tenant.updateBranding': async (w, db) => {
    await w.callers.adminA.tenant.updateBranding({
      themeKey: 'voltway',
      overrides: { colors: { primary: '#123456' } },
    });
    expect((await db.tenant.findUniqueOrThrow({ where: { id: w.A.id } })).themeKey).toBe('voltway');
    expect(await db.tenant.findUniqueOrThrow({ where: { id: w.B.id } })).toMatchObject({
      themeKey: 'magma',
      themeOverrides: null,
    });
    await adminOnly((c) => c.tenant.updateBranding({ name: 'Hijacked' }))(w);
  },
  'tenant.domains': async (w) => {
    const hosts = (await w.callers.adminA.tenant.domains()).map((d) => d.host);
    expect(hosts).toEqual([w.domainA.host]);
    await adminOnly((c) => c.tenant.domains())(w);
  },
  'tenant.addDomain': async (w, db) => {
    await rejects(w.callers.adminA.tenant.addDomain({ host: w.domainB.host }), ['CONFLICT']);
    expect(await db.tenantDomain.findMany({ where: { host: w.domainB.host }, select: { tenantId: true } })).toEqual([
      { tenantId: w.B.id },
    ]);
    await adminOnly((c) => c.tenant.addDomain({ host: 'vendor-grab.example' }))(w);
  },
  'tenant.verifyDomain': async (w, db) => {
    await rejects(w.callers.adminA.tenant.verifyDomain({ id: w.domainB.id }), ['NOT_FOUND']);
    expect(await db.tenantDomain.findUniqueOrThrow({ where: { id: w.domainB.id } })).toMatchObject({
      tenantId: w.B.id,
    });
    await adminOnly((c, x) => c.tenant.verifyDomain({ id: x.domainA.id }))(w);
  },
  'tenant.removeDomain': async (w, db) => {
    await rejects(w.callers.adminA.tenant.removeDomain({ id: w.domainB.id }), ['NOT_FOUND']);
    expect(await db.tenantDomain.findUnique({ where: { id: w.domainB.id } })).not.toBeNull();
    await adminOnly((c, x) => c.tenant.removeDomain({ id: x.domainA.id }))(w);
  },
};
