import type { AnyTRPCRouter, inferRouterContext } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import superjson from 'superjson';
import { unsafeRequestRefusal } from './same-origin.ts';

// The /api/trpc edge: a body is read (and counted) before tRPC sees it, so an oversized one is
// refused without being buffered, whether it announces its size (Content-Length) or not (chunked).
// tRPC reads a body only when a procedure asks for its input, after the context (a session lookup)
// and the auth middleware have run, so the limit cannot be left to it.

export const TRPC_ENDPOINT = '/api/trpc';

/** Enough for any form and for a tariff definition (at most 100,000 characters). */
export const TRPC_BODY_LIMIT = 1_000_000;

/**
 * The CSV imports accept up to 1,000,000 characters of CSV. Sent as a JSON string, every quote,
 * backslash and line break doubles and a non-ASCII character takes up to 3 bytes, so the body may be
 * a few times the CSV: these procedures (and a batch that holds one) may send up to this much.
 */
export const TRPC_IMPORT_BODY_LIMIT = 4_000_000;
export const LARGE_INPUT_PROCEDURES: ReadonlySet<string> = new Set(['idTokens.import', 'charger.import']);

/** The procedures a request calls: `/api/trpc/a.b,c.d` (a batch) names several. */
export function proceduresOf(url: URL): string[] {
  const rest = url.pathname.startsWith(`${TRPC_ENDPOINT}/`) ? url.pathname.slice(TRPC_ENDPOINT.length + 1) : '';
  return decodeURIComponent(rest).split(',').filter(Boolean);
}

export function bodyLimitOf(procedures: string[]): number {
  return procedures.some((p) => LARGE_INPUT_PROCEDURES.has(p)) ? TRPC_IMPORT_BODY_LIMIT : TRPC_BODY_LIMIT;
}

/**
 * The body's bytes, or null as soon as the body is known to pass `maxBytes`: at once from
 * Content-Length, else after the chunk that crosses it (the rest is never read, the stream is
 * cancelled). Every route that reads a body reads it through this (or readBodyWithin).
 */
export async function readBytesWithin(req: Request, maxBytes: number): Promise<Buffer | null> {
  if (!req.body) return Buffer.alloc(0);
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await req.body.cancel().catch(() => {});
    return null;
  }
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The request with its body read into memory (see readBytesWithin), or not ok past `maxBytes`. */
export async function readBodyWithin(
  req: Request,
  maxBytes: number,
): Promise<{ ok: true; request: Request } | { ok: false }> {
  if (!req.body) return { ok: true, request: req };
  const body = await readBytesWithin(req, maxBytes);
  if (!body) return { ok: false };
  const headers = new Headers(req.headers);
  headers.set('content-length', String(body.byteLength));
  headers.delete('transfer-encoding');
  return {
    ok: true,
    request: new Request(req.url, { method: req.method, headers, body: new Uint8Array(body), signal: req.signal }),
  };
}

type TrpcErrorKey = 'PAYLOAD_TOO_LARGE' | 'FORBIDDEN' | 'UNSUPPORTED_MEDIA_TYPE';

/** An error in tRPC's own shape (one per call of a batch), so the dashboard's client shows the message. */
export function trpcErrorResponse(
  url: URL,
  procedures: string[],
  { code, status, message }: { code: TrpcErrorKey; status: number; message: string },
): Response {
  const errorOf = (path: string | undefined) => ({
    error: superjson.serialize({
      message,
      code: TRPC_ERROR_CODES_BY_KEY[code],
      data: { code, httpStatus: status, path },
    }),
  });
  const batch = url.searchParams.get('batch') === '1';
  const body = batch ? procedures.map(errorOf) : errorOf(procedures[0]);
  return Response.json(body, { status });
}

/** A 413 in tRPC's own error shape, so the dashboard's client shows the message like any other error. */
export function payloadTooLarge(url: URL, procedures: string[], maxBytes: number): Response {
  const message = `The request is larger than ${maxBytes / 1_000_000} MB: send a smaller file or fewer rows at once.`;
  return trpcErrorResponse(url, procedures, { code: 'PAYLOAD_TOO_LARGE', status: 413, message });
}

export function createTrpcHandler<TRouter extends AnyTRPCRouter>({
  router,
  createContext,
  trustProxy = false,
}: {
  router: TRouter;
  createContext: () => Promise<inferRouterContext<TRouter>>;
  /** TRUST_PROXY: whether X-Forwarded-Host names this host for the same-origin check. */
  trustProxy?: boolean;
}) {
  return async function handler(req: Request): Promise<Response> {
    const url = new URL(req.url);
    const procedures = proceduresOf(url);
    // Mutations arrive as POST: only JSON, and only from this host's own pages (see same-origin.ts).
    const refusal = unsafeRequestRefusal(req, { trustProxy });
    if (refusal) {
      await req.body?.cancel().catch(() => {});
      const code = refusal.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'FORBIDDEN';
      return trpcErrorResponse(url, procedures, { code, ...refusal });
    }
    const maxBytes = bodyLimitOf(procedures);
    const read = await readBodyWithin(req, maxBytes);
    if (!read.ok) return payloadTooLarge(url, procedures, maxBytes);
    return fetchRequestHandler({
      endpoint: TRPC_ENDPOINT,
      req: read.request,
      router,
      createContext,
    });
  };
}
