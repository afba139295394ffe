import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { tenantScope } from '@magma/core/tenancy';
import { addTrustAnchors, savePlugAndChargeSettings } from '@magma/core/plug-and-charge';
import { createTestPki } from '@magma/core/plug-and-charge/testing';
import { adminOnly, rejects, type Cases, type World } from '../world.ts';

// Plug & Charge: only a tenant's operator admin reads and changes its trusted contract certificate
// authorities and its provider; another tenant's cannot be read, named or removed.

const pkiA = createTestPki({ ocspUrl: 'http://127.0.0.1/ocsp', name: 'Alpha' });
const pkiB = createTestPki({ ocspUrl: 'http://127.0.0.1/ocsp', name: 'Bravo' });

async function anchorsOfBoth(w: World, db: Db) {
  const [a, b] = await Promise.all([pkiA, pkiB]);
  const inA = await w.callers.adminA.plugAndCharge.addTrustAnchors({ label: 'Alpha root', pem: a.root.pem });
  const inB = await addTrustAnchors({
    db,
    scope: tenantScope(w.B.id),
    input: { label: 'Bravo root', pem: b.root.pem },
  });
  await savePlugAndChargeSettings({
    db,
    scope: tenantScope(w.B.id),
    options: { keyring: null, allowPrivateAddresses: false },
    input: { provider: 'TEST' },
  });
  return { a: inA, b: inB };
}

export const cases: Cases = {
  'plugAndCharge.trustAnchors': async (w, db) => {
    const { a, b } = await anchorsOfBoth(w, db);
    const shown = await w.callers.adminA.plugAndCharge.trustAnchors();
    expect(shown.map((x) => x.id)).toEqual(a.map((x) => x.id));
    expect(shown.map((x) => x.id)).not.toContain(b[0]!.id);
    await adminOnly((c) => c.plugAndCharge.trustAnchors())(w);
  },
  'plugAndCharge.addTrustAnchors': async (w, db) => {
    const { b } = await anchorsOfBoth(w, db);
    const countB = await db.contractTrustAnchor.count({ where: { tenantId: w.B.id } });
    // B's root uploaded in A is A's own row; B's rows do not change.
    const pem = (await pkiB).root.pem;
    const inA = await w.callers.adminA.plugAndCharge.addTrustAnchors({ label: 'copy', pem });
    expect(inA.map((x) => x.id)).not.toContain(b[0]!.id);
    expect(await db.contractTrustAnchor.count({ where: { tenantId: w.B.id } })).toBe(countB);
    await rejects(w.callers.adminA.plugAndCharge.addTrustAnchors({ label: 'x', pem: 'not a certificate' }), [
      'BAD_REQUEST',
    ]);
    await adminOnly((c) => c.plugAndCharge.addTrustAnchors({ label: 'x', pem }))(w);
  },
  'plugAndCharge.removeTrustAnchor': async (w, db) => {
    const { b } = await anchorsOfBoth(w, db);
    await rejects(w.callers.adminA.plugAndCharge.removeTrustAnchor({ id: b[0]!.id }), ['NOT_FOUND']);
    expect(await db.contractTrustAnchor.count({ where: { id: b[0]!.id } })).toBe(1);
    await adminOnly((c) => c.plugAndCharge.removeTrustAnchor({ id: b[0]!.id }))(w);
  },
  'plugAndCharge.settings': async (w, db) => {
    await anchorsOfBoth(w, db);
    // B chose the test provider; A sees its own (none).
    expect((await w.callers.adminA.plugAndCharge.settings()).provider).toBe('NONE');
    await adminOnly((c) => c.plugAndCharge.settings())(w);
  },
  'plugAndCharge.saveSettings': async (w, db) => {
    await anchorsOfBoth(w, db);
    const before = await db.plugAndChargeSettings.findUniqueOrThrow({ where: { tenantId: w.B.id } });
    await w.callers.adminA.plugAndCharge.saveSettings({ provider: 'NONE' });
    expect(await db.plugAndChargeSettings.findUniqueOrThrow({ where: { tenantId: w.B.id } })).toEqual(before);
    await adminOnly((c) => c.plugAndCharge.saveSettings({ provider: 'TEST' }))(w);
  },
};
