import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { RPCClient } from 'ocpp-rpc';
import { bootPayload, meterValue, statusPayload, type Version } from '../src/simulator/payloads.ts';

// One load-generating process: a slice of the chargers, each with a realistic life — boot and
// status at connect, Heartbeat every interval, and (for a share of them) charging sessions with
// MeterValues every 10 s. Latencies are measured per action from call to answer.

type Config = {
  url: string;
  identities: string[];
  protocol: Version;
  heartbeatSec: number;
  meterSec: number;
  sessionShare: number;
  rampConcurrency: number;
};

type Phase = 'ramp' | 'steady';
type Lat = Record<Phase, Record<string, number[]>>;

const lat: Lat = { ramp: {}, steady: {} };
const errors: Record<string, number> = {};
const errorSamples: string[] = [];
let phase: Phase = 'ramp';
let running = false;
let inFlight = 0;
const clients: { identity: string; client: RPCClient; index: number }[] = [];
const timers = new Set<NodeJS.Timeout>();
// How late this process's own callbacks ran: a latency tail here is the load generator's, not the server's.
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();

function record(action: string, ms: number) {
  (lat[phase][action] ??= []).push(ms);
}

async function call(client: RPCClient, action: string, payload: unknown): Promise<unknown> {
  const t0 = performance.now();
  inFlight++;
  try {
    const res = await client.call(action, payload);
    record(action, performance.now() - t0);
    return res;
  } catch (e) {
    errors[action] = (errors[action] ?? 0) + 1;
    if (errorSamples.length < 5) errorSamples.push(`${action}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    inFlight--;
  }
}

function later(ms: number, fn: () => void) {
  const t = setTimeout(() => {
    timers.delete(t);
    if (running) fn();
  }, ms);
  timers.add(t);
}

async function ramp(cfg: Config) {
  const started = performance.now();
  let next = 0;
  let failed = 0;
  const one = async () => {
    while (next < cfg.identities.length) {
      const index = next++;
      const identity = cfg.identities[index]!;
      const client = new RPCClient({
        endpoint: cfg.url,
        identity,
        protocols: [cfg.protocol],
        strictMode: false,
        reconnect: false,
        callTimeoutMs: 30_000,
        pingIntervalMs: 0,
      } as ConstructorParameters<typeof RPCClient>[0]);
      client.on('error', () => {});
      try {
        const t0 = performance.now();
        await client.connect();
        record('connect', performance.now() - t0);
        await call(
          client,
          'BootNotification',
          bootPayload(cfg.protocol, { vendor: 'Bench', model: 'B1', serial: identity, firmware: '1' }),
        );
        await call(client, 'StatusNotification', statusPayload(cfg.protocol, 0, 'Available'));
        await call(client, 'StatusNotification', statusPayload(cfg.protocol, 1, 'Available'));
        if (isSessionCharger(cfg, index)) await startSession(cfg, client);
        clients.push({ identity, client, index });
      } catch (e) {
        failed++;
        errors.connect = (errors.connect ?? 0) + 1;
        if (errorSamples.length < 5)
          errorSamples.push(`connect ${identity}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: cfg.rampConcurrency }, one));
  return { connected: clients.length, failed, ms: performance.now() - started };
}

type Tx = { id: string | number; energyWh: number; seqNo: number };
const sessions = new Map<RPCClient, Tx>();

const isSessionCharger = (cfg: Config, index: number) => (index % 100) / 100 < cfg.sessionShare;

async function startSession(cfg: Config, client: RPCClient): Promise<void> {
  const v = cfg.protocol;
  const tx: Tx = { id: 0, energyWh: Math.floor(Math.random() * 1e6), seqNo: 0 };
  await call(client, 'StatusNotification', statusPayload(v, 1, 'Preparing'));
  if (v === 'ocpp1.6') {
    const r = (await call(client, 'StartTransaction', {
      connectorId: 1,
      idTag: 'BENCH',
      meterStart: tx.energyWh,
      timestamp: new Date().toISOString(),
    })) as { transactionId?: number } | undefined;
    tx.id = r?.transactionId ?? 0;
  } else {
    tx.id = `bench-${Math.random().toString(36).slice(2)}`;
    await call(client, 'TransactionEvent', {
      eventType: 'Started',
      timestamp: new Date().toISOString(),
      triggerReason: 'Authorized',
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: tx.id },
      evse: { id: 1, connectorId: 1 },
      idToken: { idToken: 'BENCH', type: 'ISO14443' },
    });
  }
  await call(client, 'StatusNotification', statusPayload(v, 1, 'Charging'));
  sessions.set(client, tx);
}

