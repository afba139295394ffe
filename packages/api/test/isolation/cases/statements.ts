import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { DENIED, rejects, type Cases, type World } from '../world.ts';
import { ledgerRows } from '../ledger-fixture.ts';
import { walkPages } from '../pages.ts';

// The statement document behind the PDF download (/api/statements/{id}.pdf): the operator's people
// read every vendor's statement of their tenant, a vendor user its own (total and site parts) only.

async function statementIds(w: World, db: Db) {
  const { weekA, weekB } = await ledgerRows(w, db);
  const total = (weekId: string, vendorId: string) =>
    db.settlementStatement.findFirstOrThrow({ where: { weekId, vendorId, siteKey: '' } });
  const sitePart = (tenantId: string, weekId: string, vendorId: string, siteKey: string) =>
    db.settlementStatement.upsert({
      where: { weekId_vendorId_siteKey: { weekId, vendorId, siteKey } },
      create: { tenantId, weekId, vendorId, siteKey, sessions: 3, weekNetMinor: 1000 },
      update: {},
    });
  return {
    a1: (await total(weekA.id, w.a1.id)).id,
    a2: (await total(weekA.id, w.a2.id)).id,
    b1: (await total(weekB.id, w.b1.id)).id,
    a1Site: (await sitePart(w.A.id, weekA.id, w.a1.id, w.sa1.id)).id,
    a2Site: (await sitePart(w.A.id, weekA.id, w.a2.id, w.sa2.id)).id,
  };
}

export const cases: Cases = {
  'statements.list': async (w, db) => {
    const s = await statementIds(w, db);
    const { weekA } = await ledgerRows(w, db);
    await db.statementEmail.createMany({
      data: [
        { tenantId: w.A.id, weekId: weekA.id, vendorId: w.a1.id, statementId: s.a1, status: 'SENT', to: 'a1@x.test' },
        { tenantId: w.A.id, weekId: weekA.id, vendorId: w.a2.id, statementId: s.a2, status: 'SKIPPED_NO_EMAIL' },
      ],
      skipDuplicates: true,
    });
    const mine = await w.callers.vendorA1.statements.list();
    expect(mine.map((x) => x.id).sort()).toEqual([s.a1, s.a1Site].sort());
    expect(mine.find((x) => x.id === s.a1)?.email).toMatchObject({ status: 'SENT', to: 'a1@x.test' });
    const all = (await w.callers.staffA.statements.list()).map((x) => x.id);
    expect(all).toEqual(expect.arrayContaining([s.a1, s.a2, s.a1Site, s.a2Site]));
    expect(all).not.toContain(s.b1);
    const a2 = (await w.callers.adminA.statements.list({ weekId: weekA.id })).find((x) => x.id === s.a2);
    expect(a2?.email?.status).toBe('SKIPPED_NO_EMAIL');
    const { weekB } = await ledgerRows(w, db);
    expect(await w.callers.adminA.statements.list({ weekId: weekB.id })).toEqual([]);
    await rejects(w.callers.anonA.statements.list(), DENIED);
  },
  'statements.page': async (w, db) => {
    const s = await statementIds(w, db);
    const mine = await walkPages((i) => w.callers.vendorA1.statements.page(i));
    expect(mine.sort()).toEqual([s.a1, s.a1Site].sort());
    const all = await walkPages((i) => w.callers.staffA.statements.page(i));
    expect(all).toEqual(expect.arrayContaining([s.a1, s.a2, s.a1Site, s.a2Site]));
    expect(all).not.toContain(s.b1);
    const { weekB } = await ledgerRows(w, db);
    expect((await w.callers.adminA.statements.page({ weekId: weekB.id })).items).toEqual([]);
    await rejects(w.callers.anonA.statements.page(), DENIED);
  },
  'statements.get': async (w, db) => {
    const s = await statementIds(w, db);
    const own = await w.callers.vendorA1.statements.get({ id: s.a1 });
    expect(own.vendor.name).toBe('A-One');
    expect(own.sites.map((x) => x.statementId)).toEqual([s.a1Site]);
    expect(own.payouts).toHaveLength(1);
    expect((await w.callers.vendorA1.statements.get({ id: s.a1Site })).site?.id).toBe(w.sa1.id);
    // Another vendor's statement, total or site, is not there for a vendor user.
    await rejects(w.callers.vendorA1.statements.get({ id: s.a2 }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.statements.get({ id: s.a2Site }), ['NOT_FOUND']);
    // The operator's admin and staff read every vendor of their tenant, nothing of another tenant.
    expect((await w.callers.staffA.statements.get({ id: s.a2 })).vendor.name).toBe('A-Two');
    expect((await w.callers.adminA.statements.get({ id: s.a2Site })).site?.id).toBe(w.sa2.id);
    await rejects(w.callers.adminA.statements.get({ id: s.b1 }), ['NOT_FOUND']);
    await rejects(w.callers.anonA.statements.get({ id: s.a1 }), DENIED);
  },
};
