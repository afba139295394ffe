import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { recordSecurityEvent } from '@magma/core/security-events';
import { rejects, type Cases } from '../world.ts';

const tamper = (db: Db, c: { id: string; tenantId: string }, techInfo: string) =>
  recordSecurityEvent({
    db,
    charger: { tenantId: c.tenantId, chargerId: c.id },
    protocol: 'OCPP201',
    payload: { type: 'TamperDetectionActivated', timestamp: new Date().toISOString(), techInfo },
  });

export const cases: Cases = {
  'securityEvents.list': async (w, db) => {
    const [a1, a2, b] = await Promise.all([
      tamper(db, w.ca1, 'door A-One'),
      tamper(db, w.ca2, 'door A-Two'),
      tamper(db, w.cb1, 'door B'),
    ]);
    const own = await w.callers.adminA.securityEvents.list({ chargerId: w.ca2.id });
    expect(own.events.map((e) => e.id)).toContain(a2.id);
    expect(own.events.map((e) => e.id)).not.toContain(a1.id);
    expect((await w.callers.vendorA1.securityEvents.list({ chargerId: w.ca1.id })).events.map((e) => e.id)).toContain(
      a1.id,
    );
    // Another tenant's charger, and for a vendor user another vendor's, is not found; nothing of it is listed.
    await rejects(w.callers.adminA.securityEvents.list({ chargerId: w.cb1.id }), ['NOT_FOUND']);
    await rejects(w.callers.vendorA1.securityEvents.list({ chargerId: w.ca2.id }), ['NOT_FOUND']);
    expect(b.id).toBeTruthy();
  },
};
