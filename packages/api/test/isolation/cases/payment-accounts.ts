import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Db } from '@magma/db';
import { parseCredentialKeys, savePaymentAccount } from '@magma/core/payments';
import { tenantScope } from '@magma/core/tenancy';
import { adminOnly, platformOnly, rejects, type Cases, type Caller, type World } from '../world.ts';

// A tenant's gateway accounts: only its operator admin sees or changes them, another tenant's
// admin cannot name them, and no answer ever carries a secret.

const SECRET = 'a-secret-that-must-never-come-back-9k2Z';

async function accountOf(c: Caller, label: string) {
  return c.paymentAccounts.add({
    label,
    environment: 'sandbox',
    credentials: {
      provider: 'RAZORPAY',
      publicId: `rzp_test_${label.replace(/\W/g, '')}`,
      secrets: { keySecret: SECRET, webhookSecret: `wh-${SECRET}` },
    },
  });
}

const keyring = parseCredentialKeys(`iso-b:${randomBytes(32).toString('base64')}`);

async function accountsOfBoth(w: World, db: Db) {
  const a = await accountOf(w.callers.adminA, 'IsoA');
  const b = await savePaymentAccount({
    db,
    scope: tenantScope(w.B.id),
    keyring,
    input: {
      label: 'IsoB',
      environment: 'sandbox',
      credentials: {
        provider: 'RAZORPAY',
        publicId: 'rzp_test_IsoB',
        secrets: { keySecret: SECRET, webhookSecret: `wh-${SECRET}` },
      },
    },
  });
  return { a, b };
}

async function unchanged(db: Db, id: string, check: () => Promise<unknown>) {
  const before = await db.paymentAccount.findUniqueOrThrow({ where: { id } });
  await check();
  expect(await db.paymentAccount.findUniqueOrThrow({ where: { id } })).toEqual(before);
}

export const cases: Cases = {
  'paymentAccounts.list': async (w, db) => {
    const { a, b } = await accountsOfBoth(w, db);
    const seen = await w.callers.adminA.paymentAccounts.list();
    expect(seen.accounts.map((x) => x.id)).toContain(a.id);
    expect(seen.accounts.map((x) => x.id)).not.toContain(b.id);
    expect(JSON.stringify(seen)).not.toContain(SECRET);
    await adminOnly((c) => c.paymentAccounts.list())(w);
    await rejects(w.callers.anonA.paymentAccounts.list(), ['UNAUTHORIZED']);
  },
  'paymentAccounts.add': async (w, db) => {
    const a = await accountOf(w.callers.adminA, 'IsoAdd');
    expect(JSON.stringify(a)).not.toContain(SECRET);
    expect((await db.paymentAccount.findUniqueOrThrow({ where: { id: a.id } })).tenantId).toBe(w.A.id);
    await adminOnly((c) => accountOf(c, 'IsoNope'))(w);
    await rejects(accountOf(w.callers.anonA, 'IsoAnon'), ['UNAUTHORIZED']);
  },
  'paymentAccounts.setDefault': async (w, db) => {
    const { a, b } = await accountsOfBoth(w, db);
    await unchanged(db, b.id, () =>
      rejects(w.callers.adminA.paymentAccounts.setDefault({ accountId: b.id }), ['NOT_FOUND']),
    );
    await adminOnly((c) => c.paymentAccounts.setDefault({ accountId: a.id }))(w);
  },
  'paymentAccounts.remove': async (w, db) => {
    const { a, b } = await accountsOfBoth(w, db);
    await unchanged(db, b.id, () =>
      rejects(w.callers.adminA.paymentAccounts.remove({ accountId: b.id }), ['NOT_FOUND']),
    );
    await adminOnly((c) => c.paymentAccounts.remove({ accountId: a.id }))(w);
  },
  'paymentAccounts.test': async (w, db) => {
    const { a, b } = await accountsOfBoth(w, db);
    await unchanged(db, b.id, () => rejects(w.callers.adminA.paymentAccounts.test({ accountId: b.id }), ['NOT_FOUND']));
    await adminOnly((c) => c.paymentAccounts.test({ accountId: a.id }))(w);
  },
  'paymentAccounts.setMode': async (w, db) => {
    const before = await db.tenant.findUniqueOrThrow({ where: { id: w.B.id }, select: { paymentsMode: true } });
    // An operator may not put itself on the platform's account or in test mode.
    await rejects(w.callers.adminA.paymentAccounts.setMode({ mode: 'TEST_MODE' }), ['FORBIDDEN']);
    await rejects(w.callers.adminA.paymentAccounts.setMode({ mode: 'PLATFORM_ACCOUNT' }), ['FORBIDDEN']);
    await w.callers.adminA.paymentAccounts.setMode({ mode: 'OWN_ACCOUNTS' });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: w.B.id }, select: { paymentsMode: true } })).toEqual(
      before,
    );
    await adminOnly((c) => c.paymentAccounts.setMode({ mode: 'NONE' }))(w);
  },
  'paymentAccounts.setModeForTenant': async (w, db) => {
    const mode = async () =>
      (await db.tenant.findUniqueOrThrow({ where: { id: w.B.id }, select: { paymentsMode: true } })).paymentsMode;
    const before = await mode();
    await platformOnly((c) => c.paymentAccounts.setModeForTenant({ tenantId: w.B.id, mode: 'TEST_MODE' }))(w);
    expect(await mode()).toBe(before);
    // The platform's admin, on the platform host, gives a tenant test mode and takes it back.
    await w.callers.platform.paymentAccounts.setModeForTenant({ tenantId: w.B.id, mode: 'TEST_MODE' });
    expect(await mode()).toBe('TEST_MODE');
    await w.callers.platform.paymentAccounts.setModeForTenant({ tenantId: w.B.id, mode: before });
  },
};
