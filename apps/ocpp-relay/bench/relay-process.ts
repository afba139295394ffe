import { createBus } from '@magma/core/bus';
import { createDb } from '@magma/db';
import { silentLogger } from '../src/logger.ts';
import { startRelay } from '../src/server.ts';
import { startBareServer } from './bare-server.ts';
import pg from 'pg';
import { allocationSampler, serverStatsRecorder, timeQueries } from './server-stats.ts';

// One server under test, in its own process so its RSS is its own. argv: magma|bare|durable <databaseUrl>

const [mode, databaseUrl] = process.argv.slice(2);
const send = (m: unknown) => process.send?.(m);
const stats = serverStatsRecorder(mode === 'bare' ? undefined : timeQueries(pg.Pool.prototype));
const heapProfile = process.env.BENCH_HEAP_PROF ? allocationSampler(process.env.BENCH_HEAP_PROF) : undefined;
process.on('message', (m: { type: string }) => {
  if (m.type === 'mark') {
    stats.reset();
    heapProfile?.start();
  }
  if (m.type === 'stats') {
    heapProfile?.stop();
    send({ type: 'stats', stats: stats.read() });
  }
});

if (mode === 'bare' || mode === 'durable') {
  const persist = mode === 'durable' ? await durableLog(databaseUrl) : undefined;
  const bare = await startBareServer({ port: 0, host: '127.0.0.1', persist });
  send({ type: 'ready', port: bare.port, pid: process.pid });
  process.on('message', (m: { type: string }) => {
    if (m.type === 'stop') void bare.close().then(() => process.exit(0));
  });
} else {
  if (!databaseUrl) throw new Error('relay-process: database url required');
  const db = createDb({
    url: databaseUrl,
    max: Number(process.env.BENCH_POOL ?? 32),
    applicationName: 'magma-bench-relay',
    idleTimeoutMs: 0,
  });
  const bus = createBus({ kind: 'pg', databaseUrl });
  const relay = await startRelay({
    db,
    bus,
    port: 0,
    host: '127.0.0.1',
    defaultTenantSlug: 'bench',
    instanceId: 'bench-relay',
    log: silentLogger,
    offlineFaultGraceMs: 3600_000,
  });
  send({ type: 'ready', port: relay.port, pid: process.pid });
  process.on('message', (m: { type: string }) => {
    if (m.type !== 'stop') return;
    void (async () => {
      await relay.close();
      await bus.close();
      await db.$disconnect();
      process.exit(0);
    })();
  });
}

/** The durable floor's store: one INSERT (one commit) per message, through a pool like the relay's. */
async function durableLog(url: string | undefined) {
  if (!url) throw new Error('relay-process: database url required');
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.BENCH_POOL ?? 32) });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_floor_message (
    id bigserial PRIMARY KEY, identity text NOT NULL, action text NOT NULL, payload jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now())`);
  return async (identity: string, action: string, params: unknown) => {
    await pool.query({
      name: 'bench-floor-insert',
      text: 'INSERT INTO bench_floor_message (identity, action, payload) VALUES ($1, $2, $3)',
      values: [identity, action, JSON.stringify(params)],
    });
  };
}
