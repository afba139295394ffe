import { configureCaliforniaPricing } from '@magma/core/cost';
import type { HandlerContext } from './types.ts';

// OCPP 1.6 California Pricing after boot (@magma/core/cost, california-pricing-defaults.ts): once a
// 1.6 charger's boot is Accepted, the relay reads the extension's configuration keys and, when the
// charger shows costs, writes its default price, price texts and time offsets. The calls go through
// the bus to this relay's own listener, and start once the boot's answer has left.

export function californiaPricingAfterBoot({ db, bus, conn, log }: HandlerContext, status: string): void {
  if (status !== 'Accepted' || !bus) return;
  const { tenantId, chargerId } = conn.charger;
  // Called now (a session starting meanwhile then waits for the read), reading once the answer has left.
  configureCaliforniaPricing({ db, bus, tenantId, chargerId, startAfterMs: 50 })
    .then((r) => {
      if (r.outcome === 'configured') log.info('California Pricing configured', { identity: conn.identity, ...r });
    })
    .catch((error: unknown) => log.warn('California Pricing not configured', { identity: conn.identity, error }));
}
