import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { pinLookupOf, setDriverPin } from '@magma/core/driver';
import { TEST_PIN_LOOKUP_KEY } from '../../builders.ts';
import { adminOnly, rejects, type Cases, type World } from '../world.ts';

// Driver PIN holders of tenant B are never listed, re-set or blocked from tenant A; vendor users
// reach none; staff may list them but not change them.
async function holdersOf(db: Parameters<Cases[string]>[1], w: World) {
  const token = `PIN-${randomInt(1e9)}`;
  const holder = (tenantId: string) =>
    setDriverPin({
      db,
      tenantId,
      token,
      pin: String(randomInt(100_000, 1_000_000)),
      pinLookupKey: TEST_PIN_LOOKUP_KEY,
      label: 'Holder',
    });
  const [a, b] = await Promise.all([holder(w.A.id), holder(w.B.id)]);
  return { a, b };
}

export const cases: Cases = {
  'pins.list': async (w, db) => {
    const { a, b } = await holdersOf(db, w);
    for (const caller of [w.callers.adminA, w.callers.staffA]) {
      const seen = (await caller.pins.list({ limit: 500 })).holders.map((h) => h.id);
      expect(seen).toContain(a.id);
      expect(seen).not.toContain(b.id);
    }
    await rejects(w.callers.vendorA1.pins.list(), ['FORBIDDEN']);
  },
  'pins.issue': async (w, db) => {
    // B's holder with the same PIN is no obstacle in A, and the new holder is A's, keyed for A.
    const pin = '582039';
    await setDriverPin({ db, tenantId: w.B.id, token: `PIN-B-${Date.now()}`, pin, pinLookupKey: TEST_PIN_LOOKUP_KEY });
    const issued = await w.callers.adminA.pins.issue({ label: 'Fleet driver', pin });
    const row = await db.idToken.findUniqueOrThrow({ where: { id: issued.holder.id } });
    expect([row.tenantId, row.type, row.vendorId]).toEqual([w.A.id, 'PIN', null]);
    expect(row.pinLookup).toBe(pinLookupOf({ tenantId: w.A.id, pin, pinLookupKey: TEST_PIN_LOOKUP_KEY }));
    await adminOnly((c) => c.pins.issue({ label: 'Not allowed' }))(w);
  },
  'pins.reset': async (w, db) => {
    const { a, b } = await holdersOf(db, w);
    const before = await db.idToken.findUniqueOrThrow({ where: { id: b.id } });
    await rejects(w.callers.adminA.pins.reset({ id: b.id }), ['NOT_FOUND']);
    expect((await db.idToken.findUniqueOrThrow({ where: { id: b.id } })).pinLookup).toBe(before.pinLookup);
    await adminOnly((c) => c.pins.reset({ id: a.id }))(w);
  },
  'pins.update': async (w, db) => {
    const { a, b } = await holdersOf(db, w);
    await rejects(w.callers.adminA.pins.update({ id: b.id, patch: { status: 'BLOCKED' } }), ['NOT_FOUND']);
    expect((await db.idToken.findUniqueOrThrow({ where: { id: b.id } })).status).toBe('ACCEPTED');
    await adminOnly((c) => c.pins.update({ id: a.id, patch: { status: 'BLOCKED' } }))(w);
    expect((await db.idToken.findUniqueOrThrow({ where: { id: a.id } })).status).toBe('ACCEPTED');
  },
};
