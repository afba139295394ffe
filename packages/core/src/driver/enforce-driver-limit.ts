import { audit } from './start-charging.ts';
import { nowOf, type DriverDeps } from './types.ts';

/** Stop a little before the prepaid amount: readings arrive late and the charger takes a moment to stop. */
export const LIMIT_HEADROOM_BPS = 200;

/**
 * Stops a prepaid session once its energy or its running cost reaches what the driver paid for.
 * Called on every meter update of a driver session; the stopRequestedAt claim sends one stop.
 */
export async function enforceDriverLimit(deps: DriverDeps, { transactionId }: { transactionId: string }) {
  const { db } = deps;
  const session = await db.driverSession.findUnique({ where: { transactionId } });
  if (!session || session.status !== 'CHARGING' || session.stopRequestedAt) return { stopped: false as const };
  if (session.limitMinor === null && session.limitWh === null) return { stopped: false as const };
  const tx = await db.transaction.findUniqueOrThrow({ where: { id: transactionId } });
  if (tx.status !== 'ACTIVE') return { stopped: false as const };

  // The driver pays from the authorization: a transaction the station started at plug-in, before
  // the payment, counts its energy from there, as pricing does (billedSpan in the tariffs module).
  let estimated: ReturnType<typeof deps.pricing.estimateTransaction> | undefined;
  const estimate = () => (estimated ??= deps.pricing.estimateTransaction({ db, transactionId, at: nowOf(deps) }));
  let reason: string | null = null;
  if (session.limitWh !== null) {
    const energyWh = tx.authorizedAt ? ((await estimate())?.energyWh ?? tx.energyWh) : tx.energyWh;
    if (energyWh >= session.limitWh) reason = `energy ${energyWh} Wh reached ${session.limitWh} Wh`;
  }
  if (!reason && session.limitMinor !== null) {
    const cost = await estimate();
    const threshold = session.limitMinor - Math.ceil((session.limitMinor * LIMIT_HEADROOM_BPS) / 10_000);
    if (cost && cost.costMinor >= threshold)
      reason = `cost ${cost.costMinor} reached ${threshold} of ${session.limitMinor}`;
  }
  if (!reason) return { stopped: false as const };

  const claimed = await db.driverSession.updateMany({
    where: { id: session.id, stopRequestedAt: null },
    data: { stopRequestedAt: nowOf(deps) },
  });
  if (claimed.count === 0) return { stopped: false as const };
  await audit(deps, session, 'driver.limit_reached', { transactionId, reason });
  try {
    await deps.chargers.remoteStop({
      tenantId: session.tenantId,
      chargerId: tx.chargerId,
      ocppTransactionId: tx.ocppTransactionId,
    });
  } catch (e) {
    // Let the next meter update try again.
    await db.driverSession.update({ where: { id: session.id }, data: { stopRequestedAt: null } });
    deps.onError?.(e, `stopping ${transactionId} at its limit`);
    return { stopped: false as const };
  }
  return { stopped: true as const, reason };
}
