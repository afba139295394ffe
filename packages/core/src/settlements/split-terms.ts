import { z } from 'zod';
import type { Db, Prisma, SplitTermsModel } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import type { SplitTerms as LedgerTerms } from '@magma/ledger';
import { AppError } from '../errors/app-error.ts';
import { recordAudit } from '../audit/record-audit.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import type { Tx } from '../ledger/ledger-accounts.ts';

// Revenue-split terms per vendor (and optionally per site), versioned like tariffs: an edit is a new
// version effective from a given instant; a session is split with the version effective when it
// started, a site's own terms before its vendor's.

export const splitTermsFields = z
  .object({
    vendorId: z.uuid(),
    siteId: z.uuid().nullable().default(null),
    effectiveFrom: z.coerce.date(),
    vendorShareBps: z.number().int().min(0).max(10_000),
    vendorPerKwhMinor: z.number().int().min(0).max(100_000).default(0),
    platformFeeBps: z.number().int().min(0).max(10_000).default(0),
    platformFeeFixedMinor: z.number().int().min(0).max(1_000_000).default(0),
    /** Who bears the platform fee: the operator, the vendor, or both pro rata to their shares. */
    platformFeeBearer: z.enum(['OPERATOR', 'VENDOR', 'SHARED']).default('OPERATOR'),
    gatewayFeeBearer: z.enum(['OPERATOR', 'VENDOR', 'SHARED']).default('OPERATOR'),
    sponsorShared: z.boolean().default(true),
  })
  .strict();

export type SplitTermsFields = z.input<typeof splitTermsFields>;

/** A stored version as the pure package's terms (its version is the row id, echoed in memos). */
export function ledgerTermsOf(row: SplitTermsModel): LedgerTerms {
  const bearerOf = (b: SplitTermsModel['gatewayFeeBearer']) => (b === 'SHARED' ? 'PRO_RATA' : b);
  return {
    version: row.id,
    vendorShareBps: row.vendorShareBps,
    landOwnerMinorPerKwh: row.vendorPerKwhMinor,
    platformFee: {
      bps: row.platformFeeBps,
      fixedMinor: row.platformFeeFixedMinor,
      bearer: bearerOf(row.platformFeeBearer),
    },
    gatewayFeeBearer: bearerOf(row.gatewayFeeBearer),
    sponsorHandling: row.sponsorShared ? 'SHARE_WITH_VENDOR' : 'OPERATOR_KEEPS',
  };
}

/** The terms in force for a vendor's site at an instant: the site's own, else the vendor's. */
export async function termsAt(
  db: Db | Tx,
  { tenantId, vendorId, siteId, at }: { tenantId: string; vendorId: string; siteId: string | null; at: Date },
): Promise<SplitTermsModel | null> {
  const rows = await db.splitTerms.findMany({
    where: { tenantId, vendorId, effectiveFrom: { lte: at }, OR: [{ siteId: null }, ...(siteId ? [{ siteId }] : [])] },
    orderBy: [{ effectiveFrom: 'desc' }, { version: 'desc' }],
    take: 20,
  });
  return rows.find((r) => r.siteId !== null) ?? rows[0] ?? null;
}

/** Every version of the terms the scope may see (a vendor user: its own). */
export async function listSplitTerms({ db, scope, vendorId }: { db: Db; scope: Scope; vendorId?: string }) {
  return scopedDb(db, scope).splitTerms.findMany({
    where: vendorId ? { vendorId } : {},
    orderBy: [{ vendorId: 'asc' }, { siteId: 'asc' }, { version: 'desc' }],
    take: 1000,
  });
}

export const listSplitTermsPageInput = z
  .object({
    /** An operator's filter; a vendor user always gets its own. */
    vendorId: z.uuid().optional(),
    ...cursorPageFields,
  })
  .strict();

/** Every version of the split terms a page at a time (REST /split-terms), newest first, keyset on (createdAt, id). */
export async function listSplitTermsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSplitTermsPageInput>;
}) {
  const f = listSplitTermsPageInput.parse(input ?? {});
  const rows = await scopedDb(db, scope).splitTerms.findMany({
    where: {
      ...(f.vendorId ? { vendorId: f.vendorId } : {}),
      ...(afterCursor(f.cursor, { field: 'createdAt', dir: 'desc', kind: 'date' }) as Prisma.SplitTermsWhereInput),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
  });
  return pageOf(rows, f.limit, (r) => [r.createdAt.toISOString(), r.id]);
}

/** A new version of a vendor's (or one of its sites') terms. Operator admins only. */
export async function createSplitTerms({ db, scope, input }: { db: Db; scope: Scope; input: SplitTermsFields }) {
  assertAdmin(scope);
  const f = splitTermsFields.parse(input);
  const sdb = scopedDb(db, scope);
  return sdb.$transaction(async (tx) => {
    const vendor = await tx.vendor.findFirst({ where: { id: f.vendorId }, select: { id: true } });
    if (!vendor) throw new AppError('NOT_FOUND', 'No such vendor');
    if (f.siteId) {
      const site = await tx.site.findFirst({ where: { id: f.siteId, vendorId: f.vendorId }, select: { id: true } });
      if (!site) throw new AppError('BAD_INPUT', "The site is not one of this vendor's");
    }
    // Versions of one vendor's terms are numbered under a lock so two edits cannot take one number.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`split-terms:${f.vendorId}`}))`;
    const last = await tx.splitTerms.findFirst({
      where: { vendorId: f.vendorId, siteId: f.siteId },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const row = await tx.splitTerms.create({
      data: { ...f, tenantId: scope.tenantId, version: (last?.version ?? 0) + 1, createdById: scope.userId },
    });
    await recordAudit(tx, scope, {
      action: 'split_terms.created',
      entityType: 'SplitTerms',
      entityId: row.id,
      after: { ...f, version: row.version, effectiveFrom: f.effectiveFrom.toISOString() },
    });
    return row;
  });
}