async function stopSession(cfg: Config, client: RPCClient, tx: Tx): Promise<void> {
  const v = cfg.protocol;
  sessions.delete(client);
  if (v === 'ocpp1.6')
    await call(client, 'StopTransaction', {
      transactionId: tx.id,
      meterStop: tx.energyWh,
      timestamp: new Date().toISOString(),
      reason: 'Local',
    });
  else
    await call(client, 'TransactionEvent', {
      eventType: 'Ended',
      timestamp: new Date().toISOString(),
      triggerReason: 'StopAuthorized',
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: tx.id, stoppedReason: 'Local' },
    });
  await call(client, 'StatusNotification', statusPayload(v, 1, v === 'ocpp1.6' ? 'Finishing' : 'Available'));
  if (v === 'ocpp1.6') await call(client, 'StatusNotification', statusPayload(v, 1, 'Available'));
}

async function meterTick(cfg: Config, client: RPCClient, tx: Tx): Promise<void> {
  tx.energyWh += 20;
  const mv = meterValue(cfg.protocol, { energyWh: tx.energyWh, powerW: 7400, soc: 50 });
  if (cfg.protocol === 'ocpp1.6')
    await call(client, 'MeterValues', { connectorId: 1, transactionId: tx.id, meterValue: [mv] });
  else
    await call(client, 'TransactionEvent', {
      eventType: 'Updated',
      timestamp: mv.timestamp,
      triggerReason: 'MeterValuePeriodic',
      seqNo: tx.seqNo++,
      transactionInfo: { transactionId: tx.id },
      meterValue: [mv],
    });
}

/**
 * Steady state: sessions already run (started during the ramp) and send MeterValues every 10 s
 * from a random phase; each ends after 1-3 minutes, the connector idles 10-30 s, and a new
 * session starts, so starts and stops arrive at a fleet's natural rate.
 */
function steady(cfg: Config, durationMs: number) {
  running = true;
  phase = 'steady';
  loopDelay.reset();
  for (const { client, index } of clients) {
    const hb = () => {
      void call(client, 'Heartbeat', {});
      later(cfg.heartbeatSec * 1000, hb);
    };
    later(Math.random() * cfg.heartbeatSec * 1000, hb);
    if (!isSessionCharger(cfg, index)) continue;
    let remaining = 6 + Math.floor(Math.random() * 12);
    const tick = () => {
      const tx = sessions.get(client);
      if (!tx) return;
      if (remaining-- > 0) {
        void meterTick(cfg, client, tx).then(() => later(cfg.meterSec * 1000, tick));
        return;
      }
      void stopSession(cfg, client, tx).then(() =>
        later(10_000 + Math.random() * 20_000, () => {
          remaining = 6 + Math.floor(Math.random() * 12);
          void startSession(cfg, client).then(() => later(cfg.meterSec * 1000, tick));
        }),
      );
    };
    later(Math.random() * cfg.meterSec * 1000, tick);
  }
  return new Promise<void>((resolve) => setTimeout(resolve, durationMs));
}

let cfg: Config | undefined;
process.on('message', (m: { type: string; config?: Config; durationMs?: number }) => {
  void (async () => {
    if (m.type === 'ramp' && m.config) {
      cfg = m.config;
      process.send?.({ type: 'ramped', ...(await ramp(cfg)) });
    } else if (m.type === 'steady' && cfg) {
      await steady(cfg, m.durationMs ?? 60_000);
      running = false;
      for (const t of timers) clearTimeout(t);
      const deadline = Date.now() + 10_000;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const loop = { p99Ms: loopDelay.percentile(99) / 1e6, maxMs: loopDelay.max / 1e6 };
      process.send?.({ type: 'done', lat, errors, errorSamples, loop });
    } else if (m.type === 'close') {
      await Promise.allSettled(clients.map(({ client }) => client.close({ force: true })));
      process.exit(0);
    }
  })();
});
process.send?.({ type: 'up' });
