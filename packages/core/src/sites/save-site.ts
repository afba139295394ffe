import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { features } from '../tenancy/features.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { siteFields } from './site-input.ts';
import { changes, recordAudit } from '../audit/record-audit.ts';

async function assertVendorInScope(db: Db, scope: Scope, vendorId: string | null | undefined) {
  if (!vendorId) return;
  const v = await scopedDb(db, scope).vendor.findFirst({ where: { id: vendorId }, select: { id: true } });
  if (!v) throw new AppError('NOT_FOUND', 'No such vendor');
}

/** Coordinates are a pair: a latitude without its longitude places the site nowhere. */
function assertCoordinatePair(lat: number | null | undefined, lng: number | null | undefined) {
  if ((lat === undefined || lat === null) !== (lng === undefined || lng === null)) {
    throw new AppError('BAD_INPUT', 'Give both latitude and longitude, or neither');
  }
}

export async function createSite({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof siteFields> }) {
  assertAdmin(scope);
  const data = siteFields.parse(input);
  assertCoordinatePair(data.lat, data.lng);
  const sdb = scopedDb(db, scope);
  const tenant = await sdb.tenant.findFirst({ select: { plan: true, timezone: true } });
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found');
  if (!features(tenant.plan).multiSite && (await sdb.site.count()) >= 1) {
    throw new AppError('FORBIDDEN', 'The Vendor CSMS plan covers one site; upgrade to Operator CSMS for more');
  }
  await assertVendorInScope(db, scope, data.vendorId);
  return sdb.$transaction(async (tx) => {
    const site = await tx.site.create({
      data: { ...data, timezone: data.timezone ?? tenant.timezone, tenantId: scope.tenantId },
    });
    await recordAudit(tx, scope, { action: 'site.created', entityType: 'Site', entityId: site.id, after: data });
    return site;
  });
}

export const updateSiteInput = z.object({ id: z.uuid(), patch: siteFields.partial() });

export async function updateSite({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof updateSiteInput>;
}) {
  assertAdmin(scope);
  const { id, patch } = updateSiteInput.parse(input);
  await assertVendorInScope(db, scope, patch.vendorId);
  const sdb = scopedDb(db, scope);
  return sdb.$transaction(async (tx) => {
    const before = await tx.site.findFirst({ where: { id } });
    if (!before) throw new AppError('NOT_FOUND', 'No such site');
    // A patch may move one coordinate; the pair it leaves must still be whole.
    assertCoordinatePair(
      patch.lat !== undefined ? patch.lat : before.lat === null ? null : Number(before.lat),
      patch.lng !== undefined ? patch.lng : before.lng === null ? null : Number(before.lng),
    );
    const after = await tx.site.update({ where: { id }, data: patch });
    await recordAudit(tx, scope, {
      action: 'site.updated',
      entityType: 'Site',
      entityId: id,
      ...changes(before, after, Object.keys(patch)),
    });
    // Chargers carry the site's vendor so vendor scope stays one indexed predicate.
    if (patch.vendorId !== undefined)
      await tx.charger.updateMany({ where: { siteId: id }, data: { vendorId: patch.vendorId } });
    return after;
  });
}
