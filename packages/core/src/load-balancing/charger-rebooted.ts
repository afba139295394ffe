import { Prisma, type Db } from '@magma/db';
import { FALLBACK_STACK_LEVEL } from './fallback-profiles.ts';
import { LOAD_BALANCING_STACK_LEVEL } from './rebalance-site.ts';
import { leadingToRebalance, rebalanceChargerSite, type RebalanceDeps } from './rebalance-trigger.ts';
import type { RebalanceResult } from './rebalance-site.ts';

// A balanced charger that booted (an Accepted BootNotification, both versions) has lost, or may have
// lost, the profiles load balancing gave it: a charger need not keep them across a restart, and
// one that does holds the TxProfiles of sessions the restart ended. Its stored fallbacks, and the
// balancer's TxProfiles of transactions no longer running, stop counting as installed (CLEARED, no
// clear command: presumed gone), and its site is rebalanced: the fallbacks go out again (same
// purpose and stack level: a charger that kept them has them replaced), and a session starting
// gets its limit as usual. The relay calls this only for chargers bootCharger found balanced, so an
// unbalanced charger's boot costs nothing more.

/** Marks what load balancing installed on the charger as no longer held; returns how many profiles. */
export async function forgetBalancedProfiles(
  db: Db,
  { tenantId, chargerId, now = new Date() }: { tenantId: string; chargerId: string; now?: Date },
): Promise<number> {
  return db.$executeRaw(Prisma.sql`
    UPDATE "ChargingProfile" p SET status = 'CLEARED', "endedAt" = ${now}, "updatedAt" = ${now}
    WHERE p."tenantId" = ${tenantId}::uuid AND p."chargerId" = ${chargerId}::uuid AND p.status = 'ACTIVE'
      AND (
        (p.purpose = 'TxDefaultProfile' AND p."stackLevel" = ${FALLBACK_STACK_LEVEL} AND p."evseId" > 0)
        OR (
          p.purpose = 'TxProfile' AND p."stackLevel" = ${LOAD_BALANCING_STACK_LEVEL}
          AND NOT EXISTS (
            SELECT 1 FROM "Transaction" t
            WHERE t."tenantId" = p."tenantId" AND t."chargerId" = p."chargerId"
              AND t.status = 'ACTIVE' AND t."ocppTransactionId" = p."transactionId"
          )
        )
      )`);
}

/**
 * After a balanced charger's Accepted BootNotification: forgets its balanced profiles and queues its
 * site's rebalance (resolves with it; null when the charger is no longer balanced).
 */
export function chargerRebooted(
  deps: RebalanceDeps,
  { tenantId, chargerId }: { tenantId: string; chargerId: string },
): Promise<{ forgotten: number; rebalance: RebalanceResult | null }> {
  return leadingToRebalance(
    (async () => {
      const forgotten = await forgetBalancedProfiles(deps.db, { tenantId, chargerId });
      const rebalance = await rebalanceChargerSite(deps, tenantId, chargerId, 0);
      return { forgotten, rebalance };
    })(),
  );
}
