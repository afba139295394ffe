// What the relay does with a charger's message while PostgreSQL cannot be reached.
//
// OCPP 1.6 (transaction-related messages, TransactionMessageAttempts) and 2.0.1 (E13,
// MessageAttemptsTransactionEvent; there a reply later than MessageTimeout counts too) let a
// charger count a CALLERROR answer to a transaction-related message as a failed attempt and, past
// the limit, DROP the message; a message that got no answer because the connection went away, on
// the other hand, stays in the charger's offline queue and is sent again, in order, once it is
// connected. So an outage must not
// be answered with InternalError. Instead:
//   1. the message's write is retried with backoff, on connection-level database errors only,
//      for at most `holdMs` — below the call timeout chargers use (30 s is common) — and the
//      charger gets its answer as soon as the write succeeds;
//   2. past that, the socket is closed (1013 Try Again Later) without any answer, nor to the
//      messages queued behind it on this socket: the charger keeps them and resends after it
//      reconnects (admission answers 503 while the database is still away, so it backs off).
// Never is a message answered whose write did not succeed. A resend is safe: every handler's use
// case is idempotent (StartTransaction's start key, TransactionEvent's seqNo, meter samples keyed
// by their time), which is also what makes the retry in step 1 safe after a write that committed
// but whose reply the relay never read.
import { NOREPLY } from './ocpp-rpc-errors.ts';
import type { Logger } from '../logger.ts';

/** The close code and reason a charger sees when its message could not be stored in time. */
export const DB_OUTAGE_CLOSE = { code: 1013, reason: 'Database unavailable: reconnect and resend' } as const;

/** Below the 30 s call timeout many chargers use, so the answer still reaches a charger that waits. */
export const DB_OUTAGE_HOLD_MS = 20_000;

// Prisma's codes for an unreachable or dropped server, and its pool's timeout.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// SQLSTATE class 08 (connection exception), and a server shutting down or starting up.
const SQLSTATE = /^(08...|57P01|57P02|57P03)$/;
const MESSAGES =
  /Connection terminated|connection error|Server has closed the connection|timeout exceeded when trying to connect/i;

type Loose = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: unknown };

/**
 * True when `e` (or what it wraps: an AppError's cause, Prisma's driver adapter error) says the
 * database could not be reached or dropped the connection — not when a statement failed.
 */
export function isDbUnavailable(e: unknown, depth = 0): boolean {
  if (!e || typeof e !== 'object' || depth > 6) return false;
  const x = e as Loose;
  const code = typeof x.code === 'string' ? x.code : undefined;
  if (code && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (typeof x.kind === 'string' && ADAPTER_KINDS.has(x.kind)) return true;
  if (x.kind === 'postgres' && code && SQLSTATE.test(code)) return true;
  if (typeof x.message === 'string' && MESSAGES.test(x.message) && !code?.startsWith('P2')) return true;
  const adapter = (x.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  return isDbUnavailable(x.cause, depth + 1) || isDbUnavailable(adapter, depth + 1);
}

export type Held<T> = { stored: true; value: T } | { stored: false; reason: 'outage' | 'aborted'; error?: unknown };

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/**
 * Runs `write`, retrying it while the database is unavailable (backoff from 100 ms, doubling to
 * 2 s) for at most `holdMs` in all; an attempt still running at the bound is not waited for (its
 * result, if it lands, is a write the charger will send again). Any other error is thrown as is.
 */
export async function holdThroughOutage<T>(
  write: () => Promise<T>,
  opts: { holdMs: number; signal?: AbortSignal; onRetry?: (attempt: number, error: unknown) => void },
): Promise<Held<T>> {
  const deadline = Date.now() + opts.holdMs;
  let lastError: unknown;
  for (let attempt = 1; ; attempt++) {
    if (opts.signal?.aborted) return { stored: false, reason: 'aborted', error: lastError };
    const left = deadline - Date.now();
    if (left <= 0) return { stored: false, reason: 'outage', error: lastError };
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<'bound'>((resolve) => (timer = setTimeout(() => resolve('bound'), left)));
    const run = write().then(
      (value) => ({ ok: true as const, value }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const result = await Promise.race([run, bound]).finally(() => clearTimeout(timer));
    if (result === 'bound') return { stored: false, reason: 'outage', error: lastError };
    if (result.ok) return { stored: true, value: result.value };
    if (!isDbUnavailable(result.error)) throw result.error;
    lastError = result.error;
    opts.onRetry?.(attempt, result.error);
    const wait = Math.min(2000, 100 * 2 ** (attempt - 1));
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())), opts.signal);
  }
}

/**
 * One per socket: holds each message through an outage, and once one could not be stored in
 * time, closes the socket and answers nothing more on it (the messages queued behind it included).
 */
export function dbOutageGuard(opts: {
  holdMs?: number;
  identity: string;
  log: Logger;
  close: (code: number, reason: string) => void;
}) {
  const holdMs = opts.holdMs ?? DB_OUTAGE_HOLD_MS;
  let closing = false;
  return async function hold<T>(action: string, write: () => Promise<T>, signal?: AbortSignal) {
    if (closing) return NOREPLY;
    const held = await holdThroughOutage(write, {
      holdMs,
      signal,
      onRetry: (attempt, error) => {
        if (attempt === 1)
          opts.log.warn('database unavailable; holding the message', { identity: opts.identity, action, error });
      },
    });
    if (held.stored) return held.value;
    if (held.reason === 'outage' && !closing) {
      closing = true;
      opts.log.warn('database unavailable past the hold; closing so the charger resends', {
        identity: opts.identity,
        action,
        holdMs,
        error: held.error,
      });
      opts.close(DB_OUTAGE_CLOSE.code, DB_OUTAGE_CLOSE.reason);
    }
    return NOREPLY;
  };
}
