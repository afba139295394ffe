import type { Db } from '@magma/db';
import { createBus, type Bus } from '@magma/core/bus';
import { freePort } from '@magma/db/embedded';
import { startRelay, type Relay } from '../../../ocpp-relay/src/server.ts';
import { SimulatedCharger } from '../../../ocpp-relay/src/simulator/index.ts';

// The charger-page browser tests' common ground: a charger of the Voltway tenant, a relay of their
// own on a free port over the e2e database's bus, and a simulated charger connected to it, so what
// the page sends reaches a real ocpp-rpc station and its real answer comes back.

export type SimulatedChargerPage = {
  chargerId: string;
  identity: string;
  sim: SimulatedCharger;
  relay: Relay;
  bus: Bus;
  close: () => Promise<void>;
};

export async function simulatedChargerPage(
  db: Db,
  { identity, protocol, connectors = 1 }: { identity: string; protocol: 'OCPP16' | 'OCPP201'; connectors?: number },
): Promise<SimulatedChargerPage> {
  const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'voltway' } });
  const charger = await db.charger.upsert({
    where: { tenantId_identity: { tenantId: tenant.id, identity } },
    create: { tenantId: tenant.id, identity, protocol },
    update: {},
  });
  const bus = createBus({ kind: 'pg', databaseUrl: process.env.MAGMA_E2E_DATABASE_URL! });
  const quiet = { info: () => {}, warn: () => {}, error: () => {} };
  const relay = await startRelay({
    db,
    bus,
    port: await freePort(),
    host: '127.0.0.1',
    defaultTenantSlug: 'voltway',
    instanceId: `e2e-${identity.toLowerCase()}-relay`,
    log: quiet,
  });
  const sim = new SimulatedCharger({
    url: `ws://127.0.0.1:${relay.port}/ocpp/voltway`,
    identity,
    protocol: protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1',
    connectors,
    meterIntervalMs: 0,
  });
  await sim.start();
  return {
    chargerId: charger.id,
    identity,
    sim,
    relay,
    bus,
    close: async () => {
      await sim.close();
      await relay.close();
      await bus.close();
    },
  };
}
