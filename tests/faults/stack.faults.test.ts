import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb, type Db } from '@magma/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holdThroughOutage } from '../../apps/ocpp-relay/src/connection/db-outage.ts';
import { QueuedCharger } from '../../apps/ocpp-relay/test/queued-charger.ts';
import { ensureWebBuild, removeDataDir, root, startStack, waitReady, type Stack } from './stack.ts';

// The fault suite (`npm run test:faults`): the stack as `npm start` runs it, under load from real
// ocpp-rpc chargers with offline queues, each in a transaction sending a meter sample every
// 400 ms. The relay, the web app and PostgreSQL are each killed with SIGKILL. The suite proves
// that each comes back by itself (the time from the kill to ready is printed), that chargers
// reconnect and resend, and that at the end no transaction and no meter sample is lost or doubled,
// and no message was answered before it was stored.

const CHARGERS = 4;
const SAMPLE_EVERY_MS = 400;
const TAG = 'DEMO-RFID-0001';

let stack: Stack;
let releaseBuild: (() => void) | undefined;
let db: Db;
const recovery: Record<string, number> = {};

/** A query that waits out a database restart (the suite's own pool sees the kill too). */
const q = async <T>(run: () => Promise<T>): Promise<T> => {
  const held = await holdThroughOutage(run, { holdMs: 60_000 });
  if (!held.stored) throw new Error('database did not come back');
  return held.value;
};

type Session = { transactionId?: number; meter: number; samples: string[]; stopAt?: string };

class Station {
  readonly cp: QueuedCharger;
  readonly sessions: Session[] = [];
  readonly unstored: string[] = [];
  private ticker?: NodeJS.Timeout;
  private clock = Date.now() - 3_600_000;
  private chargerId = '';

  constructor(readonly identity: string) {
    this.cp = new QueuedCharger({ url: `ws://127.0.0.1:${stack.ocppPort}/ocpp`, identity });
    // Every answer describes a write already stored.
    this.cp.onAck = async (a) => {
      if (a.action === 'StartTransaction') {
        // Sessions start at 100 kWh, 200 kWh…: the start's meter names its session.
        const session = this.sessions[(a.params.meterStart as number) / 100_000 - 1]!;
        session.transactionId = (a.result as { transactionId: number }).transactionId;
      }
      if (a.action === 'MeterValues') {
        const mv = (a.params.meterValue as { timestamp: string; sampledValue: { value: string }[] }[])[0]!;
        const n = await q(() =>
          db.meterSample.count({
            where: {
              chargerId: this.chargerId,
              timestamp: new Date(mv.timestamp),
              value: Number(mv.sampledValue[0]!.value),
            },
          }),
        );
        if (n !== 1) this.unstored.push(`MeterValues ${mv.timestamp}: ${n} rows`);
      }
      if (a.action === 'StopTransaction') {
        const id = String((a.params as { transactionId: number }).transactionId);
        const tx = await q(() => db.transaction.findFirst({ where: { charger: { identity }, ocppTransactionId: id } }));
        if (tx?.status !== 'COMPLETED') this.unstored.push(`StopTransaction ${id}: ${tx?.status}`);
      }
    };
  }

