import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { recordAudit } from '../audit/record-audit.ts';

// Archiving is the way a site goes away: its row stays (its chargers' sessions, faults, statements
// and ledger lines keep naming it), but lists and pickers no longer offer it. A site with a charger
// that is connected right now is refused, with the chargers named: archiving it would hide a live
// charger from the places an operator looks for it. Restoring brings it back unchanged.

export const archiveSiteInput = z.object({ id: z.uuid() });

/** How many connected chargers the refusal names before it says "and N more". */
const NAMED = 5;

export async function archiveSite({
  db,
  scope,
  input,
  now = new Date(),
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof archiveSiteInput>;
  now?: Date;
}) {
  assertAdmin(scope);
  const { id } = archiveSiteInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const site = await tx.site.findFirst({ where: { id } });
    if (!site) throw new AppError('NOT_FOUND', 'No such site');
    if (site.archivedAt) return site;
    const connected = await tx.charger.findMany({
      where: { siteId: id, online: true },
      orderBy: { identity: 'asc' },
      select: { identity: true },
    });
    if (connected.length > 0) {
      const names = connected.slice(0, NAMED).map((c) => c.identity);
      const more = connected.length > NAMED ? ` and ${connected.length - NAMED} more` : '';
      throw new AppError(
        'CONFLICT',
        `${site.name} has ${connected.length === 1 ? 'a connected charger' : `${connected.length} connected chargers`} ` +
          `(${names.join(', ')}${more}). Move ${connected.length === 1 ? 'it' : 'them'} to another site, or wait until ` +
          `${connected.length === 1 ? 'it disconnects' : 'they disconnect'}, then archive the site.`,
        { details: { connected: connected.map((c) => c.identity) } },
      );
    }
    const after = await tx.site.update({ where: { id }, data: { archivedAt: now } });
    await recordAudit(tx, scope, {
      action: 'site.archived',
      entityType: 'Site',
      entityId: id,
      after: { archivedAt: now.toISOString() },
    });
    return after;
  });
}

export async function restoreSite({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof archiveSiteInput>;
}) {
  assertAdmin(scope);
  const { id } = archiveSiteInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const site = await tx.site.findFirst({ where: { id } });
    if (!site) throw new AppError('NOT_FOUND', 'No such site');
    if (!site.archivedAt) return site;
    const after = await tx.site.update({ where: { id }, data: { archivedAt: null } });
    await recordAudit(tx, scope, {
      action: 'site.restored',
      entityType: 'Site',
      entityId: id,
      before: { archivedAt: site.archivedAt.toISOString() },
    });
    return after;
  });
}
