import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { parseCredentialKeys } from '@magma/core/payments';
import { saveRazorpayXAccount } from '@magma/core/payouts';
import { tenantScope } from '@magma/core/tenancy';
import { adminOnly, rejects, type Cases, type World } from '../world.ts';

// Settings → Payouts: only a tenant's operator admin sees or changes its RazorpayX account and
// rail; another tenant's account is out of reach (each procedure reads the caller's tenant only),
// and no answer ever carries a secret.

const SECRET = 'payout-secret-that-must-never-come-back-7Qw';
const CREDS = {
  keyId: 'rzp_test_isoPayouts',
  keySecret: SECRET,
  accountNumber: '7878780080316316',
  webhookSecret: `wh-${SECRET}`,
};
const keyring = parseCredentialKeys(`iso-x:${randomBytes(32).toString('base64')}`);

/** Tenant B has an account (saved with its own keyring); tenant A has none unless a case saves one. */
async function accountOfB(w: World, db: Db) {
  await saveRazorpayXAccount({ db, scope: tenantScope(w.B.id), keyring, input: { ...CREDS, keyId: 'rzp_test_isoB' } });
  return db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId: w.B.id } });
}

export const cases: Cases = {
  'payoutRail.get': async (w, db) => {
    await accountOfB(w, db);
    const seen = await w.callers.adminA.payoutRail.get();
    expect(seen.razorpayx?.keyId).not.toBe('rzp_test_isoB');
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    await adminOnly((c) => c.payoutRail.get())(w);
    await rejects(w.callers.anonA.payoutRail.get(), ['UNAUTHORIZED']);
  },
  'payoutRail.saveRazorpayX': async (w, db) => {
    const b = await accountOfB(w, db);
    await adminOnly((c) => c.payoutRail.saveRazorpayX(CREDS))(w);
    const saved = await w.callers.adminA.payoutRail.saveRazorpayX(CREDS);
    expect(JSON.stringify(saved)).not.toContain(SECRET);
    expect(saved.secretHint).toBe(`•••• ${SECRET.slice(-4)}`);
    // A's save wrote A's row; B's is untouched.
    expect(await db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId: w.B.id } })).toEqual(b);
    expect((await db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId: w.A.id } })).keyId).toBe(CREDS.keyId);
  },
  'payoutRail.testRazorpayX': async (w, db) => {
    const b = await accountOfB(w, db);
    await db.payoutRailAccount.deleteMany({ where: { tenantId: w.A.id } });
    // A has no account: B's is never tested on A's behalf.
    await rejects(w.callers.adminA.payoutRail.testRazorpayX(), ['NOT_FOUND']);
    expect(await db.payoutRailAccount.findUniqueOrThrow({ where: { tenantId: w.B.id } })).toEqual(b);
    await adminOnly((c) => c.payoutRail.testRazorpayX())(w);
  },
  'payoutRail.setRail': async (w, db) => {
    await accountOfB(w, db);
    await db.payoutRailAccount.deleteMany({ where: { tenantId: w.A.id } });
    // B's tested account does not let A choose RazorpayX.
    await db.payoutRailAccount.update({ where: { tenantId: w.B.id }, data: { lastTestOk: true } });
    await rejects(w.callers.adminA.payoutRail.setRail({ rail: 'RAZORPAYX' }), ['CONFLICT']);
    expect((await w.callers.adminA.payoutRail.setRail({ rail: 'OFFLINE' })).rail).toBe('OFFLINE');
    await adminOnly((c) => c.payoutRail.setRail({ rail: 'OFFLINE' }))(w);
  },
  'payoutRail.removeRazorpayX': async (w, db) => {
    await accountOfB(w, db);
    await db.payoutRailAccount.deleteMany({ where: { tenantId: w.A.id } });
    await rejects(w.callers.adminA.payoutRail.removeRazorpayX(), ['NOT_FOUND']);
    expect(await db.payoutRailAccount.count({ where: { tenantId: w.B.id } })).toBe(1);
    await adminOnly((c) => c.payoutRail.removeRazorpayX())(w);
  },
  'payoutRail.createRouteLinkedAccounts': async (w, db) => {
    await adminOnly((c) => c.payoutRail.createRouteLinkedAccounts())(w);
    // A's drivers do not pay through the platform account: refused, and B's rows are not touched.
    await db.tenant.update({ where: { id: w.B.id }, data: { paymentsMode: 'PLATFORM_ACCOUNT' } });
    await rejects(w.callers.adminA.payoutRail.createRouteLinkedAccounts(), ['CONFLICT']);
    expect(await db.vendorLinkedAccount.count({})).toBe(0);
  },
  'payoutRail.routeLinkedAccounts': async (w, db) => {
    await db.vendorLinkedAccount.create({
      data: { tenantId: w.B.id, vendorId: null, accountId: 'acc_isoOperatorB0001', status: 'activated' },
    });
    await db.vendorLinkedAccount.create({
      data: { tenantId: w.B.id, vendorId: w.b1.id, accountId: 'acc_isoVendorB00001', status: 'activated' },
    });
    expect(await w.callers.adminA.payoutRail.routeLinkedAccounts()).toEqual({ operator: null, vendorsLinked: 0 });
    await adminOnly((c) => c.payoutRail.routeLinkedAccounts())(w);
    await rejects(w.callers.anonA.payoutRail.routeLinkedAccounts(), ['UNAUTHORIZED']);
  },
  'payoutRail.createOperatorLinkedAccount': async (w, db) => {
    const input = {
      legalBusinessName: 'Isolation Operator Pvt Ltd',
      businessType: 'private_limited' as const,
      contactName: 'Iso Admin',
      email: 'iso@example.in',
      phone: '9000000009',
      address: { street1: '1 Road', street2: 'Area', city: 'Pune', state: 'Maharashtra', postalCode: '411001' },
      bank: { accountNumber: '50100012345678', ifsc: 'HDFC0001234', beneficiaryName: 'Isolation Operator' },
    };
    await adminOnly((c) => c.payoutRail.createOperatorLinkedAccount(input))(w);
    // A's drivers do not pay through the platform account: refused, whatever B's mode is.
    await db.tenant.update({ where: { id: w.B.id }, data: { paymentsMode: 'PLATFORM_ACCOUNT' } });
    await rejects(w.callers.adminA.payoutRail.createOperatorLinkedAccount(input), ['CONFLICT']);
    await rejects(w.callers.adminA.payoutRail.createOperatorLinkedAccount({ ...input, tenantId: w.B.id } as never), [
      'BAD_REQUEST',
    ]);
    expect(await db.vendorLinkedAccount.count({})).toBe(0);
  },
};
