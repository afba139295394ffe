import { z } from 'zod';
import { Prisma, type Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { normalizeHost } from '../tenancy/host.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { txtRecordPresent, verificationRecord, type TxtResolver } from './domain-verification.ts';

// A tenant's custom host names. A claim serves the tenant only once verified (a DNS TXT record
// with the claim's token): anyone may claim any host, so an unverified claim blocks no one and
// serves nothing. Every change must be followed by a host-cache invalidation (the tRPC procedures
// do it), or the old mapping lingers for the cache TTL.

const DOMAIN_SELECT = { id: true, host: true, verificationToken: true, verifiedAt: true, createdAt: true } as const;
type DomainRow = Prisma.TenantDomainGetPayload<{ select: typeof DOMAIN_SELECT }>;

function view(d: DomainRow) {
  return { id: d.id, host: d.host, verifiedAt: d.verifiedAt, createdAt: d.createdAt, record: verificationRecord(d) };
}

export async function listTenantDomains({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  const rows = await scopedDb(db, scope).tenantDomain.findMany({ orderBy: { host: 'asc' }, select: DOMAIN_SELECT });
  return rows.map(view);
}

/** Names that can never be a tenant's public host: IP literals and names only this machine resolves. */
function hostProblem(host: string): string | null {
  if (!host.includes('.')) return 'Enter a host name such as charge.example.in';
  const tld = host.slice(host.lastIndexOf('.') + 1);
  // No top-level domain is numeric, so a numeric last label is an IPv4 literal (or a fragment of one).
  if (/^\d+$/.test(tld)) return 'Enter a host name, not an IP address';
  if (['localhost', 'local', 'internal', 'invalid', 'arpa'].includes(tld)) return `${host} is not a public host name`;
  return null;
}

export const addDomainInput = z.object({
  host: z
    .string()
    .trim()
    .max(253)
    .transform((h, ctx) => {
      const host = normalizeHost(h);
      const problem = host ? hostProblem(host) : 'Enter a host name such as charge.example.in';
      if (problem) {
        ctx.addIssue({ code: 'custom', message: problem });
        return z.NEVER;
      }
      return host!;
    }),
});

function assertNotPlatformHost(host: string, platformDomain: string) {
  const platform = normalizeHost(platformDomain) ?? platformDomain;
  if (host === platform || host.endsWith(`.${platform}`)) {
    throw new AppError('BAD_INPUT', `Hosts under ${platform} are assigned by the platform`);
  }
}

/** Another tenant's verified claim of the host (the host is then in use). */
async function verifiedElsewhere(db: Db, host: string, tenantId: string): Promise<boolean> {
  const row = await db.tenantDomain.findFirst({
    where: { host, verifiedAt: { not: null }, tenantId: { not: tenantId } },
    select: { id: true },
  });
  return row !== null;
}

async function createClaim(db: Db, tenantId: string, host: string, scope?: Scope): Promise<DomainRow> {
  try {
    if (!scope) return await db.tenantDomain.create({ data: { tenantId, host }, select: DOMAIN_SELECT });
    return await scopedDb(db, scope).$transaction(async (tx) => {
      const domain = await tx.tenantDomain.create({ data: { tenantId, host }, select: DOMAIN_SELECT });
      await recordAudit(tx, scope, {
        action: 'tenant.domain_added',
        entityType: 'TenantDomain',
        entityId: domain.id,
        after: { host },
      });
      return domain;
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new AppError('CONFLICT', `${host} is already on your list`);
    }
    throw e;
  }
}

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
  assertNotPlatformHost(host, platformDomain);
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true } });
  if (!tenant || !features(tenant.plan).customDomains) {
    throw new AppError('FORBIDDEN', 'Custom domains are part of the Operator CSMS plan');
  }
  if (await verifiedElsewhere(db, host, scope.tenantId)) throw new AppError('CONFLICT', `${host} is already in use`);
  return view(await createClaim(db, scope.tenantId, host, scope));
}

export const verifyDomainInput = z.object({ id: z.uuid() });

export type DomainVerification = ReturnType<typeof view> & { verified: boolean; message: string };

/**
 * Looks the claim's TXT record up and, when it carries the claim's token, marks the claim
 * verified: from then on the host serves this tenant. A host another tenant verified first stays
 * theirs (CONFLICT) until they remove it.
 */
export async function verifyTenantDomain({
  db,
  scope,
  input,
  resolver,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof verifyDomainInput>;
  resolver: TxtResolver;
  now?: Date;
}): Promise<DomainVerification> {
  assertAdmin(scope);
  const { id } = verifyDomainInput.parse(input);
  const sdb = scopedDb(db, scope);
  const domain = await sdb.tenantDomain.findFirst({ where: { id }, select: DOMAIN_SELECT });
  if (!domain) throw new AppError('NOT_FOUND', 'No such domain');
  if (domain.verifiedAt) return { ...view(domain), verified: true, message: `${domain.host} is verified.` };
  const record = verificationRecord(domain);
  if (!(await txtRecordPresent(resolver, record.name, record.value))) {
    return {
      ...view(domain),
      verified: false,
      message: `No TXT record ${record.name} with the value ${record.value} was found yet. DNS changes can take a while to appear.`,
    };
  }
  if (await verifiedElsewhere(db, domain.host, scope.tenantId)) {
    throw new AppError('CONFLICT', `${domain.host} is already verified by another operator`);
  }
  let verified: DomainRow;
  try {
    verified = await sdb.$transaction(async (tx) => {
      await tx.tenantDomain.updateMany({ where: { id, verifiedAt: null }, data: { verifiedAt: now } });
      await recordAudit(tx, scope, {
        action: 'tenant.domain_verified',
        entityType: 'TenantDomain',
        entityId: id,
        after: { host: domain.host },
      });
      return tx.tenantDomain.findFirstOrThrow({ where: { id }, select: DOMAIN_SELECT });
    });
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
      throw new AppError('CONFLICT', `${domain.host} is already verified by another operator`);
    }
    throw e;
  }
  return { ...view(verified), verified: true, message: `${domain.host} is verified and now serves your brand.` };
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

/** Platform admin: claim a host for any tenant (it serves once the tenant verifies it). */
export async function addDomainForTenant({
  db,
  tenantId,
  host: raw,
  platformDomain,
}: {
  db: Db;
  tenantId: string;
  host: string;
  platformDomain: string;
}) {
  const { host } = addDomainInput.parse({ host: raw });
  assertNotPlatformHost(host, platformDomain);
  const t = await db.tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!t) throw new AppError('NOT_FOUND', 'No such tenant');
  if (await verifiedElsewhere(db, host, tenantId)) throw new AppError('CONFLICT', `${host} is already in use`);
  return view(await createClaim(db, tenantId, host));
}
