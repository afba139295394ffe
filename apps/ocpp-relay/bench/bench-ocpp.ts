import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { applyMigrations } from '@magma/db/migrate';
import pg from 'pg';
import type { ServerStats } from './server-stats.ts';
import { fmt, summarise, type Summary } from './stats.ts';

// npm run bench:ocpp -- [--chargers 2000] [--duration 60] [--workers 2] [--protocol ocpp1.6]
//   [--heartbeat 60] [--sessions 0.5] [--server-url postgresql://postgres@127.0.0.1:5432/postgres]
// Starts the relay on a fresh PostgreSQL database, connects the chargers from worker processes,
// measures the connection ramp and the steady state separately, then does the same against a
// bare ocpp-rpc server (the floor) and prints our figures as a ratio to it. `--durable-floor` adds a
// third server: the bare one inserting each message into PostgreSQL before answering (what one
// commit per message costs here, the least any durable-before-answer server pays).

const { values } = parseArgs({
  options: {
    chargers: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '60' },
    workers: { type: 'string', default: '2' },
    protocol: { type: 'string', default: 'ocpp1.6' },
    heartbeat: { type: 'string', default: '60' },
    sessions: { type: 'string', default: '0.5' },
    'ramp-concurrency': { type: 'string', default: '50' },
    'server-url': { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'durable-floor': { type: 'boolean', default: false },
  },
});

const N = Number(values.chargers);
const cores = availableParallelism();
const durationMs = Number(values.duration) * 1000;
const W = Number(values.workers);
const protocol = values.protocol as 'ocpp1.6' | 'ocpp2.0.1';
// The server runs with the Node flags `npm start` gives the relay (override: BENCH_NODE_FLAGS).
const serverFlags = (process.env.BENCH_NODE_FLAGS ?? '--max-semi-space-size=32').split(' ').filter(Boolean);
const here = path.dirname(new URL(import.meta.url).pathname);
const tsx = ['--import', 'tsx'];

function dbUrl(name: string) {
  const u = new URL(values['server-url']);
  u.pathname = `/${name}`;
  return u.toString();
}

async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `magma_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: values['server-url'] });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = dbUrl(name);
  await applyMigrations(url);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  // N chargers with one EVSE and connector each, no Basic password (see BENCHMARKS.md).
  await c.query(
    `INSERT INTO "Tenant"(id, slug, name, "updatedAt") VALUES (gen_random_uuid(), 'bench', 'Bench', now())`,
  );
  await c.query(
    `INSERT INTO "Charger"(id, "tenantId", identity, protocol, "updatedAt")
     SELECT gen_random_uuid(), t.id, 'BENCH-' || lpad(g::text, 6, '0'), $2::"OcppProtocol", now() FROM "Tenant" t, generate_series(1, $1) g`,
    [N, protocol === 'ocpp1.6' ? 'OCPP16' : 'OCPP201'],
  );
  await c.query(
    `INSERT INTO "Evse"(id, "tenantId", "chargerId", "evseId") SELECT gen_random_uuid(), "tenantId", id, 1 FROM "Charger"`,
  );
  await c.query(
    `INSERT INTO "Connector"(id, "tenantId", "chargerId", "evseRowId", "evseId") SELECT gen_random_uuid(), e."tenantId", e."chargerId", e.id, 1 FROM "Evse" e`,
  );
  await c.query(
    `INSERT INTO "IdToken"(id, "tenantId", token, "updatedAt") SELECT gen_random_uuid(), id, 'BENCH', now() FROM "Tenant"`,
  );
  await c.end();
  return {
    url,
    drop: async () => {
      const a = new pg.Client({ connectionString: values['server-url'] });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await a.end();
    },
  };
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

// CPU time of one process and of the whole machine, from /proc (clock ticks of 10 ms).
function procCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
function machineCpuMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.map(Number);
  const idle = n[3]! + n[4]!;
  const total = n.slice(0, 8).reduce((a, b) => a + b, 0);
  return { busy: (total - idle) * 10, total: total * 10 };
}

type WalStats = { bytes: number; fpi: number; syncs: number };
// PostgreSQL's WAL counters (server-wide: on a quiet server, this run's writes).
async function walStats(databaseUrl: string): Promise<WalStats | undefined> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ bytes: string; fpi: string; syncs: string }>(
      'SELECT wal_bytes::text AS bytes, wal_fpi::text AS fpi, wal_sync::text AS syncs FROM pg_stat_wal',
    );
    const r = rows[0];
    return r && { bytes: Number(r.bytes), fpi: Number(r.fpi), syncs: Number(r.syncs) };
  } catch {
    return undefined;
  } finally {
    await c.end();
  }
}

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type: string }) => {
      if (m.type !== type) return;
      child.off('message', onMessage);
      resolve(m as T);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before '${type}'`)));
  });
}

