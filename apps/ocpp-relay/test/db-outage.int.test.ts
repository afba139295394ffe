import { randomUUID } from 'node:crypto';
import { createBus, type Bus } from '@magma/core/bus';
import { createDb, type Db } from '@magma/db';
import { createTestDatabase, type TestDatabase } from '@magma/db/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/logger.ts';
import { startRelay, type Relay } from '../src/server.ts';
import { DB_OUTAGE_CLOSE } from '../src/connection/db-outage.ts';
import { aCharger } from './support.ts';
import { QueuedCharger, type Acked } from './queued-charger.ts';
import { startTcpCut, type TcpCut } from './tcp-cut.ts';

// PostgreSQL goes away under a charging session. The relay's connections to it run through a TCP
// forwarder the test cuts (every connection reset, new ones refused) and restores; the database
// itself and the test's own view of it stay up. The charger has an offline queue, as the spec
// asks: whatever it got an answer for must already be stored, nothing may be stored twice, and
// nothing may be lost.

let database: TestDatabase;
let db: Db;
let relayDb: Db;
let bus: Bus;
let proxy: TcpCut;
let relay: Relay;
let tenantId: string;
const chargers: QueuedCharger[] = [];
// The relay holds a message through an outage for HOLD_MS (20 s in production, shortened here so the
// file does not spend a minute asleep); the long outages last OUTAGE_MS, past the hold.
const HOLD_MS = 5_000;
const OUTAGE_MS = 10_000;

