import { assignEvse } from '@magma/core/load-balancing';
import { tenantScope } from '@magma/core/tenancy';
import { SimulatedCharger } from '../src/simulator/index.ts';
import { aCharger, waitFor, type Harness } from './support.ts';

/**
 * A one-connector 22 kW simulated charger of the site, its EVSE under the circuit, connected to the
 * harness's relay (what the load-balancing and OSCP tests build their sites from).
 */
export async function aBalancedCharger(
  h: Harness,
  { siteId, circuitId, protocol }: { siteId: string; circuitId: string; protocol: 'OCPP16' | 'OCPP201' },
): Promise<{ sim: SimulatedCharger; chargerId: string }> {
  const c = await aCharger(h.db, { tenantId: h.tenant.id, protocol, connectors: 1 });
  await h.db.charger.update({ where: { id: c.id }, data: { siteId } });
  await assignEvse({
    db: h.db,
    scope: tenantScope(h.tenant.id),
    input: { chargerId: c.id, evseId: 1, circuitId },
  });
  const sim = new SimulatedCharger({
    url: h.url,
    identity: c.identity,
    protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
    connectors: 1,
    meterIntervalMs: 0,
    powerW: 22_000,
  });
  await sim.start();
  await waitFor(() => h.db.charger.findFirst({ where: { id: c.id, online: true } }));
  return { sim, chargerId: c.id };
}
