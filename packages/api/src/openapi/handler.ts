import { createHash } from 'node:crypto';
import type { Db } from '@magma/db';
import { hasScope, principalScope, type ApiPrincipal, type ApiScope } from '@magma/core/oauth';
import { classifyHost, type ResolvedTenant, type TenantResolver } from '../core.ts';
import { createContext, type ApiServices, type Context } from '../context.ts';
import { createCaller } from '../root.ts';
import { createOpenApiDocument } from './document.ts';
import { claimIdempotencyKey, completeIdempotencyKey, isValidIdempotencyKey, requestHash } from './idempotency.ts';
import { restInput } from './input.ts';
import { problem, problemFromError, problemResponse, type Problem } from './problem.ts';
import type { RestRateLimiter } from './rate-limit.ts';
import { matchRoute, type RestRoute } from './routes.ts';

// /api/v1: authenticate (bearer token, or the dashboard's session for the API console), rate-limit,
// check the token's scope for the route, then call the procedure through the same caller and the
// same Context the dashboard's tRPC uses, so tenant and vendor scope are enforced by the same code.

export const REST_PREFIX = '/api/v1';
export const REST_BODY_LIMIT = 1_000_000;

/** What a verified bearer token stands for: @magma/core/oauth's verifyAccessToken answers with it. */
export type TokenPrincipal = ApiPrincipal;

export type SessionCheck = {
  userId: string | null;
  /** A cross-site or non-JSON refusal for an unsafe method (the dashboard's own CSRF rules). */
  refusal: { status: number; message: string } | null;
};

export type RestHandlerDeps = {
  db: Db;
  resolver: TenantResolver;
  platformDomain: string;
  services: ApiServices;
  rateLimiter: RestRateLimiter;
  verifyToken(token: string): Promise<TokenPrincipal | null>;
  /** The signed-in dashboard user, when the request carries no bearer token (the API console). */
  session?(req: Request): Promise<SessionCheck>;
  /** The OAuth token endpoint advertised in the document, for a request's origin. */
  tokenUrl(origin: string): string;
};

export type RestRequestInfo = { host: string | null; origin: string };

type Caller = { kind: 'token'; principal: TokenPrincipal } | { kind: 'session'; userId: string };

export function isApiHost(host: string | null, platformDomain: string): boolean {
  const target = classifyHost(host, platformDomain);
  return target.kind === 'subdomain' && target.slug === 'api';
}

