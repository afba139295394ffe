import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { emailAddress } from '../users/email-address.ts';
import { themeOverridesSchema } from './theme-overrides.ts';
import { changes, recordAudit } from '../audit/record-audit.ts';

export const updateBrandingInput = z.object({
  name: z.string().trim().min(2).max(80).optional(),
  themeKey: z.string().trim().min(1).max(40).optional(),
  overrides: themeOverridesSchema.optional(),
  supportEmail: emailAddress.nullable().optional(),
  supportPhone: z.string().trim().max(30).nullable().optional(),
});

export async function updateTenantBranding({
  db,
  scope,
  input,
  knownThemes,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateBrandingInput>;
  /** Theme keys that exist; the web app passes its theme registry. */
  knownThemes: readonly string[];
}) {
  assertAdmin(scope);
  const data = updateBrandingInput.parse(input);
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  const whiteLabel = features(tenant.plan).whiteLabel;
  if (data.themeKey && !knownThemes.includes(data.themeKey))
    throw new AppError('BAD_INPUT', `Unknown theme ${data.themeKey}`);
  if (!whiteLabel && ((data.themeKey && data.themeKey !== 'magma') || data.overrides)) {
    throw new AppError('FORBIDDEN', 'White-label branding is part of the Operator CSMS plan');
  }
  return sdb.$transaction(async (tx) => {
    const select = { name: true, themeKey: true, themeOverrides: true, supportEmail: true, supportPhone: true };
    const before = await tx.tenant.findFirstOrThrow({ select });
    const updated = await tx.tenant.update({
      where: { id: scope.tenantId },
      data: {
        name: data.name,
        themeKey: data.themeKey,
        themeOverrides: data.overrides,
        supportEmail: data.supportEmail,
        supportPhone: data.supportPhone,
      },
      select: { id: true, ...select },
    });
    await recordAudit(tx, scope, {
      action: 'tenant.branding_updated',
      entityType: 'Tenant',
      entityId: scope.tenantId,
      ...changes(before, updated, Object.keys(select)),
    });
    return { id: updated.id, name: updated.name, themeKey: updated.themeKey, themeOverrides: updated.themeOverrides };
  });
}
