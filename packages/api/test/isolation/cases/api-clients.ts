import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { createApiClient, createPersonalToken } from '@magma/core/oauth';
import { tenantScope } from '@magma/core/tenancy';
import { adminOnly, rejects, type Caller, type Cases, type World } from '../world.ts';

// API clients are operator admins' only; personal tokens are each member's own. Nobody names
// another tenant's client or another user's token, and no list carries a secret or its hash.

const clientOf = (c: Caller, name = 'Iso client') =>
  c.apiClients.create({ name, role: 'OPERATOR_STAFF', scopes: ['chargers:read'] });

async function clientsOfBoth(w: World, db: Db) {
  const a = await clientOf(w.callers.adminA);
  const b = await createApiClient({
    db,
    scope: tenantScope(w.B.id, 'OPERATOR_ADMIN', w.adminB.id),
    input: { name: 'Iso B', role: 'OPERATOR_ADMIN', scopes: ['chargers:write'] },
  });
  return { a, b };
}

async function unchanged(db: Db, id: string, check: () => Promise<unknown>) {
  const before = await db.apiClient.findUniqueOrThrow({ where: { id } });
  await check();
  expect(await db.apiClient.findUniqueOrThrow({ where: { id } })).toEqual(before);
}

async function tokenOf(db: Db, w: World, userId: string, tenantId = w.A.id, role: 'OPERATOR_STAFF' = 'OPERATOR_STAFF') {
  return createPersonalToken({
    db,
    scope: tenantScope(tenantId, role, userId),
    input: { name: 'iso', scopes: ['chargers:read'] },
  });
}

export const cases: Cases = {
  'apiClients.list': async (w, db) => {
    const { a, b } = await clientsOfBoth(w, db);
    const seen = await w.callers.adminA.apiClients.list();
    expect(seen.map((x) => x.id)).toContain(a.client.id);
    expect(seen.map((x) => x.id)).not.toContain(b.client.id);
    expect(JSON.stringify(seen)).not.toContain(a.clientSecret);
    expect(JSON.stringify(seen)).not.toContain('scrypt$');
    await adminOnly((c) => c.apiClients.list())(w);
    await rejects(w.callers.anonA.apiClients.list(), ['UNAUTHORIZED']);
  },
  'apiClients.create': async (w, db) => {
    const a = await clientOf(w.callers.adminA, 'Iso create');
    expect(a.clientSecret).toMatch(/^mgs_/);
    const row = await db.apiClient.findUniqueOrThrow({ where: { id: a.client.id } });
    expect(row.tenantId).toBe(w.A.id);
    expect(row.secretHash).not.toContain(a.clientSecret);
    // A vendor client names a vendor of its own tenant only.
    await rejects(
      w.callers.adminA.apiClients.create({
        name: 'x',
        role: 'VENDOR_USER',
        vendorId: w.b1.id,
        scopes: ['sessions:read'],
      }),
      ['NOT_FOUND'],
    );
    const v = await w.callers.adminA.apiClients.create({
      name: 'Vendor A1',
      role: 'VENDOR_USER',
      vendorId: w.a1.id,
      scopes: ['sessions:read'],
    });
    expect(v.client.vendorId).toBe(w.a1.id);
    await adminOnly((c) => clientOf(c))(w);
    await rejects(clientOf(w.callers.anonA), ['UNAUTHORIZED']);
  },
  'apiClients.rotateSecret': async (w, db) => {
    const { a, b } = await clientsOfBoth(w, db);
    await unchanged(db, b.client.id, () =>
      rejects(w.callers.adminA.apiClients.rotateSecret({ id: b.client.id }), ['NOT_FOUND']),
    );
    const r = await w.callers.adminA.apiClients.rotateSecret({ id: a.client.id });
    expect(r.clientSecret).not.toBe(a.clientSecret);
    await adminOnly((c) => c.apiClients.rotateSecret({ id: a.client.id }))(w);
  },
  'apiClients.setEnabled': async (w, db) => {
    const { a, b } = await clientsOfBoth(w, db);
    await unchanged(db, b.client.id, () =>
      rejects(w.callers.adminA.apiClients.setEnabled({ id: b.client.id, enabled: false }), ['NOT_FOUND']),
    );
    expect(
      (await w.callers.adminA.apiClients.setEnabled({ id: a.client.id, enabled: false })).disabledAt,
    ).not.toBeNull();
    await adminOnly((c) => c.apiClients.setEnabled({ id: a.client.id, enabled: true }))(w);
  },
  'apiClients.listPersonalTokens': async (w, db) => {
    const staff = await tokenOf(db, w, w.staffA.id);
    const mine = await w.callers.vendorA1.apiClients.createPersonalToken({ name: 'v', scopes: ['sessions:read'] });
    const admin = await w.callers.adminA.apiClients.listPersonalTokens();
    expect(admin.map((x) => x.id)).not.toContain(staff.token.id);
    expect(admin.map((x) => x.id)).not.toContain(mine.token.id);
    const vendor = await w.callers.vendorA1.apiClients.listPersonalTokens();
    expect(vendor.map((x) => x.id)).toEqual([mine.token.id]);
    expect(JSON.stringify(vendor)).not.toContain(mine.secret);
    await rejects(w.callers.anonA.apiClients.listPersonalTokens(), ['UNAUTHORIZED']);
  },
  'apiClients.createPersonalToken': async (w, db) => {
    const t = await w.callers.staffA.apiClients.createPersonalToken({ name: 'script', scopes: ['chargers:read'] });
    expect(t.secret).toMatch(/^mgp_/);
    const row = await db.personalApiToken.findUniqueOrThrow({ where: { id: t.token.id } });
    expect([row.tenantId, row.userId]).toEqual([w.A.id, w.staffA.id]);
    // A platform admin visiting a tenant is no member of it: its token could act as nobody.
    await rejects(w.callers.platformOnA.apiClients.createPersonalToken({ name: 'x', scopes: ['chargers:read'] }), [
      'FORBIDDEN',
    ]);
    await rejects(w.callers.anonA.apiClients.createPersonalToken({ name: 'x', scopes: ['chargers:read'] }), [
      'UNAUTHORIZED',
    ]);
  },
  'apiClients.revokePersonalToken': async (w, db) => {
    const staff = await tokenOf(db, w, w.staffA.id);
    const other = await tokenOf(db, w, w.adminB.id, w.B.id);
    for (const id of [staff.token.id, other.token.id]) {
      await rejects(w.callers.adminA.apiClients.revokePersonalToken({ id }), ['NOT_FOUND']);
      expect((await db.personalApiToken.findUniqueOrThrow({ where: { id } })).revokedAt).toBeNull();
    }
    await w.callers.staffA.apiClients.revokePersonalToken({ id: staff.token.id });
    expect((await db.personalApiToken.findUniqueOrThrow({ where: { id: staff.token.id } })).revokedAt).not.toBeNull();
  },
};
