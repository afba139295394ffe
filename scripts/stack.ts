// Runs the whole product on one machine: PostgreSQL (embedded unless DATABASE_URL is set),
// migrations, the demo seed, the OCPP relay and the web app. Ctrl-C stops everything cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { createDb } from '@magma/db';
import { applyMigrations } from '@magma/db/migrate';
import { DEMO_PASSWORD, seedDemo } from '@magma/core';

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.data');

const env = z
  .object({
    DATABASE_URL: z.string().startsWith('postgres').optional(),
    WEB_PORT: z.coerce.number().int().positive().default(3000),
    OCPP_PORT: z.coerce.number().int().positive().default(9000),
    BUS_KIND: z.enum(['pg', 'redis']).default('pg'),
    REDIS_URL: z.string().optional(),
    PLATFORM_DOMAIN: z.string().default('localhost'),
    DEMO_SIMULATOR: z.enum(['0', '1']).default('1'),
    SKIP_BUILD: z.enum(['0', '1']).default('0'),
  })
  .parse(process.env);

const children: ChildProcess[] = [];
let embedded: ChildProcess | undefined;
let stopping = false;

function log(msg: string) {
  console.log(`[magma] ${msg}`);
}

function secrets(): { NEXTAUTH_SECRET: string; PAYMENT_TEST_SECRET: string } {
  const file = path.join(dataDir, 'secrets.json');
  mkdirSync(dataDir, { recursive: true });
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const s = {
    NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
    PAYMENT_TEST_SECRET: randomBytes(32).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
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

function startChild(name: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }) {
  const c = spawn(process.execPath, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (line: string) => (line.trim() ? `[${name}] ${line}\n` : '');
  c.stdout?.on('data', (b: Buffer) => process.stdout.write(b.toString().split('\n').map(prefix).join('')));
  c.stderr?.on('data', (b: Buffer) => process.stderr.write(b.toString().split('\n').map(prefix).join('')));
  c.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited unexpectedly (${code ?? signal}); stopping`);
      void shutdown(1);
    }
  });
  children.push(c);
  return c;
}

function startEmbeddedDatabase(): Promise<{ url: string; port: number }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'scripts/embedded-pg.ts'), path.join(dataDir, 'pg'), 'magma'],
    { cwd: root, detached: true, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  embedded = child;
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; port: number }));
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code}) before it was ready`)));
  });
}

async function waitHealthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy in ${timeoutMs} ms`);
}

async function shutdown(code: number) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
        }),
    ),
  );
  if (embedded && embedded.exitCode === null) {
    const pg = embedded;
    await new Promise<void>((resolve) => {
      pg.once('exit', () => resolve());
      pg.send('stop');
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
    log(`embedded PostgreSQL running on 127.0.0.1:${started.port} (data in .data/pg)`);
  } else {
    log('using the PostgreSQL server from DATABASE_URL');
  }
  const applied = await applyMigrations(databaseUrl);
  log(applied.length ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
  const db = createDb({ url: databaseUrl, max: 2 });
  const seeded = await seedDemo({ db });
  if (seeded.created) log('seeded the demo operator (slug "demo")');
  await db.$disconnect();

  const s = secrets();
  const shared = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    BUS_KIND: env.BUS_KIND,
    ...(env.REDIS_URL ? { REDIS_URL: env.REDIS_URL } : {}),
    PLATFORM_DOMAIN: env.PLATFORM_DOMAIN,
    NODE_ENV: 'production',
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
  startChild('relay', ['--max-semi-space-size=32', '--import', 'tsx', 'src/main.ts'], {
    cwd: path.join(root, 'apps/ocpp-relay'),
    env: {
      ...shared,
      OCPP_PORT: String(env.OCPP_PORT),
      DEFAULT_TENANT_SLUG: 'demo',
      DEMO_SIMULATOR: env.DEMO_SIMULATOR,
    },
  });
  startChild('web', [path.join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(env.WEB_PORT)], {
    cwd: webDir,
    env: {
      ...shared,
      NEXTAUTH_SECRET: s.NEXTAUTH_SECRET,
      PAYMENT_TEST_SECRET: s.PAYMENT_TEST_SECRET,
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(env.WEB_PORT),
    },
  });
  await Promise.all([
    waitHealthy(`http://127.0.0.1:${env.OCPP_PORT}/health`, 60_000),
    waitHealthy(`http://127.0.0.1:${env.WEB_PORT}/api/health`, 60_000),
  ]);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  console.log(`
  Magma CSMS is running (healthy after ${secs}s)

  Operator dashboard  http://demo.localhost:${env.WEB_PORT}
  Platform admin      http://localhost:${env.WEB_PORT}
  OCPP endpoint       ws://localhost:${env.OCPP_PORT}/ocpp/{chargePointId}   (subprotocol ocpp1.6 or ocpp2.0.1)
  Health              http://localhost:${env.OCPP_PORT}/health  ·  http://localhost:${env.WEB_PORT}/api/health

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
