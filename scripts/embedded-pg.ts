// Runs the embedded PostgreSQL in a process of its own, in its own process group, so that the
// Ctrl-C a terminal sends to `npm start`'s whole group does not stop the database before the relay
// and the web app have finished with it. The parent stops it last (a message or SIGTERM), and it
// stops by itself if the parent goes away.
import { startEmbeddedPostgres } from '@magma/db/embedded';

const [dataDir, database] = process.argv.slice(2);
if (!dataDir || !database || !process.send) {
  console.error('usage: spawned by scripts/stack.ts with an IPC channel: embedded-pg.ts <dataDir> <database>');
  process.exit(2);
}

const db = await startEmbeddedPostgres({ dataDir, database, log: (l) => console.log(`[magma] ${l}`) });
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await db.stop();
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => {
  // The terminal's Ctrl-C is for the parent; it decides when the database stops.
});
process.on('message', (m) => {
  if (m === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send({ url: db.url, port: db.port });