export function createRestHandler(deps: RestHandlerDeps) {
  const documents = new Map<string, string>();

  function documentFor(origin: string): string {
    let doc = documents.get(origin);
    if (!doc) {
      doc = JSON.stringify(
        createOpenApiDocument({ baseUrl: `${origin}${REST_PREFIX}`, tokenUrl: deps.tokenUrl(origin) }),
      );
      if (documents.size > 100) documents.clear();
      documents.set(origin, doc);
    }
    return doc;
  }

  return async function handle(req: Request, info: RestRequestInfo): Promise<Response> {
    const url = new URL(req.url);
    const instance = url.pathname;
    const path = url.pathname.startsWith(REST_PREFIX) ? url.pathname.slice(REST_PREFIX.length) || '/' : '/';
    try {
      if (path === '/openapi.json' && (req.method === 'GET' || req.method === 'HEAD')) {
        return new Response(documentFor(info.origin), {
          headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' },
        });
      }
      const match = matchRoute(req.method, path);
      if (!match.route) {
        if (match.methods.length) {
          const detail = `Use ${match.methods.join(' or ')} on this path`;
          return problemResponse(problem('METHOD_NOT_ALLOWED', detail, { instance }), {
            Allow: match.methods.join(', '),
          });
        }
        return problemResponse(problem('NOT_FOUND', 'No such route: see /api/v1/openapi.json', { instance }));
      }
      const { route, params } = match;

      const caller = await authenticate(req, info);
      if ('problem' in caller) return problemResponse(caller.problem, caller.headers);

      const decision = await deps.rateLimiter.consume(rateKey(caller));
      if (!decision.allowed) {
        return problemResponse(
          problem('RATE_LIMITED', `Rate limit reached: retry in ${decision.resetSec} s`, { instance }),
          decision.headers,
        );
      }
      const withLimits = (res: Response) => {
        for (const [k, v] of Object.entries(decision.headers)) res.headers.set(k, v);
        return res;
      };

      if (caller.kind === 'token' && !hasScope(caller.principal.scopes, route.scope as ApiScope)) {
        return withLimits(
          problemResponse(problem('FORBIDDEN', `This token lacks the scope ${route.scope}`, { instance }), {
            'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${route.scope}"`,
          }),
        );
      }

      const ctx = await contextFor(caller, info);
      if ('problem' in ctx) return withLimits(problemResponse(ctx.problem));

      const read = await readBody(req, route);
      if ('problem' in read) return withLimits(problemResponse({ ...read.problem, instance }));
      const input = restInput({ route, params, query: url.searchParams, body: read.body });
      if ('problem' in input) return withLimits(problemResponse({ ...input.problem, instance }));

      const key = route.idempotent ? req.headers.get('idempotency-key') : null;
      if (key !== null) {
        return withLimits(
          await idempotent({
            key,
            caller,
            ctx,
            route,
            input: input.value,
            text: read.text,
            path: url.pathname,
            instance,
          }),
        );
      }
      return withLimits(await run({ ctx, route, input: input.value, req, instance }));
    } catch (e) {
      return problemResponse(problemFromError(e, instance));
    }
  };

  async function authenticate(
    req: Request,
    info: RestRequestInfo,
  ): Promise<Caller | { problem: Problem; headers?: Record<string, string> }> {
    const instance = new URL(req.url).pathname;
    const authorization = req.headers.get('authorization');
    if (authorization !== null) {
      const m = /^Bearer\s+([\x21-\x7e]{1,4096})$/i.exec(authorization.trim());
      const principal = m ? await deps.verifyToken(m[1]!) : null;
      if (!principal) {
        return {
          problem: problem('UNAUTHENTICATED', 'The access token is invalid, expired or revoked', { instance }),
          headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        };
      }
      return { kind: 'token', principal };
    }
    if (deps.session && !isApiHost(info.host, deps.platformDomain)) {
      const session = await deps.session(req);
      if (session.userId) {
        if (session.refusal) {
          const code = session.refusal.status === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : 'FORBIDDEN';
          return { problem: problem(code, session.refusal.message, { instance }) };
        }
        return { kind: 'session', userId: session.userId };
      }
    }
    return {
      problem: problem('UNAUTHENTICATED', 'Send an access token: Authorization: Bearer <token>', { instance }),
      headers: { 'WWW-Authenticate': 'Bearer realm="api"' },
    };
  }

  async function contextFor(caller: Caller, info: RestRequestInfo): Promise<Context | { problem: Problem }> {
    const apiHost = isApiHost(info.host, deps.platformDomain);
    if (caller.kind === 'session') {
      return createContext({
        db: deps.db,
        resolver: deps.resolver,
        platformDomain: deps.platformDomain,
        host: info.host,
        origin: info.origin,
        userId: caller.userId,
        services: deps.services,
      });
    }
    const p = caller.principal;
    const tenant = apiHost ? await tenantById(deps.db, p.tenantId) : await deps.resolver.resolve(info.host);
    if (!tenant) return { problem: problem('NOT_FOUND', 'No operator is served on this host') };
    // A token works only on its own operator's hosts (or on the API host, which takes the tenant from it).
    if (tenant.id !== p.tenantId) {
      return {
        problem: problem('FORBIDDEN', 'This token belongs to another operator: call its own host or the API host'),
      };
    }
    const label = p.clientId ? `API client ${p.clientId}` : `API token ${p.tokenId ?? ''}`.trim();
    return {
      db: deps.db,
      platformDomain: deps.platformDomain,
      host: info.host,
      origin: info.origin,
      tenant,
      user: { id: p.userId ?? `client:${p.clientId ?? p.tokenId}`, email: label, platformAdmin: false },
      scope: principalScope(p),
      services: deps.services,
    };
  }

  async function run({
    ctx,
    route,
    input,
    req,
    instance,
  }: {
    ctx: Context;
    route: RestRoute;
    input: unknown;
    req?: Request;
    instance: string;
  }): Promise<Response> {
    let data: unknown;
    try {
      data = await callProcedure(ctx, route.procedure, input);
    } catch (e) {
      return problemResponse(problemFromError(e, instance));
    }
    const body = JSON.stringify(data ?? null, bigintAsNumber);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'cache-control': 'no-store' };
    if (route.method === 'GET' && route.hasPathParams) {
      const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      headers.ETag = etag;
      headers['cache-control'] = 'private, no-cache';
      const inm = req?.headers.get('if-none-match');
      if (inm && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
        return new Response(null, { status: 304, headers: { ETag: etag, 'cache-control': headers['cache-control'] } });
      }
    }
    return new Response(body, { status: 200, headers });
  }

  async function idempotent(args: {
    key: string;
    caller: Caller;
    ctx: Context;
    route: RestRoute;
    input: unknown;
    text: string;
    path: string;
    instance: string;
  }): Promise<Response> {
    const { key, caller, ctx, route, input, text, path, instance } = args;
    if (!isValidIdempotencyKey(key)) {
      return problemResponse(problem('BAD_INPUT', 'Idempotency-Key: 1 to 255 visible ASCII characters', { instance }));
    }
    const principal = `${ctx.tenant?.id ?? '-'}:${rateKey(caller)}`;
    const hash = requestHash({ method: route.method, path, body: text });
    const claim = await claimIdempotencyKey({ db: deps.db, principal, key, hash });
    if (claim.kind === 'mismatch') {
      return problemResponse(
        problem('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was used with a different request', { instance }),
      );
    }
    if (claim.kind === 'in-flight') {
      return problemResponse(problem('CONFLICT', 'A request with this Idempotency-Key is still running', { instance }));
    }
    if (claim.kind === 'replay') {
      return new Response(claim.response.body, {
        status: claim.response.status,
        headers: { 'content-type': claim.response.contentType, 'idempotency-replayed': 'true' },
      });
    }
    const res = await run({ ctx, route, input, instance });
    const body = await res.clone().text();
    await completeIdempotencyKey({
      db: deps.db,
      id: claim.id,
      response: { status: res.status, body, contentType: res.headers.get('content-type') ?? 'application/json' },
    });
    return res;
  }
}

