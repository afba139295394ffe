import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { freePort, startEmbeddedPostgres, type EmbeddedDatabase } from '../../packages/db/src/embedded.ts';
import { databaseUrl } from '../../packages/db/src/testing.ts';
import { createDb } from '../../packages/db/src/client.ts';
import { seedE2e } from '../../apps/web/test/e2e/seed.ts';

// Browser tests run against the real app: a migrated and seeded database, a production build
// (rebuilt only when a source file is newer than the last build) and `next start` on a free port.
// The tests read MAGMA_E2E_* from the environment.

const root = path.resolve(import.meta.dirname, '../..');
const web = path.join(root, 'apps/web');
// One database per run, so engineers running browser tests at the same time do not drop each other's.
const E2E_DB = `magma_e2e_${process.pid}`;
const BUILD_LOCK = path.join(web, '.next-build.lock');

let embedded: EmbeddedDatabase | undefined;
let server: ChildProcess | undefined;

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = 0;
  for (const e of readdirSync(p)) {
    if (e === 'node_modules' || e === '.next' || e === 'generated' || e.endsWith('.test.ts')) continue;
    max = Math.max(max, newestMtime(path.join(p, e)));
  }
  return max;
}

function buildIsStale(): boolean {
  const buildId = path.join(web, '.next/BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    path.join(web, 'src'),
    path.join(web, 'next.config.ts'),
    path.join(web, 'package.json'),
    path.join(root, 'themes'),
    ...readdirSync(path.join(root, 'packages')).map((p) => path.join(root, 'packages', p, 'src')),
  ];
  return sources.some((s) => newestMtime(s) > built);
}

/** Runs a child process to completion without blocking the event loop (other projects' setups share it). */
function run(args: string[], opts: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: 'inherit', ...opts });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}`)),
    );
  });
}

/** Builds under a lock directory: two runs must not write `.next` at once; the second reuses the build. */
async function buildIfStale(env: NodeJS.ProcessEnv, nextBin: string): Promise<void> {
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (existsSync(BUILD_LOCK) ? statSync(BUILD_LOCK).mtimeMs : 0);
      if (age > 15 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true }); // left by a killed run
      if (Date.now() > deadline) throw new Error(`waited too long for ${BUILD_LOCK}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  try {
    if (!buildIsStale()) return;
    console.log('[e2e] building the web app (sources changed since the last build)…');
    await run([nextBin, 'build'], { cwd: web, env });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  throw new Error(`the web server did not answer at ${url} within ${timeoutMs} ms`);
}

export default async function setup() {
  const configured = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  let pgServer: string;
  if (configured) {
    pgServer = configured;
  } else {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(root, '.data/e2e-pg'), database: 'postgres' });
    pgServer = embedded.url;
  }
  const admin = new pg.Client({ connectionString: databaseUrl(pgServer, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${E2E_DB}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${E2E_DB}"`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(pgServer, E2E_DB);
  // In a child process: the schema engine is WebAssembly with one shared instance per process, and
  // the integration project's setup migrates its template at the same time in this one.
  await run(
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'packages/db/scripts/migrate.ts'), 'deploy'],
    {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const db = createDb({ url, max: 2 });
  try {
    await seedE2e(db);
  } finally {
    await db.$disconnect();
  }

  // Tenants' own gateway accounts are sealed with this key, and their calls go to a local server
  // that the payment-accounts browser test starts on this port (nothing leaves the machine).
  const gatewayPort = await freePort();
  const env = {
    ...process.env,
    PAYMENT_CREDENTIALS_KEYS: `e2e:${Buffer.alloc(32, 7).toString('base64')}`,
    PAYMENT_GATEWAY_BASE_URL: `http://127.0.0.1:${gatewayPort}`,
    NODE_ENV: 'production',
    DATABASE_URL: url,
    PLATFORM_DOMAIN: 'localhost',
    NEXTAUTH_SECRET: 'magma-e2e-secret-0123456789abcdef',
    PIN_LOOKUP_SECRET: 'magma-e2e-pin-lookup-0123456789abcdef',
    NEXT_TELEMETRY_DISABLED: '1',
  } as NodeJS.ProcessEnv;
  delete env.NEXTAUTH_URL;

  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  await buildIfStale(env, nextBin);

  const port = await freePort();
  // No -H 127.0.0.1: with it, Next 16 mistakes the proxy's own rewrites for external ones.
  // The production server `npm start` runs (apps/web/next-server.mjs: Next's handler, internal headers kept in).
  server = spawn(process.execPath, [path.join(web, 'next-server.mjs'), '-p', String(port)], {
    cwd: web,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (d: Buffer) => process.env.MAGMA_E2E_VERBOSE && process.stdout.write(`[next] ${d}`));
  server.stderr?.on('data', (d: Buffer) => process.stderr.write(`[next] ${d}`));
  await waitForServer(`http://127.0.0.1:${port}/`, server, 60_000);

  process.env.MAGMA_E2E_PORT = String(port);
  process.env.MAGMA_E2E_GATEWAY_PORT = String(gatewayPort);
  process.env.MAGMA_E2E_DATABASE_URL = url;
  // Tests that issue driver PINs key them as the server will look them up.
  process.env.MAGMA_E2E_PIN_LOOKUP_SECRET = env.PIN_LOOKUP_SECRET;

  return async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server?.once('exit', r));
    }
    const c = new pg.Client({ connectionString: databaseUrl(pgServer, 'postgres') });
    await c.connect();
    try {
      await c.query(`DROP DATABASE IF EXISTS "${E2E_DB}" WITH (FORCE)`);
    } finally {
      await c.end();
    }
    await embedded?.stop();
  };
}
