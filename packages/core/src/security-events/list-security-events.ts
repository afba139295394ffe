import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { SECURITY_EVENT_TYPES } from './security-event-types.ts';

export const listSecurityEventsInput = z
  .object({
    chargerId: z.uuid(),
    /** yes: the events the specification marks critical (those that open an alert); no: the others. */
    critical: z.enum(['yes', 'no']).optional(),
    type: z.string().trim().min(1).max(50).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/**
 * A charger's security events, newest first by the charger's clock, with the alert each opened or
 * joined (open until acknowledged) and the types its version defines (for a filter). A vendor user
 * sees its own chargers' only.
 */
export async function listSecurityEvents({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listSecurityEventsInput>;
}) {
  const f = listSecurityEventsInput.parse(input);
  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({ where: { id: f.chargerId }, select: { id: true, protocol: true } });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  const where: Prisma.SecurityEventWhereInput = {
    chargerId: charger.id,
    ...(f.critical ? { critical: f.critical === 'yes' } : {}),
    ...(f.type ? { type: f.type } : {}),
  };
  const [rows, total, openAlerts] = await Promise.all([
    sdb.securityEvent.findMany({
      where,
      orderBy: [{ timestamp: 'desc' }, { receivedAt: 'desc' }],
      take: f.limit,
      select: {
        id: true,
        type: true,
        timestamp: true,
        techInfo: true,
        critical: true,
        faultId: true,
        receivedAt: true,
      },
    }),
    sdb.securityEvent.count({ where }),
    sdb.fault.findMany({
      where: { chargerId: charger.id, kind: 'SECURITY_EVENT', endedAt: null },
      select: { id: true },
    }),
  ]);
  const open = new Set(openAlerts.map((a) => a.id));
  return {
    events: rows.map((r) => ({ ...r, alertOpen: r.faultId !== null && open.has(r.faultId) })),
    total,
    openAlerts: open.size,
    types: [...SECURITY_EVENT_TYPES[charger.protocol]],
  };
}
