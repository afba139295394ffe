import { expect } from 'vitest';
import { adminOnly, type Cases } from '../world.ts';

export const cases: Cases = {
  'activity.list': async (w, db) => {
    // Each admin's change lands in its own tenant's log, with who made it.
    const siteA = await w.callers.adminA.site.create({ name: 'Audit A', address: '1 Road', city: 'Pune', state: 'MH' });
    const otherTenant = await db.auditLog.create({
      data: {
        tenantId: w.B.id,
        actorUserId: w.adminB.id,
        action: 'site.created',
        entityType: 'Site',
        entityId: w.sb1.id,
      },
    });
    const a = await w.callers.adminA.activity.list({ action: 'site' });
    const created = a.entries.find((e) => e.entityId === siteA.id);
    expect(created).toMatchObject({ action: 'site.created', actor: { id: w.adminA.id } });
    expect(a.entries.map((e) => e.id)).not.toContain(otherTenant.id.toString());
    // Settings, users and money: not for staff or vendor users.
    await adminOnly((c) => c.activity.list({}))(w);
  },
  'activity.page': async (w, db) => {
    const siteA = await w.callers.adminA.site.create({
      name: 'Audit page',
      address: '1 Road',
      city: 'Pune',
      state: 'MH',
    });
    const otherTenant = await db.auditLog.create({
      data: { tenantId: w.B.id, actorUserId: w.adminB.id, action: 'site.created', entityType: 'Site' },
    });
    const walked: string[] = [];
    const entities: (string | null)[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.activity.page({ action: 'site', limit: 1, cursor });
      walked.push(...page.items.map((e) => e.id));
      entities.push(...page.items.map((e) => e.entityId));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(entities).toContain(siteA.id);
    expect(walked).not.toContain(otherTenant.id.toString());
    await adminOnly((c) => c.activity.page({}))(w);
  },
};
