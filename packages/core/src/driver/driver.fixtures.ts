import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { createTestGateway, type TestGateway } from '@magma/payments';
import { PgBus } from '../bus/pg-bus.ts';
import { relayCommandsChannel, type Bus } from '../bus/types.ts';
import { beatRelayInstance } from '../charging/relay-instance.ts';
import { startTransaction } from '../charging/start-transaction.ts';
import { executeChargerCommand } from '../commands/execute-charger-command.ts';
import type { DriverDeps, DriverMailPort } from './types.ts';
import { chargerCommandsPort } from './wiring/charger-commands.ts';
import { paymentsPort } from './wiring/payments.ts';
import { pricingPort } from './wiring/pricing.ts';
import { sessionLinkKeys } from './session-link.ts';

// Builders for the driver flow's integration tests: a tenant with one priced connector, a
// stand-in relay on the real bus that answers commands the way a scripted charger would.

export type DriverTestWorld = {
  t: TestDatabase;
  world: ReturnType<typeof aDriverWorld>;
  relay: Awaited<ReturnType<typeof aScriptedRelay>>;
};

/** A test file's own database, driver world and scripted relay (open in beforeAll). */
export async function openDriverTestWorld(): Promise<DriverTestWorld> {
  const t = await createTestDatabase();
  const world = aDriverWorld({ db: t.db, url: t.url });
  const relay = await aScriptedRelay({ db: t.db, bus: world.bus });
  return { t, world, relay };
}

/** Closes what openDriverTestWorld opened (in afterAll). */
export async function closeDriverTestWorld({ t, world, relay }: DriverTestWorld): Promise<void> {
  await relay.close();
  await world.bus.close();
  await t.drop();
}

/** Polls `fn` every 50 ms until it returns something truthy, or fails after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const RELAY_ID = 'driver-test-relay';

export async function aPricedConnector(
  db: Db,
  { online = true, energyPriceMinor = 2000 }: { online?: boolean; energyPriceMinor?: number } = {},
) {
  const slug = `drv-${randomUUID().slice(0, 8)}`;
  const tenant = await db.tenant.create({ data: { slug, name: `Driver test ${slug}` } });
  const site = await db.site.create({
    data: { tenantId: tenant.id, name: 'Mall P2', address: '1 MG Road', city: 'Bengaluru', state: 'KA' },
  });
  const charger = await db.charger.create({
    data: {
      tenantId: tenant.id,
      siteId: site.id,
      identity: `CP-${randomUUID().slice(0, 8)}`,
      online,
      relayInstanceId: online ? RELAY_ID : null,
      maxPowerKw: 30,
    },
  });
  const evse = await db.evse.create({ data: { tenantId: tenant.id, chargerId: charger.id, evseId: 1 } });
  const connector = await db.connector.create({
    data: {
      tenantId: tenant.id,
      chargerId: charger.id,
      evseRowId: evse.id,
      evseId: 1,
      type: 'CCS2',
      status: 'AVAILABLE',
      shortCode: randomUUID().slice(0, 7).toUpperCase(),
    },
  });
  const tariff = await db.tariff.create({ data: { tenantId: tenant.id, name: 'Standard DC' } });
  await db.tariffVersion.create({
    data: {
      tenantId: tenant.id,
      tariffId: tariff.id,
      version: 1,
      activeFrom: new Date('2020-01-01T00:00:00Z'),
      definition: {
        currency: 'INR',
        taxRateBps: 1800,
        elements: [{ components: [{ dimension: 'ENERGY', priceMinor: energyPriceMinor }] }],
      },
    },
  });
  return { tenant, site, charger, connector };
}

export type ScriptedReply = 'Accepted' | 'Rejected' | 'AcceptedButNoStart' | 'silent';

/** Plays the relay and the charger: answers RemoteStart as scripted and starts the transaction. */
export async function aScriptedRelay({ db, bus }: { db: Db; bus: Bus }) {
  let reply: ScriptedReply = 'Accepted';
  const calls: { action: string; payload: Record<string, unknown> }[] = [];
  let meterStartWh = 1_000_000;
  // Alive as a relay is: its RelayInstance row kept fresh, or commands would fail as OFFLINE.
  await beatRelayInstance({ db, instanceId: RELAY_ID });
  const beat = setInterval(() => void beatRelayInstance({ db, instanceId: RELAY_ID }).catch(() => {}), 1_000);
  const unsubscribe = await bus.subscribe(relayCommandsChannel(RELAY_ID), (m) => {
    const { commandId, timeoutMs } = m as { commandId: string; timeoutMs: number };
    void executeChargerCommand({
      db,
      bus,
      commandId,
      timeoutMs,
      call: async ({ chargerId, action, payload }) => {
        const p = payload as Record<string, unknown>;
        calls.push({ action, payload: p });
        if (reply === 'silent') return { kind: 'timeout' };
        if (action === 'RemoteStartTransaction') {
          if (reply === 'Rejected') return { kind: 'result', response: { status: 'Rejected' } };
          if (reply === 'Accepted') {
            const charger = await db.charger.findUniqueOrThrow({ where: { id: chargerId } });
            setTimeout(() => {
              void startTransaction({
                db,
                charger: { tenantId: charger.tenantId, chargerId },
                input: {
                  connectorId: p.connectorId as number,
                  idTag: p.idTag as string,
                  meterStartWh,
                  timestamp: new Date(),
                },
              }).catch(() => {});
            }, 50);
          }
          return { kind: 'result', response: { status: 'Accepted' } };
        }
        return { kind: 'result', response: { status: 'Accepted' } };
      },
    });
  });
  return {
    calls,
    script: (r: ScriptedReply) => (reply = r),
    setMeterStart: (wh: number) => (meterStartWh = wh),
    close: async () => {
      clearInterval(beat);
      await unsubscribe();
    },
  };
}

export type SentReceipt = Parameters<DriverMailPort['sendSessionReceipt']>[0];
export type SentPaymentReceipt = Parameters<NonNullable<DriverMailPort['sendPaymentReceipt']>>[0];
export type SentRefundFailedNotice = Parameters<DriverMailPort['sendRefundFailedNotice']>[0];

export function aDriverWorld({ db, url, now }: { db: Db; url: string; now?: () => Date }) {
  const bus = new PgBus(url);
  const gateway: TestGateway = createTestGateway({ secret: 'driver-test-gateway-secret' });
  const receipts: SentReceipt[] = [];
  const paymentReceipts: SentPaymentReceipt[] = [];
  const refundNotices: Parameters<DriverMailPort['sendRefundNotice']>[0][] = [];
  const refundFailedNotices: SentRefundFailedNotice[] = [];
  const errors: unknown[] = [];
  const deps: DriverDeps = {
    db,
    now,
    payments: paymentsPort({ gateways: { TEST: gateway }, preferred: 'TEST' }),
    chargers: chargerCommandsPort({ db, bus, timeoutMs: 1_000 }),
    pricing: pricingPort(),
    sessionLinks: sessionLinkKeys('driver-test-session-link-secret'),
    mail: {
      sendSessionReceipt: async (r) => {
        receipts.push(r);
        return { emailId: null };
      },
      sendPaymentReceipt: async (r) => {
        paymentReceipts.push(r);
        return { emailId: null };
      },
      sendRefundNotice: async (r) => {
        refundNotices.push(r);
        return { emailId: null };
      },
      sendRefundFailedNotice: async (r) => {
        refundFailedNotices.push(r);
        return { emailId: null };
      },
    },
    onError: (e) => errors.push(e),
  };
  return { deps, bus, gateway, receipts, paymentReceipts, refundNotices, refundFailedNotices, errors };
}