type Done = {
  lat: Record<'ramp' | 'steady', Record<string, number[]>>;
  errors: Record<string, number>;
  errorSamples: string[];
  loop: { p99Ms: number; maxMs: number };
};
type RunResult = {
  mode: string;
  connected: number;
  rampMs: number;
  rampLat: Record<string, Summary>;
  steadyLat: Record<string, Summary>;
  steadyAll: Summary;
  msgPerSec: number;
  errors: Record<string, number>;
  errorSamples: string[];
  rssBaseMb: number;
  rssMb: number;
  server: ServerStats;
  cpu: { server: number; workers: number; machine: number };
  wal: WalStats | undefined;
  workerLoop: { p99Ms: number; maxMs: number };
};

type Mode = 'magma' | 'bare' | 'durable';

async function run(mode: Mode, databaseUrl: string): Promise<RunResult> {
  const server = fork(path.join(here, 'relay-process.ts'), [mode, databaseUrl], {
    execArgv: [
      ...tsx,
      ...serverFlags,
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/relay-prof'] : []),
    ],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const { port, pid } = await once<{ port: number; pid: number }>(server, 'ready');
  await new Promise((r) => setTimeout(r, 500));
  const rssBaseMb = rssMb(pid);
  const url = `ws://127.0.0.1:${port}/ocpp`;
  const identities = Array.from({ length: N }, (_, i) => `BENCH-${String(i + 1).padStart(6, '0')}`);
  const workers = Array.from({ length: W }, () =>
    fork(path.join(here, 'worker.ts'), [], { execArgv: tsx, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
  );
  await Promise.all(workers.map((w) => once(w, 'up')));

  process.stdout.write(`[${mode}] ramping ${N} chargers... `);
  const rampStart = performance.now();
  const ramped = await Promise.all(
    workers.map((w, i) => {
      const slice = identities.filter((_, k) => k % W === i);
      const config = {
        url,
        identities: slice,
        protocol,
        heartbeatSec: Number(values.heartbeat),
        meterSec: 10,
        sessionShare: Number(values.sessions),
        rampConcurrency: Number(values['ramp-concurrency']),
      };
      const p = once<{ connected: number }>(w, 'ramped');
      w.send({ type: 'ramp', config });
      return p;
    }),
  );
  const rampMs = performance.now() - rampStart;
  const connected = ramped.reduce((a, r) => a + r.connected, 0);
  console.log(`${connected} connected in ${(rampMs / 1000).toFixed(1)} s`);

  process.stdout.write(`[${mode}] steady state for ${durationMs / 1000} s... `);
  let rssMax = rssMb(pid);
  const wal0 = mode === 'bare' ? undefined : await walStats(databaseUrl);
  server.send({ type: 'mark' });
  const cpu0 = { server: procCpuMs(pid), workers: workers.map((w) => procCpuMs(w.pid!)), machine: machineCpuMs() };
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, rssMb(pid))), 1000);
  const dones = await Promise.all(
    workers.map((w) => {
      const p = once<Done>(w, 'done');
      w.send({ type: 'steady', durationMs });
      return p;
    }),
  );
  clearInterval(sampler);
  const rssEnd = rssMb(pid);
  const m1 = machineCpuMs();
  const pct = (ms: number) => ms / durationMs;
  const cpu = {
    server: pct(procCpuMs(pid) - cpu0.server),
    workers: pct(workers.reduce((a, w, i) => a + procCpuMs(w.pid!) - cpu0.workers[i]!, 0)),
    machine: (m1.busy - cpu0.machine.busy) / (m1.total - cpu0.machine.total),
  };
  const statsReply = once<{ stats: ServerStats }>(server, 'stats');
  server.send({ type: 'stats' });
  const serverStats = (await statsReply).stats;
  const wal1 = wal0 && (await walStats(databaseUrl));
  const wal = wal0 &&
    wal1 && { bytes: wal1.bytes - wal0.bytes, fpi: wal1.fpi - wal0.fpi, syncs: wal1.syncs - wal0.syncs };
  console.log('done');

  const merge = (phase: 'ramp' | 'steady') => {
    const all: Record<string, number[]> = {};
    for (const d of dones) for (const [a, xs] of Object.entries(d.lat[phase])) (all[a] ??= []).push(...xs);
    return all;
  };
  const steady = merge('steady');
  const ramp = merge('ramp');
  const errors: Record<string, number> = {};
  for (const d of dones) for (const [a, n] of Object.entries(d.errors)) errors[a] = (errors[a] ?? 0) + n;
  const steadyAllSamples = Object.values(steady).flat();

  await Promise.all(workers.map((w) => new Promise((r) => (w.once('exit', r), w.send({ type: 'close' })))));
  await new Promise((r) => (server.once('exit', r), server.send({ type: 'stop' })));

  return {
    mode,
    connected,
    rampMs,
    rampLat: Object.fromEntries(Object.entries(ramp).map(([a, xs]) => [a, summarise(xs)])),
    steadyLat: Object.fromEntries(Object.entries(steady).map(([a, xs]) => [a, summarise(xs)])),
    steadyAll: summarise(steadyAllSamples),
    msgPerSec: steadyAllSamples.length / (durationMs / 1000),
    errors,
    errorSamples: dones.flatMap((d) => d.errorSamples).slice(0, 5),
    rssBaseMb,
    rssMb: Math.max(rssMax, rssEnd),
    server: serverStats,
    cpu,
    wal,
    workerLoop: {
      p99Ms: Math.max(...dones.map((d) => d.loop.p99Ms)),
      maxMs: Math.max(...dones.map((d) => d.loop.maxMs)),
    },
  };
}

function table(r: RunResult) {
  const lines = [`| Action | n | p50 ms | p95 ms | p99 ms | max ms |`, `| --- | ---: | ---: | ---: | ---: | ---: |`];
  const row = (a: string, s: Summary) =>
    `| ${a} | ${s.n} | ${fmt(s.p50)} | ${fmt(s.p95)} | ${fmt(s.p99)} | ${fmt(s.max)} |`;
  for (const [a, s] of Object.entries(r.steadyLat).sort()) lines.push(row(a, s));
  lines.push(row('**all (steady)**', r.steadyAll));
  for (const [a, s] of Object.entries(r.rampLat).sort()) lines.push(row(`${a} (ramp)`, s));
  return lines.join('\n');
}

const TITLES: Record<Mode, string> = {
  magma: 'Magma relay (PostgreSQL, durable before answer)',
  bare: 'Floor: bare ocpp-rpc server, no persistence',
  durable: 'Durable floor: bare ocpp-rpc server, one INSERT and commit per message before answering',
};

const db = await freshDatabase();
const modes = (
  values.only ? [values.only] : ['magma', 'bare', ...(values['durable-floor'] ? ['durable'] : [])]
) as Mode[];
const results: RunResult[] = [];
try {
  for (const mode of modes) results.push(await run(mode, db.url));
} finally {
  if (!values.keep) await db.drop();
}

console.log(
  `\n## ${N} chargers (${protocol}), ${W} worker processes, steady ${durationMs / 1000} s, heartbeat ${values.heartbeat} s, ${Number(values.sessions) * 100}% charging with MeterValues every 10 s\n`,
);
for (const r of results) {
  const errs = Object.values(r.errors).reduce((a, b) => a + b, 0);
  console.log(`### ${TITLES[r.mode as Mode]}\n`);
  console.log(
    `- chargers connected: ${r.connected}/${N}; ramp ${(r.rampMs / 1000).toFixed(1)} s (${(r.connected / (r.rampMs / 1000)).toFixed(0)} connections/s, each with boot + 2 status, and a session start for charging ones)`,
  );
  console.log(`- steady state: ${r.msgPerSec.toFixed(0)} messages/s answered`);
  console.log(`- errors: ${errs}${errs ? ` ${JSON.stringify(r.errors)} e.g. ${r.errorSamples.join(' | ')}` : ''}`);
  console.log(
    `- server RSS: ${r.rssMb.toFixed(0)} MB (idle ${r.rssBaseMb.toFixed(0)} MB), ${(((r.rssMb - r.rssBaseMb) * 1024) / Math.max(1, r.connected)).toFixed(1)} KB per connection\n`,
  );
  const st = r.server;
  console.log(
    `- server during the steady state: event-loop delay p50 ${fmt(st.loopDelayP50Ms)} / p99 ${fmt(st.loopDelayP99Ms)} / max ${fmt(st.loopDelayMaxMs)} ms, loop ${(st.loopUtilisation * 100).toFixed(0)}% busy; ${st.gcPauses} GC pauses, ${fmt(st.gcTotalMs)} ms in all, longest ${fmt(st.gcMaxMs)} ms${st.db ? `; ${st.db.n} statements, p50 ${fmt(st.db.p50Ms)} / p99 ${fmt(st.db.p99Ms)} / max ${fmt(st.db.maxMs)} ms from call to result` : ''}`,
  );
  console.log(
    `- CPU during the steady state (one core = 100%): server ${(r.cpu.server * 100).toFixed(0)}%, load generator ${(r.cpu.workers * 100).toFixed(0)}%, whole machine ${(r.cpu.machine * cores * 100).toFixed(0)}% of ${cores * 100}% (the rest is PostgreSQL and anything else running); load generator's own event-loop delay p99 ${fmt(r.workerLoop.p99Ms)} / max ${fmt(r.workerLoop.maxMs)} ms (worst worker, 5 ms resolution included)\n`,
  );
  if (r.wal) {
    const n = Object.values(r.steadyLat).reduce((a, x) => a + x.n, 0);
    console.log(
      `- PostgreSQL WAL during the steady state: ${(r.wal.bytes / 2 ** 20).toFixed(1)} MB (${(r.wal.bytes / Math.max(1, n) / 1024).toFixed(2)} KB per message), ${r.wal.fpi} full-page images, ${r.wal.syncs} WAL flushes (${(r.wal.syncs / (durationMs / 1000)).toFixed(0)}/s)\n`,
    );
  }
  console.log(table(r));
  console.log('');
}
const [ours, floor, durable] = (['magma', 'bare', 'durable'] as const).map((m) => results.find((r) => r.mode === m));
if (floor && durable) {
  console.log('### Durable floor against the floor (steady state)\n');
  console.log(
    `- p50 ${fmt(durable.steadyAll.p50)} vs ${fmt(floor.steadyAll.p50)} ms: ×${(durable.steadyAll.p50 / floor.steadyAll.p50).toFixed(2)}; p99 ${fmt(durable.steadyAll.p99)} vs ${fmt(floor.steadyAll.p99)} ms: ×${(durable.steadyAll.p99 / floor.steadyAll.p99).toFixed(2)}`,
  );
  if (ours)
    console.log(
      `- Magma relay against the durable floor: p50 ×${(ours.steadyAll.p50 / durable.steadyAll.p50).toFixed(2)}, p99 ×${(ours.steadyAll.p99 / durable.steadyAll.p99).toFixed(2)}\n`,
    );
}
if (ours && floor) {
  console.log('### Ratio to the floor (steady state)\n');
  console.log(
    `- p50 ${fmt(ours.steadyAll.p50)} vs ${fmt(floor.steadyAll.p50)} ms: ×${(ours.steadyAll.p50 / floor.steadyAll.p50).toFixed(2)}`,
  );
  console.log(
    `- p99 ${fmt(ours.steadyAll.p99)} vs ${fmt(floor.steadyAll.p99)} ms: ×${(ours.steadyAll.p99 / floor.steadyAll.p99).toFixed(2)}`,
  );
  console.log(
    `- throughput ${ours.msgPerSec.toFixed(0)} vs ${floor.msgPerSec.toFixed(0)} msg/s: ×${(ours.msgPerSec / floor.msgPerSec).toFixed(2)}`,
  );
}
