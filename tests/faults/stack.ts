import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { freePort } from '../../packages/db/src/embedded.ts';

// The whole stack as `npm start` runs it (scripts/stack.ts, the supervisor), on its own data
// directory (its own embedded PostgreSQL, never the machine's shared server) and its own ports,
// with the demo simulator off. Everything listens on 127.0.0.1.

export const root = path.resolve(import.meta.dirname, '../..');
const web = path.join(root, 'apps/web');
const BUILD_LOCK = path.join(web, '.next-build.lock');

export type Stack = {
  child: ChildProcess;
  dataDir: string;
  webPort: number;
  ocppPort: number;
  workerPort: number;
  /** The supervisor's output so far. */
  output: () => string;
  /** The pid of the supervisor's child whose command line matches `needle` (relay, web, worker, embedded-pg). */
  childPid: (needle: RegExp) => number;
  /** The embedded PostgreSQL's postmaster pid and port, from its postmaster.pid. */
  postmaster: () => { pid: number; port: number };
  databaseUrl: () => string;
  stop: () => Promise<number | null>;
};

function children(pid: number): number[] {
  const r = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => n > 0);
}

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/**
 * The web app needs a production build. One is made only when there is none, or it predates the
 * readiness route this suite waits on. The lock the browser tests' setup builds under is held until
 * the returned release is called, after the suite: a build elsewhere would pull `.next` from under
 * the web processes the suite restarts.
 */
export async function ensureWebBuild(): Promise<() => void> {
  const usable = () =>
    existsSync(path.join(web, '.next/BUILD_ID')) && existsSync(path.join(web, '.next/server/app/api/ready'));
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      const age = Date.now() - (existsSync(BUILD_LOCK) ? statSync(BUILD_LOCK).mtimeMs : 0);
      if (age > 15 * 60_000) rmSync(BUILD_LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`waited too long for ${BUILD_LOCK}`);
      await new Promise((r) => setTimeout(r, 2_000));
    }
  }
  const release = () => rmSync(BUILD_LOCK, { recursive: true, force: true });
  try {
    if (usable()) return release;
    console.log('[faults] building the web app (no usable production build)…');
    await new Promise<void>((resolve, reject) => {
      const b = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
        cwd: web,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: 'postgresql://postgres:postgres@127.0.0.1:1/unused',
          NEXTAUTH_SECRET: 'magma-faults-build-0123456789abcdef',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      });
      b.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build exited with ${code}`))));
    });
    return release;
  } catch (e) {
    release();
    throw e;
  }
}

export async function startStack(): Promise<Stack> {
  const dataDir = path.join(root, '.data', `faults-${process.pid}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(path.join(root, 'artifacts'), { recursive: true });
  const [webPort, ocppPort, workerPort] = [await freePort(), await freePort(), await freePort()];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MAGMA_DATA_DIR: dataDir,
    WEB_PORT: String(webPort),
    OCPP_PORT: String(ocppPort),
    WORKER_PORT: String(workerPort),
    DEMO_SIMULATOR: '0',
    // The restart cases need the demo network, not its 30 days of history (seconds of seeding).
    DEMO_HISTORY_DAYS: '0',
    SKIP_BUILD: '1',
    BUS_KIND: 'pg',
  };
  // Its own embedded PostgreSQL, whatever the environment says.
  delete env.DATABASE_URL;
  delete env.TEST_DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/stack.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logFile = createWriteStream(path.join(root, 'artifacts/faults-stack.log'));
  let out = '';
  const take = (b: Buffer) => {
    out += b.toString();
    logFile.write(b);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const postmaster = () => {
    const lines = readFileSync(path.join(dataDir, 'pg/postmaster.pid'), 'utf8').split('\n');
    return { pid: Number(lines[0]), port: Number(lines[3]) };
  };
  const stack: Stack = {
    child,
    dataDir,
    webPort,
    ocppPort,
    workerPort,
    output: () => out,
    childPid: (needle) => {
      const pid = children(child.pid!).find((p) => needle.test(cmdline(p)));
      if (!pid) throw new Error(`no child of the stack runs ${needle}`);
      return pid;
    },
    postmaster,
    databaseUrl: () => `postgresql://postgres:postgres@127.0.0.1:${postmaster().port}/magma`,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        const code = await exited;
        clearTimeout(timer);
        logFile.end();
        return code;
      }
      logFile.end();
      return child.exitCode;
    },
  };
  const deadline = Date.now() + 240_000;
  while (!out.includes('Magma CSMS is running')) {
    const failed =
      child.exitCode !== null
        ? `the stack exited (${child.exitCode})`
        : Date.now() > deadline
          ? 'no start in time'
          : '';
    if (failed) {
      await stack.stop();
      removeDataDir(dataDir);
      throw new Error(`${failed}:\n${out.slice(-3000)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return stack;
}

/** Removes the suite's data directory (after the stack stopped its PostgreSQL). */
export function removeDataDir(dir: string): void {
  if (path.basename(dir).startsWith('faults-')) rmSync(dir, { recursive: true, force: true });
}

/** Polls `url` every 50 ms until it answers 200; returns when it did. */
export async function waitReady(url: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) return Date.now();
    } catch {
      // not up
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
