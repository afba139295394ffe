import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { containsText } from '../search/like-pattern.ts';
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
