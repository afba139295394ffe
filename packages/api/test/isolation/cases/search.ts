import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { payerColumns, payerLookupKeyOf } from '@magma/core/payments';
import { callerFor, hostOf, TEST_PIN_LOOKUP_KEY } from '../../builders.ts';
import { ids, type Cases } from '../world.ts';

async function aPaidSession(
  db: Db,
  c: { id: string; tenantId: string; vendorId: string | null; siteId: string | null },
  email: string,
) {
  const payment = await db.payment.create({
    data: { tenantId: c.tenantId, provider: 'TEST', amountMinor: 10_000, status: 'CAPTURED', email },
  });
  return db.transaction.create({
    data: {
      tenantId: c.tenantId,
      chargerId: c.id,
      vendorId: c.vendorId,
      siteId: c.siteId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      startedAt: new Date(),
      paymentId: payment.id,
    },
  });
}

export const cases: Cases = {
  'search.global': async (w, db) => {
    // Chargers and sites: tenant A's admin finds A's, never B's; vendor A-One only its own.
    const chargers = (await w.callers.adminA.search.global({ q: 'CP-', limit: 10 })).chargers.items;
    expect(ids(chargers)).not.toContain(w.cb1.id);
    const found = await db.charger.findMany({ where: { id: { in: ids(chargers) } }, select: { tenantId: true } });
    expect(found.every((c) => c.tenantId === w.A.id)).toBe(true);
    const vendorHit = await w.callers.vendorA1.search.global({ q: w.ca2.identity });
    expect(vendorHit.chargers.items).toEqual([]);
    expect(ids((await w.callers.vendorA1.search.global({ q: w.ca1.identity })).chargers.items)).toEqual([w.ca1.id]);
    expect((await w.callers.adminA.search.global({ q: w.sb1.name })).sites.items).toEqual([]);
    expect((await w.callers.vendorA1.search.global({ q: w.sa2.name })).sites.items).toEqual([]);
    expect(ids((await w.callers.vendorA1.search.global({ q: w.sa1.name })).sites.items)).toEqual([w.sa1.id]);

    // Cards: B's card and vendor A-Two's card stay hidden.
    const mark = randomUUID().slice(0, 8).toUpperCase();
    const [cardA2, cardB] = await Promise.all([
      db.idToken.create({ data: { tenantId: w.A.id, vendorId: w.a2.id, token: `ISO-${mark}-A2` } }),
      db.idToken.create({ data: { tenantId: w.B.id, token: `ISO-${mark}-B` } }),
    ]);
    expect(ids((await w.callers.adminA.search.global({ q: `ISO-${mark}` })).cards.items)).toEqual([cardA2.id]);
    expect((await w.callers.vendorA1.search.global({ q: `ISO-${mark}` })).cards.items).toEqual([]);
    const adminB = await callerFor(db, { host: hostOf(w.B), userId: w.adminB.id });
    expect(ids((await adminB.search.global({ q: `ISO-${mark}` })).cards.items)).toEqual([cardB.id]);

    // Sessions by id and drivers by email: another tenant's, or another vendor's, are not found.
    const email = `iso-${mark.toLowerCase()}@driver.test`;
    const [sessionA2, sessionB] = await Promise.all([aPaidSession(db, w.ca2, email), aPaidSession(db, w.cb1, email)]);
    expect((await w.callers.adminA.search.global({ q: sessionB.id })).sessions.items).toEqual([]);
    expect(ids((await w.callers.adminA.search.global({ q: sessionA2.id })).sessions.items)).toEqual([sessionA2.id]);
    expect((await w.callers.vendorA1.search.global({ q: sessionA2.id })).sessions.items).toEqual([]);
    const drivers = (await w.callers.adminA.search.global({ q: email })).drivers.items;
    expect(drivers.map((d) => d.sessionId)).toEqual([sessionA2.id]);
    expect((await w.callers.vendorA1.search.global({ q: email })).drivers.items).toEqual([]);

    // Drivers by the UPI payer's phone or VPA (stored hashed per tenant): the same payer paid in
    // tenant B and at vendor A-Two's charger; A's admin finds A-Two's session, vendor A-One none.
    const key = payerLookupKeyOf(TEST_PIN_LOOKUP_KEY);
    const payer = { vpa: `iso${mark.toLowerCase()}@okaxis`, phone: '+91 98450 12345' };
    for (const s of [sessionA2, sessionB]) {
      const tx = await db.transaction.findUniqueOrThrow({ where: { id: s.id } });
      await db.payment.update({
        where: { id: tx.paymentId! },
        data: payerColumns(payer, { key, tenantId: tx.tenantId }),
      });
    }
    for (const q of [payer.vpa.toUpperCase(), '09845012345']) {
      const found = (await w.callers.adminA.search.global({ q })).drivers.items;
      expect(found.map((d) => d.sessionId)).toEqual(expect.arrayContaining([sessionA2.id]));
      expect(found.map((d) => d.sessionId)).not.toContain(sessionB.id);
      expect((await w.callers.vendorA1.search.global({ q })).drivers.items).toEqual([]);
    }
    expect(ids((await adminB.search.global({ q: payer.vpa })).drivers.items.map((d) => ({ id: d.sessionId })))).toEqual(
      [sessionB.id],
    );
  },
};
