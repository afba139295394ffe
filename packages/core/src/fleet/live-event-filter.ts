import type { Db } from '@magma/db';
import type { LiveEvent } from '../bus/live-events.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { isVendorScope, type Scope } from '../tenancy/scope.ts';

export type LiveEventFilter = (event: LiveEvent) => Promise<boolean>;

const CACHE_MS = 60_000;

/**
 * Which live events of the tenant channel a dashboard connection may receive: all of its tenant's
 * for operators; for a vendor user, only its own chargers' — decided through the scoped client and
 * remembered per charger for a minute, so a busy fleet costs one lookup per charger, not per event.
 */
export function createLiveEventFilter({
  db,
  scope,
  now = Date.now,
}: {
  db: Db;
  scope: Scope;
  now?: () => number;
}): LiveEventFilter {
  if (!isVendorScope(scope)) return async (e) => e.tenantId === scope.tenantId;
  const sdb = scopedDb(db, scope);
  const visible = new Map<string, { ok: Promise<boolean>; until: number }>();
  return async (e) => {
    if (e.tenantId !== scope.tenantId) return false;
    const hit = visible.get(e.chargerId);
    if (hit && hit.until > now()) return hit.ok;
    const ok = sdb.charger
      .count({ where: { id: e.chargerId } })
      .then((n) => n > 0)
      .catch(() => false);
    visible.set(e.chargerId, { ok, until: now() + CACHE_MS });
    return ok;
  };
}
