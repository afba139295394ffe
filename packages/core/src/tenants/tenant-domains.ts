import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { normalizeHost } from '../tenancy/host.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { recordAudit } from '../audit/record-audit.ts';

// A tenant's custom host names. Every change must be followed by a host-cache invalidation (the
// tRPC procedures do it), or the old mapping lingers for the cache TTL.

export async function listTenantDomains({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  return scopedDb(db, scope).tenantDomain.findMany({
    orderBy: { host: 'asc' },
    select: { id: true, host: true, createdAt: true },
  });
}

export const addDomainInput = z.object({
  host: z
    .string()
    .trim()
    .transform((h) => normalizeHost(h) ?? '')
    .refine((h) => h.includes('.'), 'Enter a host name such as charge.example.in'),
});

export async function addTenantDomain({
  db,
  scope,
  input,
  platformDomain,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof addDomainInput>;
  platformDomain: string;
}) {
  assertAdmin(scope);
  const { host } = addDomainInput.parse(input);
  if (host === platformDomain || host.endsWith(`.${platformDomain}`)) {
    throw new AppError('BAD_INPUT', `Hosts under ${platformDomain} are assigned by the platform`);
  }
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true } });
  if (!tenant || !features(tenant.plan).customDomains) {
    throw new AppError('FORBIDDEN', 'Custom domains are part of the Operator CSMS plan');
  }
  const taken = await db.tenantDomain.findUnique({ where: { host }, select: { id: true } });
  if (taken) throw new AppError('CONFLICT', `${host} is already in use`);
  return sdb.$transaction(async (tx) => {
    const domain = await tx.tenantDomain.create({
      data: { tenantId: scope.tenantId, host },
      select: { id: true, host: true },
    });
    await recordAudit(tx, scope, {
      action: 'tenant.domain_added',
      entityType: 'TenantDomain',
      entityId: domain.id,
      after: { host },
    });
    return domain;
  });
}

export const removeDomainInput = z.object({ id: z.uuid() });

export async function removeTenantDomain({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof removeDomainInput>;
}) {
  assertAdmin(scope);
  const { id } = removeDomainInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const domain = await tx.tenantDomain.findFirst({ where: { id }, select: { host: true } });
    if (!domain) throw new AppError('NOT_FOUND', 'No such domain');
    await tx.tenantDomain.deleteMany({ where: { id } });
    await recordAudit(tx, scope, {
      action: 'tenant.domain_removed',
      entityType: 'TenantDomain',
      entityId: id,
      before: domain,
    });
    return { id };
  });
}

/** Platform admin: attach a host to any tenant. */
export async function addDomainForTenant({ db, tenantId, host: raw }: { db: Db; tenantId: string; host: string }) {
  const { host } = addDomainInput.parse({ host: raw });
  const taken = await db.tenantDomain.findUnique({ where: { host }, select: { id: true } });
  if (taken) throw new AppError('CONFLICT', `${host} is already in use`);
  const t = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!t) throw new AppError('NOT_FOUND', 'No such tenant');
  return db.tenantDomain.create({ data: { tenantId, host }, select: { id: true, host: true } });
}
