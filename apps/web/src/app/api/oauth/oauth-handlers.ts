import { AppError } from '@magma/core';
import {
  authorizationServerMetadata,
  introspectToken,
  issueClientToken,
  oauthErrorDetails,
  publishedJwks,
  revokeToken,
  type ClientCredentials,
  type OAuthKeyring,
} from '@magma/core/oauth';
import type { Db } from '@magma/db';
import { classifyHost, type TenantResolver } from '@magma/core/tenancy';
import { clientAddress, requestHost, requestProto } from '../../../server/client-address.ts';
import { readBytesWithin } from '../../../server/trpc-handler.ts';

// The OAuth 2.0 endpoints (client credentials only) as plain Request → Response functions, so the
// route files stay one line and tests drive the same code over real HTTP. The issuer is the origin
// of the host the request came to; a tenant host serves only its own clients, the platform and
// API hosts (api.{platform}) serve any tenant's (the client id names it).

/** A token, introspection or revocation form is a few hundred bytes. */
export const OAUTH_BODY_LIMIT = 8 * 1024;

export type OAuthRouteDeps = {
  db: () => Db;
  resolver: () => TenantResolver;
  platformDomain: string;
  trustProxy: boolean;
  keyring: () => OAuthKeyring;
};

const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

type Where = { issuer: string; tenantId: string | null };

function json(body: unknown, status = 200, extra: Record<string, string> = {}): Response {
  return Response.json(body, { status, headers: { ...NO_STORE, ...extra } });
}

/** RFC 6749 §5.2 error body; 401 invalid_client carries WWW-Authenticate. */
function oauthFailure(e: unknown, basicUsed: boolean): Response {
  const details = oauthErrorDetails(e);
  if (!details) {
    const err = AppError.from(e);
    if (err.code === 'INTERNAL') console.error('[oauth]', e);
    return json(
      { error: 'server_error', error_description: err.message },
      err.httpStatus >= 500 ? 500 : err.httpStatus,
    );
  }
  const body = {
    error: details.oauth === 'rate_limited' ? 'slow_down' : details.oauth,
    error_description: (e as Error).message,
  };
  if (details.oauth === 'invalid_client') {
    return json(body, 401, { 'www-authenticate': `Basic realm="oauth"${basicUsed ? ', error="invalid_client"' : ''}` });
  }
  if (details.oauth === 'rate_limited') {
    const wait = Math.max(1, Math.ceil(((details.retryAt?.getTime() ?? Date.now()) - Date.now()) / 1000));
    return json(body, 429, { 'retry-after': String(wait) });
  }
  return json(body, 400);
}

const invalidRequest = (description: string) => json({ error: 'invalid_request', error_description: description }, 400);

/** The host's tenant and issuer, or null for a host we do not serve. */
async function whereOf(req: Request, deps: OAuthRouteDeps): Promise<Where | null> {
  const header = (n: string) => req.headers.get(n);
  const host = requestHost(header, deps.trustProxy);
  const target = classifyHost(host, deps.platformDomain);
  if (target.kind === 'invalid' || !host) return null;
  const proto = requestProto(header, deps.trustProxy) ?? (new URL(req.url).protocol === 'https:' ? 'https' : 'http');
  const issuer = `${proto}://${host.toLowerCase()}`;
  if (target.kind === 'platform' || (target.kind === 'subdomain' && target.slug === 'api')) {
    return { issuer, tenantId: null };
  }
  const tenant = await deps.resolver().resolve(host);
  return tenant ? { issuer, tenantId: tenant.id } : null;
}

const notFound = () => new Response('Not found', { status: 404, headers: NO_STORE });

type Form = { params: URLSearchParams; credentials: ClientCredentials | null; basicUsed: boolean };

