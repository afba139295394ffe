import { randomUUID } from 'node:crypto';
import { AppError, hashSecret } from '@magma/core';
import { sendChargerCommand } from '@magma/core/commands';
import { createBus, type Bus } from '@magma/core/bus';
import type { Db } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { RPCClient } from 'ocpp-rpc';
import { expect } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import type { ReceivedCommand } from '../src/simulator/index.ts';
import { startRelay, type Relay, type StartRelayOptions } from '../src/server.ts';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Harness = {
  database: TestDatabase;
  db: Db;
  bus: Bus;
  relay: Relay;
  tenant: { id: string; slug: string };
  url: string;
  stop: () => Promise<void>;
};

export async function startHarness(
  opts: Partial<StartRelayOptions> & { busKind?: 'pg' | 'redis' } = {},
): Promise<Harness> {
  const database = await createTestDatabase({ max: 10 });
  const { db } = database;
  const tenant = await db.tenant.create({ data: { slug: 'acme', name: 'Acme Charging', heartbeatIntervalSec: 120 } });
  const bus = createBus({ kind: opts.busKind ?? 'pg', databaseUrl: database.url, redisUrl: REDIS_URL });
  const relay = await startRelay({
    db,
    bus,
    port: 0,
    host: '127.0.0.1',
    defaultTenantSlug: 'acme',
    instanceId: `relay-test-${randomUUID().slice(0, 8)}`,
    log: silentLogger,
    heartbeatFlushMs: 50,
    ...opts,
  });
  const url = `ws://127.0.0.1:${relay.port}/ocpp`;
  return {
    database,
    db,
    bus,
    relay,
    tenant,
    url,
    stop: async () => {
      await relay.close();
      await bus.close();
      await database.drop();
    },
  };
}

let counter = 0;
export const anIdentity = (prefix = 'CP') => `${prefix}-${process.pid}-${++counter}-${randomUUID().slice(0, 6)}`;

export async function aCharger(
  db: Db,
  {
    tenantId,
    identity = anIdentity(),
    protocol = 'OCPP16',
    password,
    connectors = 2,
    securityProfile,
    registration = 'ACCEPTED',
  }: {
    tenantId: string;
    identity?: string;
    protocol?: 'OCPP16' | 'OCPP201';
    password?: string;
    connectors?: number;
    securityProfile?: number;
    registration?: 'ACCEPTED' | 'PENDING' | 'REJECTED';
  },
) {
  const charger = await db.charger.create({
    data: {
      tenantId,
      identity,
      protocol,
      registration,
      passwordHash: password ? await hashSecret(password) : null,
      securityProfile: securityProfile ?? (password ? 1 : 0),
    },
  });
  for (let n = 1; n <= connectors; n++) {
    const evse = await db.evse.create({ data: { tenantId, chargerId: charger.id, evseId: n } });
    await db.connector.create({
      data: { tenantId, chargerId: charger.id, evseRowId: evse.id, evseId: n, connectorId: 1 },
    });
  }
  return charger;
}

export async function connect(
  url: string,
  identity: string,
  protocol: 'ocpp1.6' | 'ocpp2.0.1',
  opts: { password?: string; strict?: boolean } = {},
): Promise<RPCClient> {
  const client = new RPCClient({
    endpoint: url,
    identity,
    protocols: [protocol],
    password: opts.password ?? null,
    strictMode: opts.strict ?? true,
    reconnect: false,
  } as ConstructorParameters<typeof RPCClient>[0]);
  await client.connect();
  return client;
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

export const now = () => new Date().toISOString();

/**
 * Sends ClearCache to the charger and asserts it fails at once with CHARGER_OFFLINE (well before
 * its 20 s timeout); returns the command row recorded for the attempt.
 */
export async function expectOfflineAtOnce(h: Pick<Harness, 'db' | 'bus' | 'tenant'>, chargerId: string) {
  const started = Date.now();
  const error = await sendChargerCommand({
    db: h.db,
    bus: h.bus,
    tenantId: h.tenant.id,
    chargerId,
    action: 'ClearCache',
    payload: {},
    timeoutMs: 20_000,
  }).catch((e: unknown) => e);
  expect(Date.now() - started).toBeLessThan(1000);
  expect(AppError.is(error) && error.code).toBe('CHARGER_OFFLINE');
  return h.db.chargerCommand.findFirstOrThrow({ where: { chargerId }, orderBy: { requestedAt: 'desc' } });
}

/** California Pricing's read after every Accepted 1.6 boot (GetConfiguration of CustomDisplayCostAndPrice, …). */
const isCaliforniaBootRead = (r: ReceivedCommand) =>
  r.action === 'GetConfiguration' &&
  Array.isArray((r.params as { key?: unknown } | null)?.key) &&
  (r.params as { key: unknown[] }).key.includes('CustomDisplayCostAndPrice');

/**
 * The last command the CSMS sent a simulated charger, leaving out California Pricing's post-boot read,
 * which a 1.6 charger gets after each Accepted boot and which can land after the command a test sent.
 */
export function lastCommand(sim: { received: readonly ReceivedCommand[] }): ReceivedCommand | undefined {
  return sim.received.filter((r) => !isCaliforniaBootRead(r)).at(-1);
}
