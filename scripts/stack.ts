// Runs the whole product on one machine: PostgreSQL (embedded unless DATABASE_URL is set),
// migrations, the demo seed, the OCPP relay, the web app and the job runner (apps/worker). It
// supervises what it started: a relay, web or worker process that exits is started again, and so is an embedded PostgreSQL that dies (on
// its data directory and port), each after a backoff (0.5 s doubling to 30 s, back to 0.5 s after a
// minute up), logged with the time it took to be ready again. Only Ctrl-C or SIGTERM stops
// everything, the database last.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createDb } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { DEMO_PASSWORD, seedDemo } from '@magma/core';

const root = path.resolve(import.meta.dirname, '..');

const env = z
  .object({
    DATABASE_URL: z.string().startsWith('postgres').optional(),
    WEB_PORT: z.coerce.number().int().positive().default(3000),
    OCPP_PORT: z.coerce.number().int().positive().default(9000),
    WORKER_PORT: z.coerce.number().int().positive().default(9300),
    BUS_KIND: z.enum(['pg', 'redis']).default('pg'),
    REDIS_URL: z.string().optional(),
    PLATFORM_DOMAIN: z.string().default('localhost'),
    DEMO_SIMULATOR: z.enum(['0', '1']).default('1'),
    // Days of history (sessions, payments, settled weeks) the demo operator is created with; 0: none.
    DEMO_HISTORY_DAYS: z.coerce.number().int().min(0).max(90).default(30),
    SKIP_BUILD: z.enum(['0', '1']).default('0'),
    // Where the embedded database and the generated secrets live (the fault suite uses its own).
    MAGMA_DATA_DIR: z.string().min(1).default('.data'),
    // Keys that seal operators' gateway secrets; without it, the one generated into the secrets file.
    PAYMENT_CREDENTIALS_KEYS: z.string().optional(),
  })
  .parse(process.env);
const dataDir = path.resolve(root, env.MAGMA_DATA_DIR);

const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;
/** A process up this long is taken as healthy again: its next restart waits the shortest backoff. */
const STABLE_AFTER_MS = 60_000;

/** A process the stack keeps running: started again after it exits, unless the stack is stopping. */
type Supervised = {
  name: string;
  start: (restart: boolean) => ChildProcess;
  /** Resolves once the (re)started process serves (the relay's /ready, the web's /api/ready…). */
  ready: (child: ChildProcess) => Promise<void>;
  child?: ChildProcess;
  startedAt: number;
  backoffMs: number;
  restarts: number;
  timer?: NodeJS.Timeout;
};
const services: Supervised[] = [];
let embedded: Supervised | undefined;
let stopping = false;

function log(msg: string) {
  console.log(`[magma] ${msg}`);
}

type StackSecrets = { NEXTAUTH_SECRET: string; PAYMENT_TEST_SECRET: string; PAYMENT_CREDENTIALS_KEYS: string };

/** Generated once into .data/secrets.json; a secret added later is generated into an existing file. */
function secrets(): StackSecrets {
  const file = path.join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  const had: Partial<StackSecrets> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const s: StackSecrets = {
    NEXTAUTH_SECRET: had.NEXTAUTH_SECRET ?? randomBytes(32).toString('base64url'),
    PAYMENT_TEST_SECRET: had.PAYMENT_TEST_SECRET ?? randomBytes(32).toString('base64url'),
    // Seals operators' gateway secrets (id:base64 of 32 bytes; see README, payment accounts).
    PAYMENT_CREDENTIALS_KEYS: had.PAYMENT_CREDENTIALS_KEYS ?? `k1:${randomBytes(32).toString('base64')}`,
  };
  if (Object.keys(s).some((k) => !(k in had))) writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
  return s;
}

// The web build is redone only when the content of a source it depends on changed (files that the
// build itself rewrites, like next-env.d.ts, do not count).
const NOT_SOURCES = new Set(['node_modules', '.next', '.turbo', 'generated', 'test', 'next-env.d.ts']);
function sourceFingerprint(): string {
  const h = createHash('sha1');
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir).sort()) {
      if (NOT_SOURCES.has(name) || /\.(test|int\.test|e2e\.test)\.tsx?$|\.tsbuildinfo$/.test(name)) continue;
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else h.update(`${path.relative(root, p)}\n`).update(readFileSync(p));
    }
  };
  for (const d of ['apps/web', 'packages', 'themes']) walk(path.join(root, d));
  h.update(readFileSync(path.join(root, 'package-lock.json')));
  return h.digest('hex');
}