  private at(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  async boot(): Promise<void> {
    await this.cp.connect();
    await this.cp.client.call('BootNotification', { chargePointVendor: 'Faults', chargePointModel: 'Q1' });
    this.chargerId = (await q(() => db.charger.findFirstOrThrow({ where: { identity: this.identity } }))).id;
  }

  /** Starts a session and meters it until `stop()`; the charger keeps metering while offline. */
  begin(): void {
    const s: Session = { meter: 100_000 * (this.sessions.length + 1), samples: [] };
    this.sessions.push(s);
    void this.cp.send('StartTransaction', { connectorId: 1, idTag: TAG, meterStart: s.meter, timestamp: this.at() });
    this.ticker = setInterval(() => {
      s.meter += 37;
      const timestamp = this.at();
      const value = s.meter;
      s.samples.push(`${new Date(timestamp).toISOString()}=${value}`);
      void this.cp.send('MeterValues', () => ({
        connectorId: 1,
        transactionId: s.transactionId,
        meterValue: [{ timestamp, sampledValue: [{ value: String(value) }] }],
      }));
    }, SAMPLE_EVERY_MS);
  }

  end(): void {
    clearInterval(this.ticker);
    const s = this.sessions.at(-1)!;
    const timestamp = this.at();
    s.stopAt = new Date(timestamp).toISOString();
    void this.cp.send('StopTransaction', () => ({
      transactionId: s.transactionId,
      meterStop: s.meter,
      timestamp,
      reason: 'Local',
    }));
  }
}

const stations: Station[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// `next start` renames its process `next-server (v…)`. The relay runs `src/main.ts` from its own
// directory, the worker by its absolute path.
const [RELAY, WEB, WORKER] = [/ src\/main\.ts/, /next start|next-server/, /apps\/worker\/src\/main\.ts/];
const relayReady = () => `http://127.0.0.1:${stack.ocppPort}/ready`;
const webReady = () => `http://127.0.0.1:${stack.webPort}/api/ready`;
const workerReady = () => `http://127.0.0.1:${stack.workerPort}/ready`;

beforeAll(async () => {
  releaseBuild = await ensureWebBuild();
  stack = await startStack();
  db = createDb({ url: stack.databaseUrl(), max: 4 });
  for (let i = 1; i <= CHARGERS; i++) {
    const st = new Station(`FAULT-${process.pid}-${i}`);
    stations.push(st);
    await st.boot();
    st.begin();
  }
  await sleep(2_000);
}, 900_000);

afterAll(async () => {
  await Promise.all(stations.map((s) => s.cp.close()));
  await db?.$disconnect();
  if (!stack) return releaseBuild?.();
  const postmaster = stack.postmaster().pid;
  const code = await stack.stop();
  releaseBuild?.();
  // Ctrl-C/SIGTERM stops everything, the embedded database included.
  expect(code).toBe(0);
  expect(() => process.kill(postmaster, 0)).toThrow();
  removeDataDir(stack.dataDir);
  console.log('\n[faults] time from kill -9 to ready again:');
  for (const [what, ms] of Object.entries(recovery)) console.log(`  ${what.padEnd(28)} ${(ms / 1000).toFixed(2)} s`);
  writeFileSync(path.join(root, 'artifacts/faults.json'), JSON.stringify({ recoveryMs: recovery }, null, 2));
}, 120_000);

/** Kills `pid` with SIGKILL and returns how long until every URL answers ready again. */
async function killAndTime(pid: number, urls: string[]): Promise<number> {
  const killedAt = Date.now();
  process.kill(pid, 'SIGKILL');
  // Wait for the supervisor to notice before polling, so the old process's answers do not count.
  await sleep(100);
  const readyAt = await Promise.all(urls.map((u) => waitReady(u, 120_000)));
  return Math.max(...readyAt) - killedAt;
}

describe('the stack under npm start heals itself', () => {
  it('kill -9 of the relay: restarted by the supervisor, chargers reconnect and resend', async () => {
    const before = stack.childPid(RELAY);
    recovery['relay'] = await killAndTime(before, [relayReady()]);
    expect(stack.childPid(RELAY)).not.toBe(before);
    expect(stack.output()).toMatch(/relay exited \(SIGKILL\)/);
    await sleep(3_000);
    for (const st of stations) expect(st.cp.client.state).toBe(1);
  }, 180_000);

  it('kill -9 of the web app: restarted by the supervisor', async () => {
    const before = stack.childPid(WEB);
    recovery['web'] = await killAndTime(before, [webReady()]);
    expect(stack.childPid(WEB)).not.toBe(before);
    expect(stack.output()).toMatch(/web exited \(SIGKILL\)/);
  }, 180_000);

  it('kill -9 of the worker: restarted by the supervisor', async () => {
    const before = stack.childPid(WORKER);
    recovery['worker'] = await killAndTime(before, [workerReady()]);
    expect(stack.childPid(WORKER)).not.toBe(before);
    expect(stack.output()).toMatch(/worker exited \(SIGKILL\)/);
  }, 180_000);

  it('kill -9 of PostgreSQL: restarted on its data directory and port; the relay and the web app are ready again', async () => {
    const before = stack.postmaster();
    recovery['PostgreSQL (relay+web ready)'] = await killAndTime(before.pid, [relayReady(), webReady()]);
    const after = stack.postmaster();
    expect(after.pid).not.toBe(before.pid);
    expect(after.port).toBe(before.port);
    expect(stack.output()).toMatch(/embedded PostgreSQL exited/);
    // The supervisor's own measure of the database alone.
    const logged = () => stack.output().match(/embedded PostgreSQL ready again ([\d.]+)s/);
    for (let i = 0; i < 100 && !logged(); i++) await sleep(100);
    recovery['PostgreSQL (database alone)'] = Number(logged()?.[1]) * 1000;
  }, 180_000);

  it('kill -9 of the database wrapper process: the postmaster it left is taken over, restarted on the same port', async () => {
    const before = stack.postmaster();
    const wrapper = stack.childPid(/embedded-pg\.ts/);
    const killedAt = Date.now();
    const seen = stack.output().length;
    process.kill(wrapper, 'SIGKILL');
    const deadline = Date.now() + 120_000;
    while (!stack.output().slice(seen).includes('embedded PostgreSQL ready again')) {
      if (Date.now() > deadline) throw new Error('the database was not restarted');
      await sleep(50);
    }
    await Promise.all([waitReady(relayReady(), 120_000), waitReady(webReady(), 120_000)]);
    recovery['PostgreSQL wrapper (all ready)'] = Date.now() - killedAt;
    expect(stack.output().slice(seen)).toContain(`stopping the postmaster (pid ${before.pid})`);
    expect(() => process.kill(before.pid, 0)).toThrow();
    expect(stack.postmaster()).toMatchObject({ port: before.port });
    expect(stack.postmaster().pid).not.toBe(before.pid);
  }, 180_000);

  it('every transaction and meter sample is stored exactly once, and nothing was answered before it was stored', async () => {
    // A second session on each charger after the faults, then everything is delivered.
    for (const st of stations) st.end();
    for (const st of stations) st.begin();
    await sleep(2_000);
    for (const st of stations) st.end();
    await Promise.all(stations.map((st) => st.cp.drained(120_000)));

    let samples = 0;
    for (const st of stations) {
      expect(st.cp.errors, st.identity).toEqual([]);
      expect(st.cp.dropped, st.identity).toEqual([]);
      expect(st.unstored, st.identity).toEqual([]);
      const txs = await q(() =>
        db.transaction.findMany({
          where: { charger: { identity: st.identity } },
          include: { meterSamples: true },
          orderBy: { startedAt: 'asc' },
        }),
      );
      expect(txs.map((t) => [t.status, t.meterStartWh, t.meterStopWh])).toEqual(
        st.sessions.map((s, i) => ['COMPLETED', 100_000 * (i + 1), s.meter]),
      );
      for (const [i, tx] of txs.entries()) {
        const stored = tx.meterSamples
          .filter((m) => m.measurand === 'Energy.Active.Import.Register')
          // The stop's own register reading is the stop's, not a sample the charger sent.
          .filter((m) => m.timestamp.toISOString() !== st.sessions[i]!.stopAt)
          .map((m) => `${m.timestamp.toISOString()}=${m.value}`);
        expect(stored.sort(), `${st.identity} session ${i + 1}`).toEqual([...st.sessions[i]!.samples].sort());
        samples += stored.length;
      }
    }
    console.log(`[faults] ${stations.length * 2} transactions and ${samples} meter samples, each stored once`);
  }, 240_000);

  it('a relay that cannot reach its database at start exits non-zero for its supervisor', async () => {
    const relay = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.join(root, 'apps/ocpp-relay'),
      env: {
        ...process.env,
        DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/none',
        OCPP_PORT: '0',
        OCPP_HOST: '127.0.0.1',
        DEMO_SIMULATOR: '0',
        BUS_KIND: 'pg',
      },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => relay.kill('SIGKILL'), 30_000);
    const code = await new Promise((r) => relay.once('exit', (c) => r(c)));
    clearTimeout(timer);
    expect(code).toBe(1);
  }, 40_000);
});
