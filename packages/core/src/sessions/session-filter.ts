import { z } from 'zod';
import type { Prisma } from '@magma/db';

// Filters of the sessions history, shared by the page, its totals and the CSV export.

export const sessionFilterInput = z.object({
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  siteId: z.uuid().optional(),
  chargerId: z.uuid().optional(),
  /** The charger's OCPP identity, as typed by an operator. */
  charger: z.string().trim().min(1).max(64).optional(),
  status: z.enum(['ACTIVE', 'COMPLETED']).optional(),
  idToken: z.string().trim().min(1).max(64).optional(),
});
export type SessionFilter = z.output<typeof sessionFilterInput>;

/** The history's orders: start time (newest first by default) or energy delivered. */
export const SESSION_SORTS = ['-startedAt', 'startedAt', '-energyWh', 'energyWh'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];
export const sessionSortInput = z.enum(SESSION_SORTS).default('-startedAt');

/** Prisma's order for a sort, with the id as the last key so pages and export batches are total. */
export function sessionOrderBy(sort: SessionSort): Prisma.TransactionOrderByWithRelationInput[] {
  const dir = sort.startsWith('-') ? ('desc' as const) : ('asc' as const);
  const field = sort.replace('-', '') as 'startedAt' | 'energyWh';
  return field === 'startedAt'
    ? [{ startedAt: dir }, { id: dir }]
    : [{ energyWh: dir }, { startedAt: 'desc' }, { id: dir }];
}

export function sessionWhere(f: SessionFilter): Prisma.TransactionWhereInput {
  return {
    ...(f.from || f.to ? { startedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    ...(f.siteId ? { siteId: f.siteId } : {}),
    ...(f.chargerId ? { chargerId: f.chargerId } : {}),
    ...(f.charger ? { charger: { identity: { equals: f.charger, mode: 'insensitive' as const } } } : {}),
    ...(f.status ? { status: f.status } : {}),
    ...(f.idToken ? { idTag: { equals: f.idToken, mode: 'insensitive' as const } } : {}),
  };
}

export const sessionRowSelect = {
  id: true,
  seq: true,
  status: true,
  evseId: true,
  idTag: true,
  startedAt: true,
  stoppedAt: true,
  energyWh: true,
  livePowerW: true,
  costMinor: true,
  taxMinor: true,
  currency: true,
  stopReason: true,
  charger: { select: { id: true, identity: true, site: { select: { id: true, name: true, city: true } } } },
} satisfies Prisma.TransactionSelect;