function runToEnd(cmd: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = spawn(cmd, args, { ...opts, stdio: 'inherit' });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Starts `s` and restarts it whenever it exits while the stack runs. */
function supervise(s: Supervised, restart = false): ChildProcess {
  const child = s.start(restart);
  s.child = child;
  s.startedAt = Date.now();
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const exitedAt = Date.now();
    const upMs = exitedAt - s.startedAt;
    if (upMs >= STABLE_AFTER_MS) s.backoffMs = BACKOFF_FIRST_MS;
    const delay = s.backoffMs;
    s.backoffMs = Math.min(BACKOFF_MAX_MS, s.backoffMs * 2);
    s.restarts++;
    log(`${s.name} exited (${signal ?? `code ${code}`}) after ${secs(upMs)}; restart #${s.restarts} in ${secs(delay)}`);
    s.timer = setTimeout(() => {
      if (stopping) return;
      const next = supervise(s, true);
      s.ready(next).then(
        () => log(`${s.name} ready again ${secs(Date.now() - exitedAt)} after it exited`),
        (e: unknown) => log(`${s.name} not ready after its restart: ${e instanceof Error ? e.message : String(e)}`),
      );
    }, delay);
  });
  return child;
}

function nodeService(name: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }, readyUrl: string) {
  const s: Supervised = {
    name,
    start: () => {
      const c = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
      const prefix = (line: string) => (line.trim() ? `[${name}] ${line}\n` : '');
      c.stdout?.on('data', (b: Buffer) => process.stdout.write(b.toString().split('\n').map(prefix).join('')));
      c.stderr?.on('data', (b: Buffer) => process.stderr.write(b.toString().split('\n').map(prefix).join('')));
      return c;
    },
    ready: (child) => waitReady(readyUrl, child, 120_000),
    startedAt: 0,
    backoffMs: BACKOFF_FIRST_MS,
    restarts: 0,
  };
  services.push(s);
  supervise(s);
  return s;
}

/**
 * The embedded PostgreSQL, in its wrapper process (scripts/embedded-pg.ts). The first start picks
 * a free port; a restart reuses it, so the URL the relay and the web app hold stays right.
 */
