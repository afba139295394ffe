import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';

/** Platform admin only: the plan decides the tenant's features (see tenancy/features.ts). */

export const updateTenantPlanInput = z.object({ tenantId: z.uuid(), plan: z.enum(['VENDOR_CSMS', 'OPERATOR_CSMS']) });

export async function updateTenantPlan({ db, input }: { db: Db; input: z.input<typeof updateTenantPlanInput> }) {
  const { tenantId, plan } = updateTenantPlanInput.parse(input);
  const t = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!t) throw new AppError('NOT_FOUND', 'No such tenant');
  return db.tenant.update({ where: { id: tenantId }, data: { plan }, select: { id: true, plan: true } });
}
