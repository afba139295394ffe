import { z } from 'zod';
import type { Db } from '@magma/db';
import { recordAudit } from '../../audit/record-audit.ts';
import { AppError } from '../../errors/app-error.ts';
import { assertAdmin, type Scope } from '../../tenancy/scope.ts';
import { scopedDb } from '../../tenancy/scoped-db.ts';

export const paymentsModeInput = z.object({ mode: z.enum(['OWN_ACCOUNTS', 'PLATFORM_ACCOUNT', 'TEST_MODE', 'NONE']) });

/**
 * How the tenant's drivers pay. The operator's admin chooses its own accounts or none; only the
 * platform's admin puts a tenant on the platform's account (the platform then collects and
 * splits) or in test mode (no money moves; drivers see a banner).
 */
export async function setPaymentsMode({ db, scope, input }: { db: Db; scope: Scope; input: unknown }) {
  assertAdmin(scope);
  const { mode } = paymentsModeInput.parse(input);
  if ((mode === 'PLATFORM_ACCOUNT' || mode === 'TEST_MODE') && scope.role !== 'PLATFORM_ADMIN') {
    throw new AppError('FORBIDDEN', 'Only the platform’s admin can choose the platform account or test mode');
  }
  const sdb = scopedDb(db, scope);
  const before = await sdb.tenant.findUniqueOrThrow({ where: { id: scope.tenantId }, select: { paymentsMode: true } });
  if (
    scope.role !== 'PLATFORM_ADMIN' &&
    (before.paymentsMode === 'PLATFORM_ACCOUNT' || before.paymentsMode === 'TEST_MODE') &&
    mode === 'NONE'
  ) {
    throw new AppError('FORBIDDEN', 'The platform’s admin chose this; ask them to change it');
  }
  await sdb.$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: scope.tenantId }, data: { paymentsMode: mode } });
    await recordAudit(tx, scope, {
      action: 'payments.mode_changed',
      entityType: 'Tenant',
      entityId: scope.tenantId,
      before: { mode: before.paymentsMode },
      after: { mode },
    });
  });
  return { paymentsMode: mode };
}
