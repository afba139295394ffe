import type { IncomingMessage } from 'node:http';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../logger.ts';
import { withoutTrailingSlash } from './admission.ts';

// Every upgrade request is checked here before ocpp-rpc sees it. ocpp-rpc's handleUpgrade parses
// the URL and percent-decodes the identity outside its own try (a `%E0%A4%A` identity rejects the
// promise it returns), answers a malformed Sec-WebSocket-Protocol with a 500, and runs the auth
// hook (a database lookup) before ws checks the handshake's key and version. So the handshake is
// checked first, as RFC 6455 §4.2.1 reads it, and refused with a 4xx that names the fault; what
// passes cannot make ocpp-rpc throw, and whatever it still throws is answered 400, never left as
// an unhandled rejection that would end the process.

/** Longer than any endpoint we serve: `/ocpp/` + a 63-character slug + a 48-character identity, percent-encoded. */
export const MAX_URL_LENGTH = 1024;

export type Refusal = { status: number; message: string; headers?: Record<string, string> };

// RFC 7230 §3.2.6 tchar: what a subprotocol token (RFC 6455 §4.1) may contain.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// RFC 6455 §4.1: a base64-encoded 16-byte value.
const KEY = /^[+/0-9A-Za-z]{22}==$/;
// C0 controls and DEL: nothing a charge point identity (identifierString) can hold.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const refuse = (status: number, message: string, headers?: Record<string, string>): Refusal => ({
  status,
  message,
  headers,
});

/** The subprotocols offered, or null when the header is not a comma-separated list of distinct tokens. */
export function parseSubprotocols(header: string): Set<string> | null {
  const offered = new Set<string>();
  for (const part of header.split(',')) {
    const token = part.trim();
    if (!TOKEN.test(token) || offered.has(token)) return null;
    offered.add(token);
  }
  return offered;
}

/** Why this upgrade request cannot become an OCPP WebSocket, or null when ocpp-rpc may take it. */
export function checkUpgrade(req: IncomingMessage): Refusal | null {
  if (req.method !== 'GET') return refuse(405, 'A WebSocket handshake is a GET request', { Allow: 'GET' });
  const h = req.headers;
  if (h.upgrade?.toLowerCase() !== 'websocket') return refuse(400, 'Upgrade must be websocket');
  if (h['sec-websocket-version'] !== '13')
    return refuse(426, 'Unsupported WebSocket version: use 13', { 'Sec-WebSocket-Version': '13' });
  if (typeof h['sec-websocket-key'] !== 'string' || !KEY.test(h['sec-websocket-key']))
    return refuse(400, 'Missing or invalid Sec-WebSocket-Key');
  const protocols = h['sec-websocket-protocol'];
  if (protocols !== undefined && !parseSubprotocols(protocols))
    return refuse(400, 'Invalid Sec-WebSocket-Protocol: a comma-separated list of distinct subprotocols');

  const url = req.url ?? '';
  if (url.length > MAX_URL_LENGTH) return refuse(414, `URL longer than ${MAX_URL_LENGTH} characters`);
  if (!url.startsWith('/')) return refuse(400, 'Invalid request target');
  let path: string;
  try {
    path = new URL(`http://localhost${url}`).pathname;
  } catch {
    return refuse(400, 'Invalid request target');
  }
  const identity = path.split('/').pop() ?? '';
  let decoded: string;
  try {
    decoded = decodeURIComponent(identity);
  } catch {
    return refuse(400, 'Charge point identity is not valid percent-encoded UTF-8');
  }
  if (CONTROL.test(decoded)) return refuse(400, 'Charge point identity has control characters');
  return null;
}

/** Answers the handshake with an HTTP error and closes the socket (as ws does for a handshake it refuses). */
export function refuseUpgrade(socket: Duplex, { status, message, headers }: Refusal): void {
  if (socket.writable && !socket.destroyed) {
    const head = {
      Connection: 'close',
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(message)),
      ...headers,
    };
    const lines = Object.entries(head).map(([k, v]) => `${k}: ${v}`);
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n${lines.join('\r\n')}\r\n\r\n${message}`);
  }
  // A peer that never reads its answer does not keep the socket.
  const timer = setTimeout(() => socket.destroy(), 2000);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
}

type UpgradeHandler = (req: IncomingMessage, socket: Socket, head: Buffer) => Promise<void>;

/**
 * The server's 'upgrade' listener: checks the handshake, then hands it to ocpp-rpc. Total: every
 * request ends in a 4xx, a refusal from the auth hook or a WebSocket, and no error escapes.
 */
export function guardedUpgrade({ handleUpgrade, log }: { handleUpgrade: UpgradeHandler; log: Logger }) {
  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node hands over the socket with no 'error' listener: a reset before the handshake is
    // answered would otherwise be an uncaught exception. ws and ocpp-rpc add their own later.
    socket.on('error', () => {});
    try {
      // A charger configured with `.../ocpp/CP-1/` is CP-1: trimmed first, so the identity checked is the one used.
      if (req.url) req.url = withoutTrailingSlash(req.url);
      const refused = checkUpgrade(req);
      if (refused) {
        log.info('upgrade refused', {
          status: refused.status,
          reason: refused.message,
          remote: req.socket.remoteAddress,
        });
        refuseUpgrade(socket, refused);
        return;
      }
      // Node's 'upgrade' event types the socket as a Duplex; it is the connection's net.Socket.
      handleUpgrade(req, socket as Socket, head).catch((error: unknown) => {
        log.warn('upgrade failed', { error, remote: req.socket.remoteAddress });
        refuseUpgrade(socket, { status: 400, message: 'Bad WebSocket handshake' });
      });
    } catch (error) {
      log.warn('upgrade failed', { error, remote: req.socket.remoteAddress });
      refuseUpgrade(socket, { status: 400, message: 'Bad WebSocket handshake' });
    }
  };
}
