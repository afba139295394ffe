import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import type { Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { parseThemeOverrides } from './theme-overrides.ts';

export async function getTenantSettings({ db, scope }: { db: Db; scope: Scope }) {
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      themeKey: true,
      themeOverrides: true,
      supportEmail: true,
      supportPhone: true,
      timezone: true,
      currency: true,
    },
  });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  return { ...tenant, themeOverrides: parseThemeOverrides(tenant.themeOverrides), features: features(tenant.plan) };
}
