import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { rejects, type Cases } from '../world.ts';

async function aSession(db: Db, c: { id: string; tenantId: string; vendorId: string | null; siteId: string | null }) {
  return db.transaction.create({
    data: {
      tenantId: c.tenantId,
      chargerId: c.id,
      vendorId: c.vendorId,
      siteId: c.siteId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      startedAt: new Date(),
      energyWh: 1000,
    },
  });
}

export const cases: Cases = {
  'sessions.list': async (w, db) => {
    const [s1, s2, sb] = await Promise.all([aSession(db, w.ca1), aSession(db, w.ca2), aSession(db, w.cb1)]);
    const all = (await w.callers.adminA.sessions.list({ pageSize: 200 })).rows.map((r) => r.id);
    expect(all).toEqual(expect.arrayContaining([s1.id, s2.id]));
    expect(all).not.toContain(sb.id);
    const own = (await w.callers.vendorA1.sessions.list({ pageSize: 200 })).rows.map((r) => r.id);
    expect(own).toContain(s1.id);
    expect(own).not.toContain(s2.id);
    expect((await w.callers.vendorA1.sessions.list({ chargerId: w.ca2.id })).totals.sessions).toBe(0);
  },
  'sessions.page': async (w, db) => {
    const [s1, s2, sb] = await Promise.all([aSession(db, w.ca1), aSession(db, w.ca2), aSession(db, w.cb1)]);
    // A page of one at a time: the walk covers tenant A's sessions, newest first, and nothing of B.
    const walked: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await w.callers.adminA.sessions.page({ limit: 1, cursor });
      walked.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(walked).toEqual(expect.arrayContaining([s1.id, s2.id]));
    expect(walked).not.toContain(sb.id);
    expect(new Set(walked).size).toBe(walked.length);
    const own = (await w.callers.vendorA1.sessions.page({ limit: 500 })).items.map((r) => r.id);
    expect(own).toContain(s1.id);
    expect(own).not.toContain(s2.id);
  },
  'sessions.detail': async (w, db) => {
    const [s1, s2, sb] = await Promise.all([aSession(db, w.ca1), aSession(db, w.ca2), aSession(db, w.cb1)]);
    expect((await w.callers.vendorA1.sessions.detail({ sessionId: s1.id })).session.id).toBe(s1.id);
    await rejects(w.callers.adminA.sessions.detail({ sessionId: sb.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.sessions.detail({ sessionId: s2.id }), ['NOT_FOUND']);
    // A session on the vendor's charger started with the operator's own card: the vendor sees the id
    // the charger reported, not the operator's card record (its label names the operator's customer).
    const label = `Operator fleet card ${Date.now()}`;
    const card = await db.idToken.create({ data: { tenantId: w.A.id, token: `OPS-${Date.now()}`, label } });
    await db.transaction.update({ where: { id: s1.id }, data: { idTokenId: card.id, idTag: card.token } });
    const asVendor = await w.callers.vendorA1.sessions.detail({ sessionId: s1.id });
    expect(asVendor.session.idTag).toBe(card.token);
    expect(JSON.stringify(asVendor)).not.toContain(label);
    expect((await w.callers.adminA.sessions.detail({ sessionId: s1.id })).session.idToken?.label).toBe(label);
  },
};