beforeAll(async () => {
  database = await createTestDatabase({ max: 5 });
  db = database.db;
  tenantId = (await db.tenant.create({ data: { slug: 'acme', name: 'Acme', heartbeatIntervalSec: 120 } })).id;
  await db.idToken.create({ data: { tenantId, token: 'TAG-OK' } });
  const target = new URL(database.url);
  proxy = await startTcpCut({ host: target.hostname, port: Number(target.port) });
  const proxied = new URL(database.url);
  proxied.port = String(proxy.port);
  relayDb = createDb({ url: proxied.toString(), max: 4, idleTimeoutMs: 0 });
  // The bus listens on the database directly: what is under test is the charger's messages.
  bus = createBus({ kind: 'pg', databaseUrl: database.url });
  relay = await startRelay({
    db: relayDb,
    bus,
    port: 0,
    host: '127.0.0.1',
    defaultTenantSlug: 'acme',
    instanceId: `relay-outage-${randomUUID().slice(0, 8)}`,
    log: silentLogger,
    heartbeatFlushMs: 50,
    dbOutageHoldMs: HOLD_MS,
  });
}, 60_000);
afterEach(async () => {
  proxy.restore();
  await Promise.all(chargers.splice(0).map((c) => c.close()));
});
afterAll(async () => {
  proxy?.restore();
  await relay?.close();
  await bus?.close();
  await relayDb?.$disconnect();
  await proxy?.close();
  await database?.drop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function aQueuedCharger(protocol: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp1.6') {
  const c = await aCharger(db, { tenantId, protocol: protocol === 'ocpp1.6' ? 'OCPP16' : 'OCPP201', connectors: 1 });
  const cp = new QueuedCharger({ url: `ws://127.0.0.1:${relay.port}/ocpp`, identity: c.identity, protocol });
  chargers.push(cp);
  await cp.connect();
  return { charger: c, cp };
}

/** What is stored of a transaction: the row and its energy register samples, by time. */
async function stored(chargerId: string) {
  const tx = await db.transaction.findFirst({ where: { chargerId }, include: { meterSamples: true } });
  const samples = (tx?.meterSamples ?? []).filter((s) => s.measurand === 'Energy.Active.Import.Register');
  return { tx, samples: samples.map((s) => `${s.timestamp.toISOString()}=${s.value}`).sort() };
}

/** Every answer the charger got must describe a write already in the database at that moment. */
function checkEachAnswerIsStored(cp: QueuedCharger, chargerId: string, unstored: string[]) {
  cp.onAck = async (a: Acked) => {
    const { tx, samples } = await stored(chargerId);
    if (a.action === 'StartTransaction' && !tx) unstored.push('StartTransaction');
    if (a.action === 'StopTransaction' && tx?.status === 'ACTIVE') unstored.push('StopTransaction');
    if (a.action === 'MeterValues') {
      const mv = (a.params.meterValue as { timestamp: string; sampledValue: { value: string }[] }[])[0]!;
      const key = `${new Date(mv.timestamp).toISOString()}=${Number(mv.sampledValue[0]!.value)}`;
      if (!samples.includes(key)) unstored.push(`MeterValues ${key}`);
    }
  };
}

function session(cp: QueuedCharger, t0: number) {
  let transactionId = 0;
  const at = (s: number) => new Date(t0 + s * 1000).toISOString();
  return {
    start: async () => {
      const r = (await cp.send('StartTransaction', {
        connectorId: 1,
        idTag: 'TAG-OK',
        meterStart: 10_000,
        timestamp: at(0),
      })) as { transactionId: number };
      transactionId = r.transactionId;
    },
    meter: (s: number) =>
      cp.send('MeterValues', () => ({
        connectorId: 1,
        transactionId,
        meterValue: [{ timestamp: at(s), sampledValue: [{ value: String(10_000 + s * 10) }] }],
      })),
    stop: (s: number) =>
      cp.send('StopTransaction', () => ({
        transactionId,
        meterStop: 10_000 + s * 10,
        timestamp: at(s),
        reason: 'Local',
      })),
  };
}

describe('PostgreSQL unreachable during a 1.6 transaction', () => {
  it('an outage past the hold: messages are held, the socket is closed past the hold, the queue is resent — nothing lost, nothing doubled, nothing answered unstored', async () => {
    const { charger, cp } = await aQueuedCharger();
    const unstored: string[] = [];
    checkEachAnswerIsStored(cp, charger.id, unstored);
    const t0 = Date.now() - 120_000;
    const s = session(cp, t0);
    await s.start();
    for (let i = 1; i <= 3; i++) await s.meter(i);

    proxy.cut();
    const cutAt = Date.now();
    // The charger keeps charging and reporting while the database is away.
    const during: Promise<unknown>[] = [];
    for (let i = 4; i <= 8; i++) {
      during.push(s.meter(i));
      await sleep(1000);
    }
    during.push(s.stop(9));
    await sleep(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
    expect(cp.acked.filter((a) => a.at > cutAt)).toEqual([]);
    proxy.restore();

    await cp.drained(30_000);
    await Promise.all(during);
    expect(unstored).toEqual([]);
    expect(cp.errors).toEqual([]);
    expect(cp.dropped).toEqual([]);
    // The relay closed the socket once, past its hold, with its outage code.
    expect(cp.closes.some((c) => c.code === DB_OUTAGE_CLOSE.code)).toBe(true);

    const { tx, samples } = await stored(charger.id);
    expect(tx).toMatchObject({ status: 'COMPLETED', meterStartWh: 10_000, meterStopWh: 10_090 });
    expect(await db.transaction.count({ where: { chargerId: charger.id } })).toBe(1);
    const expected = Array.from(
      { length: 8 },
      (_, k) => `${new Date(t0 + (k + 1) * 1000).toISOString()}=${10_000 + (k + 1) * 10}`,
    );
    // Every sample once; the stop may add its own register reading at 9 s.
    expect(samples.filter((x) => !x.startsWith(new Date(t0 + 9_000).toISOString()))).toEqual(expected.sort());
  }, 60_000);

  it('an outage shorter than the hold: the held message is answered once its write succeeds, on the same socket', async () => {
    const { charger, cp } = await aQueuedCharger();
    const unstored: string[] = [];
    checkEachAnswerIsStored(cp, charger.id, unstored);
    const s = session(cp, Date.now() - 60_000);
    await s.start();
    proxy.cut();
    const held = s.meter(1);
    await sleep(HOLD_MS / 2);
    expect(cp.acked.length).toBe(1);
    proxy.restore();
    await held;
    await s.stop(2);
    expect(unstored).toEqual([]);
    expect(cp.errors).toEqual([]);
    expect(cp.closes).toEqual([]);
    expect((await stored(charger.id)).samples).toHaveLength(1);
  }, 30_000);

  it('2.0.1: an outage past the hold during a transaction: every TransactionEvent is stored once, none answered unstored', async () => {
    const { charger, cp } = await aQueuedCharger('ocpp2.0.1');
    const transactionId = `TX-${randomUUID().slice(0, 8)}`;
    const t0 = Date.now() - 120_000;
    const at = (s: number) => new Date(t0 + s * 1000).toISOString();
    const unstored: string[] = [];
    cp.onAck = async (a) => {
      const p = a.params as { seqNo: number; eventType: string };
      const tx = await db.transaction.findFirst({ where: { chargerId: charger.id, ocppTransactionId: transactionId } });
      if (!tx || (tx.lastSeqNo ?? -1) < p.seqNo) unstored.push(`${p.eventType} ${p.seqNo}: ${tx?.lastSeqNo}`);
      if (p.eventType === 'Ended' && tx?.status !== 'COMPLETED') unstored.push(`Ended: ${tx?.status}`);
    };
    const event = (seqNo: number, eventType: 'Started' | 'Updated' | 'Ended') =>
      cp.send('TransactionEvent', {
        eventType,
        timestamp: at(seqNo),
        triggerReason:
          eventType === 'Started' ? 'Authorized' : eventType === 'Ended' ? 'StopAuthorized' : 'MeterValuePeriodic',
        seqNo,
        transactionInfo: { transactionId, ...(eventType === 'Ended' ? { stoppedReason: 'Local' } : {}) },
        evse: { id: 1, connectorId: 1 },
        ...(eventType === 'Started' ? { idToken: { idToken: 'TAG-OK', type: 'ISO14443' } } : {}),
        meterValue: [{ timestamp: at(seqNo), sampledValue: [{ value: 20_000 + seqNo * 10 }] }],
      });
    await event(0, 'Started');
    proxy.cut();
    const cutAt = Date.now();
    const during: Promise<unknown>[] = [];
    for (let n = 1; n <= 5; n++) {
      during.push(event(n, 'Updated'));
      await sleep(1000);
    }
    during.push(event(6, 'Ended'));
    await sleep(Math.max(0, cutAt + OUTAGE_MS - Date.now()));
    expect(cp.acked.filter((a) => a.at > cutAt)).toEqual([]);
    proxy.restore();
    await cp.drained(30_000);
    await Promise.all(during);
    expect(unstored).toEqual([]);
    expect(cp.errors).toEqual([]);
    expect(cp.closes.some((c) => c.code === DB_OUTAGE_CLOSE.code)).toBe(true);
    const { tx, samples } = await stored(charger.id);
    expect(tx).toMatchObject({ status: 'COMPLETED', lastSeqNo: 6 });
    expect(await db.transaction.count({ where: { chargerId: charger.id } })).toBe(1);
    const sent = Array.from({ length: 7 }, (_, n) => `${at(n)}=${20_000 + n * 10}`);
    expect(samples).toEqual(sent.sort());
  }, 60_000);
});
