// The web app's production server: Next's own request handler inside a plain Node HTTP server, so
// that Next's internal routing headers (x-middleware-*) never leave it (hide-internal-headers.mjs).
// Started by `npm start` (scripts/stack.ts) and the browser tests (tooling/vitest/e2e-setup.ts) in
// place of `next start`, with the same port (-p or PORT), host handling and graceful stop.
import { EventEmitter } from 'node:events';
import http from 'node:http';
import console from 'node:console';
import process from 'node:process';
import { setTimeout } from 'node:timers';
import next from 'next';
import { hideInternalHeaders } from './hide-internal-headers.mjs';

const flag = process.argv.indexOf('-p');
const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? 3000));
if (!Number.isInteger(port) || port <= 0 || port > 65_535) {
  console.error(`next-server: invalid port ${String(port)}`);
  process.exit(1);
}
process.env.NODE_ENV ??= 'production';

const server = http.createServer();
// Next attaches its own upgrade listener (proxied rewrites) to the server it is given, and would end
// any socket it has no route for, the event stream's included. It gets this emitter instead, which
// hears every upgrade but the stream's.
const nextUpgrades = new EventEmitter();
// hostname as `next start` without -H uses it: the proxy's rewrites stay on Next's own origin.
const app = next({
  dev: false,
  dir: import.meta.dirname,
  hostname: 'localhost',
  port,
  httpServer: /** @type {http.Server} */ (/** @type {unknown} */ (nextUpgrades)),
});
await app.prepare();
const handle = app.getRequestHandler();

server.on('request', (req, res) => {
  hideInternalHeaders(res);
  handle(req, res).catch((err) => {
    console.error(`Failed to handle request for ${req.url}`, err);
    if (!res.headersSent) res.statusCode = 500;
    res.end('Internal Server Error');
  });
});
// The API's event stream (apps/web/src/server/event-stream.ts, started by instrumentation.ts in
// this process): its path only.
const STREAM_PATH = '/api/v1/stream';
const STREAM_KEY = Symbol.for('magma.eventStream');
/** @returns {{ handleUpgrade(req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): boolean, close(): Promise<void> } | undefined} */
const eventStream = () => /** @type {any} */ (globalThis)[STREAM_KEY];
server.on('upgrade', (req, socket, head) => {
  if ((req.url ?? '').split('?')[0] === STREAM_PATH) {
    if (eventStream()?.handleUpgrade(req, socket, head)) return;
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n');
    return;
  }
  if (nextUpgrades.listenerCount('upgrade') > 0) nextUpgrades.emit('upgrade', req, socket, head);
  else socket.destroy();
});
server.on('error', (err) => {
  console.error('next-server: failed to start', err);
  process.exit(1);
});
server.listen(port, () => console.log(`next-server: ready on port ${port}`));

let stopping = false;
/** @param {'SIGINT' | 'SIGTERM'} signal */
function stop(signal) {
  if (stopping) return;
  stopping = true;
  const code = signal === 'SIGINT' ? 130 : 143;
  // Finish what is in flight, then go; a request that hangs does not hold the stop for ever.
  setTimeout(() => process.exit(code), 10_000).unref();
  eventStream()
    ?.close()
    .catch(() => {});
  server.close(() => {
    app.close().then(
      () => process.exit(code),
      () => process.exit(code),
    );
  });
  server.closeIdleConnections();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
