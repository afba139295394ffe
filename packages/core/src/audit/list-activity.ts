import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';

export const ACTIVITY_PAGE = 50;

/** The areas the log can be filtered by: the first part of every action name. */
export const ACTIVITY_AREAS = {
  charger: 'Chargers and remote actions',
  site: 'Sites',
  vendor: 'Vendors',
  user: 'Users and invitations',
  tenant: 'Brand, domains and policies',
  tariff: 'Tariffs',
  idToken: 'Cards',
  pin: 'Driver PINs',
  fault: 'Faults',
  driver: 'Driver sessions and payments',
} as const;

export const listActivityInput = z
  .object({
    /** An area (`tariff`, `charger`, …: every action that starts with it) or one exact action. */
    action: z
      .string()
      .trim()
      .max(60)
      .regex(/^[a-zA-Z_.]*$/, 'Letters, dots and underscores only')
      .optional(),
    actorUserId: z.uuid().optional(),
    /** Entries older than this one (its id, from the previous page's `nextCursor`). */
    before: z
      .string()
      .regex(/^[1-9][0-9]{0,18}$/, 'Not a page cursor')
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(ACTIVITY_PAGE),
  })
  .default({ limit: ACTIVITY_PAGE });

export type ActivityEntry = {
  id: string;
  at: Date;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  /** Who did it: a member of the tenant, someone no longer a member, or the system (a driver, a charger, the seed). */
  actor: { id: string; email: string; name: string | null } | null;
  actorUserId: string | null;
  /** The API client (public client_id) that acted with a client-credentials token, which has no user. */
  actorClientId: string | null;
};

/**
 * The tenant's audit log, newest first, a page at a time (operator admins: it records settings,
 * users, money and remote actions). Filter by area or action and by who acted.
 */
export async function listActivity({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listActivityInput>;
}): Promise<{ entries: ActivityEntry[]; nextCursor: string | null }> {
  assertAdmin(scope);
  const f = listActivityInput.parse(input);
  const sdb = scopedDb(db, scope);
  const action = f.action?.replace(/\.$/, '');
  const where: Prisma.AuditLogWhereInput = {
    ...(action ? { OR: [{ action }, { action: { startsWith: `${action}.` } }] } : {}),
    ...(f.actorUserId ? { actorUserId: f.actorUserId } : {}),
    ...(f.before ? { id: { lt: BigInt(f.before) } } : {}),
  };
  const rows = await sdb.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: f.limit + 1 });
  const page = rows.slice(0, f.limit);
  const actorIds = [...new Set(page.map((r) => r.actorUserId).filter((id): id is string => id !== null))];
  // Users are read through the scope: a former member, or a platform admin who is not a member, stays a bare id.
  const actors = actorIds.length
    ? await sdb.user.findMany({ where: { id: { in: actorIds } }, select: { id: true, email: true, name: true } })
    : [];
  const byId = new Map(actors.map((a) => [a.id, a]));
  return {
    entries: page.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      before: r.before,
      after: r.after,
      actor: r.actorUserId ? (byId.get(r.actorUserId) ?? null) : null,
      actorUserId: r.actorUserId,
      actorClientId: r.actorClientId,
    })),
    nextCursor: rows.length > f.limit ? page[page.length - 1]!.id.toString() : null,
  };
}
