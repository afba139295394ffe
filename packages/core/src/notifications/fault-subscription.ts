import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

// A member's fault emails: on or off, for every site in their scope or for chosen sites. A vendor
// user chooses among its own sites only; whatever it chooses, the sender reads its vendor's faults
// only (send-fault-emails.ts checks the membership each time).

export const MAX_SUBSCRIBED_SITES = 200;

export const setFaultSubscriptionInput = z
  .object({
    enabled: z.boolean(),
    allSites: z.boolean().default(true),
    siteIds: z.array(z.uuid()).max(MAX_SUBSCRIBED_SITES).default([]),
  })
  .strict();

export type FaultSubscriptionView = { enabled: boolean; allSites: boolean; siteIds: string[] };

function memberOf(scope: Scope): string {
  // API clients act for no user, and a platform admin visiting is no member of the tenant: neither has a mailbox here.
  if (!scope.userId || scope.role === 'PLATFORM_ADMIN')
    throw new AppError('FORBIDDEN', 'Fault emails are for the members of this operator, signed in as themselves');
  return scope.userId;
}

export async function getFaultSubscription({ db, scope }: { db: Db; scope: Scope }): Promise<FaultSubscriptionView> {
  const userId = memberOf(scope);
  const row = await scopedDb(db, scope).faultSubscription.findFirst({ where: { userId } });
  return row
    ? { enabled: true, allSites: row.allSites, siteIds: row.siteIds }
    : { enabled: false, allSites: true, siteIds: [] };
}

/**
 * Turns the caller's fault emails on (for all sites, or the sites named, each of which must be one the
 * caller sees) or off. Faults that opened before the subscription began are not sent.
 */
export async function setFaultSubscription({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof setFaultSubscriptionInput>;
}): Promise<FaultSubscriptionView> {
  const userId = memberOf(scope);
  const f = setFaultSubscriptionInput.parse(input);
  const sdb = scopedDb(db, scope);
  if (!f.enabled) {
    await sdb.faultSubscription.deleteMany({ where: { userId } });
    return { enabled: false, allSites: true, siteIds: [] };
  }
  const siteIds = f.allSites ? [] : [...new Set(f.siteIds)];
  if (!f.allSites && siteIds.length === 0) throw new AppError('BAD_INPUT', 'Choose at least one site, or all sites');
  if (siteIds.length > 0) {
    const found = await sdb.site.count({ where: { id: { in: siteIds } } });
    if (found !== siteIds.length) throw new AppError('NOT_FOUND', 'One of the chosen sites does not exist here');
  }
  const data = { allSites: f.allSites, siteIds };
  const existing = await sdb.faultSubscription.findFirst({ where: { userId }, select: { id: true } });
  const row = existing
    ? await sdb.faultSubscription.update({ where: { id: existing.id }, data })
    : await sdb.faultSubscription.create({
        data: { ...data, tenantId: scope.tenantId, userId, vendorId: scope.vendorId },
      });
  return { enabled: true, allSites: row.allSites, siteIds: row.siteIds };
}