/** The form body and the client's credentials (HTTP Basic or the form's client_id/client_secret). */
async function readForm(req: Request): Promise<Form | Response> {
  const type = req.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return invalidRequest('The body must be application/x-www-form-urlencoded');
  }
  const bytes = await readBytesWithin(req, OAUTH_BODY_LIMIT);
  if (!bytes) return json({ error: 'invalid_request', error_description: 'The request body is too large' }, 413);
  const params = new URLSearchParams(bytes.toString('utf8'));
  for (const [k] of params) {
    if (params.getAll(k).length > 1) return invalidRequest(`${k} is repeated`);
  }
  const auth = req.headers.get('authorization');
  const postId = params.get('client_id');
  const postSecret = params.get('client_secret');
  if (auth) {
    const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(auth.trim());
    if (!m || postSecret) return invalidRequest('Use one client authentication method: HTTP Basic or the form');
    const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return invalidRequest('Malformed HTTP Basic credentials');
    // RFC 6749 §2.3.1: the id and secret are form-urlencoded before they are joined.
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return null;
      }
    };
    const clientId = decode(decoded.slice(0, colon));
    const clientSecret = decode(decoded.slice(colon + 1));
    if (clientId === null || clientSecret === null) return invalidRequest('Malformed HTTP Basic credentials');
    return { params, credentials: { clientId, clientSecret }, basicUsed: true };
  }
  if (postId && postSecret)
    return { params, credentials: { clientId: postId, clientSecret: postSecret }, basicUsed: false };
  return { params, credentials: null, basicUsed: false };
}

const missingClient = () =>
  json({ error: 'invalid_client', error_description: 'Client authentication is required' }, 401, {
    'www-authenticate': 'Basic realm="oauth"',
  });

export function createOAuthHandlers(deps: OAuthRouteDeps) {
  const addressOf = (req: Request) => clientAddress((n) => req.headers.get(n), deps.trustProxy);
  /** Introspection and revocation: an authenticated client's form with a `token` (RFC 7662, RFC 7009). */
  async function withClientToken(
    req: Request,
    run: (args: {
      credentials: ClientCredentials;
      tenantId: string | null;
      token: string;
      address: string;
    }) => Promise<Response>,
  ): Promise<Response> {
    const where = await whereOf(req, deps);
    if (!where) return notFound();
    const form = await readForm(req);
    if (form instanceof Response) return form;
    if (!form.credentials) return missingClient();
    const token = form.params.get('token');
    if (!token) return invalidRequest('token is required');
    try {
      return await run({ credentials: form.credentials, tenantId: where.tenantId, token, address: addressOf(req) });
    } catch (e) {
      return oauthFailure(e, form.basicUsed);
    }
  }

  return {
    async metadata(req: Request): Promise<Response> {
      const where = await whereOf(req, deps);
      if (!where) return notFound();
      return Response.json(authorizationServerMetadata(where.issuer), {
        headers: { 'cache-control': 'public, max-age=300' },
      });
    },

    async jwks(req: Request): Promise<Response> {
      if (!(await whereOf(req, deps))) return notFound();
      return Response.json(await publishedJwks({ db: deps.db() }), {
        headers: { 'cache-control': 'public, max-age=60', 'content-type': 'application/jwk-set+json' },
      });
    },

    async token(req: Request): Promise<Response> {
      const where = await whereOf(req, deps);
      if (!where) return notFound();
      const form = await readForm(req);
      if (form instanceof Response) return form;
      if (!form.credentials) return missingClient();
      try {
        const token = await issueClientToken({
          db: deps.db(),
          keyring: deps.keyring(),
          issuer: where.issuer,
          tenantId: where.tenantId,
          credentials: form.credentials,
          grantType: form.params.get('grant_type') ?? undefined,
          scope: form.params.get('scope') ?? undefined,
          address: addressOf(req),
        });
        return json(token);
      } catch (e) {
        return oauthFailure(e, form.basicUsed);
      }
    },

    introspect: (req: Request) =>
      withClientToken(req, async (args) => json(await introspectToken({ db: deps.db(), ...args }))),

    revoke: (req: Request) =>
      withClientToken(req, async (args) => {
        await revokeToken({ db: deps.db(), ...args });
        return new Response(null, { status: 200, headers: NO_STORE });
      }),
  };
}