async function startEmbeddedDatabase(): Promise<{ url: string; port: number }> {
  const at: { port?: number } = {};
  let started: ((m: { url: string; port: number }) => void) | undefined;
  const s: Supervised = {
    name: 'embedded PostgreSQL',
    start: (restart) => {
      const args = [path.join(root, 'scripts/embedded-pg.ts'), path.join(dataDir, 'pg'), 'magma'];
      if (at.port) args.push(String(at.port));
      if (restart) args.push('--takeover');
      const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
        cwd: root,
        detached: true,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      child.once('message', (m) => started?.(m as { url: string; port: number }));
      return child;
    },
    ready: (child) =>
      new Promise((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`exited (${code}) before it was ready`)));
      }),
    startedAt: 0,
    backoffMs: BACKOFF_FIRST_MS,
    restarts: 0,
  };
  embedded = s;
  const first = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    started = resolve;
    const child = supervise(s);
    // Before it ever ran, a failure is the stack's to report, not the supervisor's to retry.
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready`)));
  });
  at.port = first.port;
  started = undefined;
  return first;
}

/** Polls `url` until it answers 2xx; fails early if `child` exits meanwhile. */
async function waitReady(url: string, child: ChildProcess | undefined, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && (child.exitCode !== null || child.signalCode !== null))
      throw new Error(`exited before ${url} was ready`);
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(3_000) });
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} was not ready in ${timeoutMs} ms`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  for (const s of [...services, ...(embedded ? [embedded] : [])]) clearTimeout(s.timer);
  await Promise.all(
    services.map(
      ({ child: c }) =>
        new Promise<void>((resolve) => {
          if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  const pg = embedded?.child;
  if (pg && pg.exitCode === null && pg.signalCode === null) {
    await new Promise<void>((resolve) => {
      pg.once('exit', () => resolve());
      if (pg.connected) pg.send('stop');
      else pg.kill('SIGTERM');
      setTimeout(() => pg.kill('SIGTERM'), 15_000).unref();
    });
  }
  log('stopped');
  process.exit(code);
}

async function main() {
  const t0 = Date.now();
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    const started = await startEmbeddedDatabase();
    databaseUrl = started.url;
    log(`embedded PostgreSQL running on 127.0.0.1:${started.port} (data in ${path.relative(root, dataDir)}/pg)`);
  } else {
    log('using the PostgreSQL server from DATABASE_URL');
  }
  const applied = await applyMigrations(databaseUrl);
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  const db = createDb({ url: databaseUrl, max: 2 });
  const history = env.DEMO_HISTORY_DAYS > 0 ? { days: env.DEMO_HISTORY_DAYS, now: new Date() } : undefined;
  const seeded = await seedDemo({ db, ...(history ? { history } : {}) });
  if (seeded.created) log('seeded the demo operator (slug "demo")');
  if (seeded.history) {
    const h = seeded.history;
    log(
      `seeded ${env.DEMO_HISTORY_DAYS} days of demo history: ${h.sessions} sessions, ${h.closedWeeks} settled weeks in ${(h.ms / 1000).toFixed(1)} s`,
    );
  }
  await db.$disconnect();

  const s = secrets();
  const shared = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BUS_KIND: env.BUS_KIND,
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    PLATFORM_DOMAIN: env.PLATFORM_DOMAIN,
    NODE_ENV: 'production' as const,
  };
  const webDir = path.join(root, 'apps/web');
  const stamp = path.join(webDir, '.next/magma-build-fingerprint');
  const fingerprint = sourceFingerprint();
  if (env.SKIP_BUILD !== '1' && (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== fingerprint)) {
    log('building the web app (first run or sources changed)…');
    await runToEnd(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: webDir,
      env: { ...shared, NEXTAUTH_SECRET: s.NEXTAUTH_SECRET, NEXT_TELEMETRY_DISABLED: '1' },
    });
    writeFileSync(stamp, fingerprint);
  }

  // A larger young generation: thousands of sockets' short-lived buffers are collected in fewer,
  // cheaper scavenges instead of being promoted (see BENCHMARKS.md, OCPP relay).
  const relayReady = `http://127.0.0.1:${env.OCPP_PORT}/ready`;
  const webReady = `http://127.0.0.1:${env.WEB_PORT}/api/ready`;
  const workerReady = `http://127.0.0.1:${env.WORKER_PORT}/ready`;
  nodeService(
    'relay',
    ['--max-semi-space-size=32', '--import', 'tsx', 'src/main.ts'],
    {
      cwd: path.join(root, 'apps/ocpp-relay'),
      env: {
        ...shared,
        OCPP_PORT: String(env.OCPP_PORT),
        DEFAULT_TENANT_SLUG: 'demo',
        DEMO_SIMULATOR: env.DEMO_SIMULATOR,
      },
    },
    relayReady,
  );
  nodeService(
    'web',
    // Next's handler in our own server, which keeps Next's internal x-middleware-* headers in.
    [path.join(webDir, 'next-server.mjs'), '-p', String(env.WEB_PORT)],
    {
      cwd: webDir,
      env: {
        ...shared,
        NEXTAUTH_SECRET: s.NEXTAUTH_SECRET,
        PAYMENT_TEST_SECRET: s.PAYMENT_TEST_SECRET,
        PAYMENT_CREDENTIALS_KEYS: env.PAYMENT_CREDENTIALS_KEYS || s.PAYMENT_CREDENTIALS_KEYS,
        NEXT_TELEMETRY_DISABLED: '1',
        PORT: String(env.WEB_PORT),
      },
    },
    webReady,
  );
  // Webhook deliveries and periodic jobs (pg-boss on the same database).
  nodeService(
    'worker',
    // An absolute path: its command line is told apart from the relay's (tests/faults).
    ['--import', 'tsx', path.join(root, 'apps/worker/src/main.ts')],
    {
      cwd: path.join(root, 'apps/worker'),
      env: {
        ...shared,
        WORKER_PORT: String(env.WORKER_PORT),
        PAYMENT_CREDENTIALS_KEYS: env.PAYMENT_CREDENTIALS_KEYS || s.PAYMENT_CREDENTIALS_KEYS,
      },
    },
    workerReady,
  );
  // Ready once all serve (each may have been restarted meanwhile: the supervisor keeps at it).
  await Promise.all([
    waitReady(relayReady, undefined, 120_000),
    waitReady(webReady, undefined, 120_000),
    waitReady(workerReady, undefined, 120_000),
  ]);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`
  Magma CSMS is running (healthy after ${secs}s)

  Operator dashboard  http://demo.localhost:${env.WEB_PORT}
  Platform admin      http://localhost:${env.WEB_PORT}
  OCPP endpoint       ws://localhost:${env.OCPP_PORT}/ocpp/{chargePointId}   (subprotocol ocpp1.6 or ocpp2.0.1)
  Health              http://localhost:${env.OCPP_PORT}/health  ·  http://localhost:${env.WEB_PORT}/api/health  ·  http://localhost:${env.WORKER_PORT}/health
  Ready               http://localhost:${env.OCPP_PORT}/ready   ·  http://localhost:${env.WEB_PORT}/api/ready   ·  http://localhost:${env.WORKER_PORT}/ready

  Demo logins (demo data only, password ${DEMO_PASSWORD}):
    operator admin    admin@demo.test
    vendor user       vendor@demo.test   (Sunrise Malls)
    platform admin    platform@magma.test
  Simulated chargers: ${env.DEMO_SIMULATOR === '1' ? 'on (DEMO_SIMULATOR=0 turns them off)' : 'off'}
  Press Ctrl-C to stop.
`);
}

main().catch(async (err: unknown) => {
  console.error(`[magma] failed to start: ${err instanceof Error ? err.message : String(err)}`);
  await shutdown(1);
});
