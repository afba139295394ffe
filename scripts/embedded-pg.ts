// Runs the embedded PostgreSQL in a process of its own, in its own process group, so that the
// Ctrl-C a terminal sends to `npm start`'s whole group does not stop the database before the relay
// and the web app have finished with it. The parent stops it last (a message or SIGTERM), and it
// stops by itself if the parent goes away. If the postmaster dies (killed, out of memory), this
// process exits 1 and the parent starts it again on the same data directory and port.
//
// usage: embedded-pg.ts <dataDir> <database> [port] [--takeover]
// --takeover (a restart by the supervisor): a postmaster still running on the data directory,
// left by a wrapper that was killed, is shut down (fast) before the new one starts.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmbeddedPostgres } from '@magma/db/embedded';

const args = process.argv.slice(2);
const takeover = args.includes('--takeover');
const [dataDir, database, portArg] = args.filter((a) => a !== '--takeover');
const port = portArg ? Number(portArg) : undefined;
if (!dataDir || !database || (port !== undefined && !Number.isInteger(port)) || !process.send) {
  console.error('usage: spawned by scripts/stack.ts with an IPC channel: embedded-pg.ts <dataDir> <database> [port]');
  process.exit(2);
}
const log = (l: string) => console.log(`[magma] ${l}`);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Shuts down a postmaster left running on `dir` by a previous wrapper (its pid is in postmaster.pid). */
async function stopLeftover(dir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !alive(pid)) return;
  // A pid the system reused since is no postmaster of ours.
  const cmd = (() => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      return 'postgres';
    }
  })();
  if (!cmd.includes('postgres')) return;
  log(`embedded-postgres: stopping the postmaster (pid ${pid}) a previous run left on ${dir}`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

if (takeover) await stopLeftover(path.resolve(dataDir));
const db = await startEmbeddedPostgres({ dataDir, database, port, log });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await db.stop();
  process.exit(0);
}
void db.exited.then(() => {
  if (stopping) return;
  log(`embedded-postgres: the postmaster (pid ${db.pid}) exited unexpectedly`);
  process.exit(1);
});
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => {
  // The terminal's Ctrl-C is for the parent; it decides when the database stops.
});
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ url: db.url, port: db.port, pid: db.pid });
