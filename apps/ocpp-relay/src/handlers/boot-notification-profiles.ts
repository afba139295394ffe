import { chargerRebooted } from '@magma/core/load-balancing';
import type { BootResult } from '@magma/core/charging';
import type { HandlerContext } from './types.ts';

/**
 * After a BootNotification (both versions): a balanced charger that was Accepted has lost, or may
 * have lost, its load-balancing profiles; they are sent again (#21, charger-rebooted.ts). Runs in the
 * background: its first statement is a round trip to the database, by which time the charger has
 * its answer, so nothing is sent to it before it knows it is Accepted.
 */
export function restoreBalancedProfiles({ db, bus, log, conn }: HandlerContext, boot: BootResult): void {
  if (boot.status !== 'Accepted' || !boot.balanced || !bus) return;
  const { tenantId, chargerId } = conn.charger;
  const onError = (error: unknown) =>
    log.warn('load balancing not restored after a boot', { error, tenantId, chargerId });
  void chargerRebooted({ db, bus, onError }, { tenantId, chargerId }).catch(onError);
}
