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