function rateKey(caller: Caller): string {
  if (caller.kind === 'session') return `user:${caller.userId}`;
  const p = caller.principal;
  if (p.clientId) return `client:${p.clientId}`;
  return `${p.kind}:${p.tokenId ?? p.userId}`;
}

async function readBody(
  req: Request,
  route: RestRoute,
): Promise<{ body: unknown; text: string } | { problem: Problem }> {
  if (route.method === 'GET' || route.method === 'DELETE') return { body: undefined, text: '' };
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > REST_BODY_LIMIT) {
    return { problem: problem('PAYLOAD_TOO_LARGE', `The body is larger than ${REST_BODY_LIMIT} bytes`) };
  }
  const text = await limitedText(req, REST_BODY_LIMIT);
  if (text === null)
    return { problem: problem('PAYLOAD_TOO_LARGE', `The body is larger than ${REST_BODY_LIMIT} bytes`) };
  if (text.trim() === '') return { body: {}, text };
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return { problem: problem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json') };
  }
  try {
    return { body: JSON.parse(text) as unknown, text };
  } catch {
    return { problem: problem('BAD_INPUT', 'The body is not valid JSON') };
  }
}

async function limitedText(req: Request, maxBytes: number): Promise<string | null> {
  if (!req.body) return '';
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
  return Buffer.concat(chunks).toString('utf8');
}

/** Ledger amounts are 64-bit: a JSON integer (exact up to 2^53 paise, far beyond any real balance). */
function bigintAsNumber(_key: string, value: unknown): unknown {
  if (typeof value !== 'bigint') return value;
  return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
}

type ProcedureFn = (input: unknown) => Promise<unknown>;

async function callProcedure(ctx: Context, procedure: string, input: unknown): Promise<unknown> {
  let node: unknown = createCaller(ctx);
  for (const segment of procedure.split('.')) node = (node as Record<string, unknown>)[segment];
  return (node as ProcedureFn)(input);
}

async function tenantById(db: Db, id: string): Promise<ResolvedTenant | null> {
  return db.tenant.findUnique({
    where: { id },
    select: {
      id: true,
      slug: true,
      name: true,
      plan: true,
      themeKey: true,
      themeOverrides: true,
      supportEmail: true,
      timezone: true,
      currency: true,
    },
  });
}
