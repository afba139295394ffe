import { z } from 'zod';
import type { Db } from '@magma/db';
import { PaymentError } from '@magma/payments';
import { recordAudit } from '../../audit/record-audit.ts';
import { AppError } from '../../errors/app-error.ts';
import { assertAdmin, type Scope } from '../../tenancy/scope.ts';
import { scopedDb } from '../../tenancy/scoped-db.ts';
import type { GatewayRegistry } from './gateway-registry.ts';
import { paymentAccountView } from './payment-account-view.ts';

export async function listPaymentAccounts({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const [tenant, rows] = await Promise.all([
    sdb.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { paymentsMode: true } }),
    sdb.paymentAccount.findMany({ where: { disabledAt: null }, orderBy: { createdAt: 'asc' } }),
  ]);
  return { paymentsMode: tenant.paymentsMode, accounts: rows.map(paymentAccountView) };
}

export const accountIdInput = z.object({ accountId: z.uuid() });
export const setDefaultAccountInput = accountIdInput.extend({ siteId: z.uuid().nullable().default(null) });

async function accountOf(db: Db, scope: Scope, accountId: string) {
  const a = await scopedDb(db, scope).paymentAccount.findFirst({ where: { id: accountId, disabledAt: null } });
  if (!a) throw new AppError('NOT_FOUND', 'No such payment account');
  return a;
}

/** Drivers pay through this account (at one site, or everywhere the site has none of its own). */
export async function setDefaultPaymentAccount({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof setDefaultAccountInput>;
}) {
  assertAdmin(scope);
  const { accountId, siteId } = setDefaultAccountInput.parse(input);
  await accountOf(db, scope, accountId);
  if (siteId && !(await scopedDb(db, scope).site.findFirst({ where: { id: siteId }, select: { id: true } }))) {
    throw new AppError('NOT_FOUND', 'No such site');
  }
  await scopedDb(db, scope).$transaction(async (tx) => {
    await tx.paymentAccount.updateMany({ where: { isDefault: true, siteId }, data: { isDefault: false } });
    await tx.paymentAccount.update({ where: { id: accountId }, data: { isDefault: true, siteId } });
    await recordAudit(tx, scope, {
      action: 'payments.default_account',
      entityType: 'PaymentAccount',
      entityId: accountId,
      after: { siteId },
    });
  });
  return listPaymentAccounts({ db, scope });
}

/** Takes an account out of use. Its row stays (payments it took still refund through it). */
export async function removePaymentAccount({ db, scope, input }: { db: Db; scope: Scope; input: unknown }) {
  assertAdmin(scope);
  const { accountId } = accountIdInput.parse(input);
  await accountOf(db, scope, accountId);
  await scopedDb(db, scope).$transaction(async (tx) => {
    await tx.paymentAccount.update({ where: { id: accountId }, data: { disabledAt: new Date(), isDefault: false } });
    await recordAudit(tx, scope, {
      action: 'payments.account_removed',
      entityType: 'PaymentAccount',
      entityId: accountId,
    });
  });
  return listPaymentAccounts({ db, scope });
}

/** "Test connection": one authenticated call to the gateway with the account's keys; the outcome is kept. */
export async function testPaymentAccount({
  db,
  scope,
  registry,
  input,
}: {
  db: Db;
  scope: Scope;
  registry: GatewayRegistry | null;
  input: unknown;
}) {
  assertAdmin(scope);
  const { accountId } = accountIdInput.parse(input);
  const account = await accountOf(db, scope, accountId);
  if (!registry) throw new AppError('CONFLICT', 'This deployment has no payment gateways configured');
  let ok = true;
  let message = 'Connected: the gateway accepted these keys.';
  try {
    await registry.ofAccount(account).checkConnection();
  } catch (e) {
    ok = false;
    message = connectionFailure(e);
  }
  await scopedDb(db, scope).paymentAccount.update({
    where: { id: accountId },
    data: { lastTestedAt: new Date(), lastTestOk: ok, lastTestMessage: message },
  });
  return { ok, message };
}

function connectionFailure(e: unknown): string {
  if (!PaymentError.is(e)) return 'The check failed: the stored keys could not be used.';
  if (e.code === 'UPSTREAM') return `The gateway could not be reached (${e.message}). Try again in a minute.`;
  if (e.status === 401 || e.status === 403)
    return `The gateway refused these keys (${e.status}): check the key id and secret.`;
  return `The gateway refused the request: ${e.message}`;
}
