import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { containsText } from '../search/like-pattern.ts';
import { cursorPageFields, decodeCursor, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const listChargersInput = z
  .object({
    siteId: z.uuid().optional(),
    vendorId: z.uuid().optional(),
    online: z.boolean().optional(),
    search: z.string().trim().max(60).optional(),
    /** At most this many, in identity order (a page of a large fleet). */
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .default({});

const chargerListSelect = {
  id: true,
  identity: true,
  protocol: true,
  registration: true,
  vendorName: true,
  model: true,
  firmwareVersion: true,
  maxPowerKw: true,
  status: true,
  online: true,
  lastSeenAt: true,
  site: { select: { id: true, name: true, city: true } },
  vendor: { select: { id: true, name: true } },
  connectors: {
    orderBy: [{ evseId: 'asc' as const }, { connectorId: 'asc' as const }],
    select: { id: true, evseId: true, connectorId: true, type: true, status: true, maxPowerKw: true, livePowerW: true },
  },
} satisfies Prisma.ChargerSelect;

/** The fleet list: every charger the scope can see, with its site, vendor and connectors. */
export async function listChargers({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listChargersInput>;
}) {
  const f = listChargersInput.parse(input);
  return scopedDb(db, scope).charger.findMany({
    where: {
      siteId: f.siteId,
      vendorId: f.vendorId,
      online: f.online,
      ...(f.search ? { identity: containsText(f.search) } : {}),
    },
    orderBy: { identity: 'asc' },
    take: f.limit,
    select: chargerListSelect,
  });
}

export const listChargersPageInput = z
  .object({
    siteId: z.uuid().optional(),
    vendorId: z.uuid().optional(),
    online: z.boolean().optional(),
    search: z.string().trim().max(60).optional(),
    /** identity (A→Z, the default) or -identity (Z→A). */
    sort: z.enum(['identity', '-identity']).default('identity'),
    ...cursorPageFields,
  })
  .default({ sort: 'identity', limit: 50 });

/**
 * The fleet list a page at a time (REST /chargers): the same rows and filters as listChargers, in
 * identity order, each page after the previous page's last charger (identity, then id: identities
 * are unique per tenant, the id only makes the key total).
 */
export async function listChargersPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listChargersPageInput>;
}) {
  const f = listChargersPageInput.parse(input);
  const dir = f.sort === '-identity' ? 'desc' : 'asc';
  const after = f.cursor ? decodeCursor(f.cursor, 2) : null;
  const cmp = dir === 'asc' ? 'gt' : 'lt';
  const rows = await scopedDb(db, scope).charger.findMany({
    where: {
      siteId: f.siteId,
      vendorId: f.vendorId,
      online: f.online,
      ...(f.search ? { identity: containsText(f.search) } : {}),
      ...(after
        ? {
            OR: [
              { identity: { [cmp]: String(after[0]) } },
              { identity: String(after[0]), id: { [cmp]: String(after[1]) } },
            ],
          }
        : {}),
    },
    orderBy: [{ identity: dir }, { id: dir }],
    take: f.limit + 1,
    select: chargerListSelect,
  });
  return pageOf(rows, f.limit, (c) => [c.identity, c.id]);
}

export const chargerIdInput = z.object({ id: z.uuid() });

export async function getCharger({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof chargerIdInput>;
}) {
  const { id } = chargerIdInput.parse(input);
  const charger = await scopedDb(db, scope).charger.findFirst({
    where: { id },
    select: {
      ...chargerListSelect,
      serialNumber: true,
      iccid: true,
      securityProfile: true,
      lastBootAt: true,
      connectedAt: true,
    },
  });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  return charger;
}
