import NextAuth, { type NextAuthOptions } from 'next-auth';
import { readBytesWithin } from './trpc-handler.ts';
import { requestHost, requestProto } from './client-address.ts';
import { sameOriginPath } from '../lib/same-origin-path.ts';
import { deviceCookieValue, deviceSetCookie, parseCookies, trustedDevice, DEVICE_COOKIE } from './sign-in-device.ts';

// The /api/auth edge. next-auth's App Router handler reads the whole body before anything else and
// takes its origin from X-Forwarded-Host/-Proto whoever sent them, so this edge hands next-auth a
// request it has checked instead (through next-auth's documented `NextAuth(req, res, options)` form):
// the body is capped before it is read, forwarded headers count only under TRUST_PROXY, and every
// callbackUrl (query, body, cookie) is reduced to a path of this origin, so none can lead elsewhere
// or make next-auth fail on a URL it cannot parse.

/** A sign-in form is a few hundred bytes; nothing next-auth accepts needs more. */
export const AUTH_BODY_LIMIT = 16 * 1024;

const CALLBACK_COOKIES = ['next-auth.callback-url', '__Secure-next-auth.callback-url'];

/**
 * The host and protocol next-auth builds its URLs (redirects, cookie security) from. Without a
 * trusted proxy they are the Host header and plain http (`next start` does not terminate TLS, and
 * Next fills X-Forwarded-* only where the client has not); with one, the values our proxy set.
 */
export function authOrigin(h: Headers, trustProxy: boolean): { host: string | null; proto: 'http' | 'https' } {
  const header = (name: string) => h.get(name);
  return { host: requestHost(header, trustProxy), proto: requestProto(header, trustProxy) ?? 'http' };
}

/** The request headers as next-auth sees them: forwarded host and protocol replaced by ours. */
export function authHeaders(h: Headers, trustProxy: boolean): Record<string, string> {
  const { host, proto } = authOrigin(h, trustProxy);
  const out = Object.fromEntries(h);
  delete out['x-forwarded-host'];
  if (!trustProxy) {
    delete out['x-forwarded-for'];
    delete out['x-real-ip'];
  }
  if (host) out['x-forwarded-host'] = host;
  out['x-forwarded-proto'] = proto;
  return out;
}

type Body = Record<string, string>;

function parseBody(bytes: Buffer, contentType: string): Body | undefined | 'invalid' {
  const text = bytes.toString('utf8');
  if (contentType.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (!contentType.includes('application/json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return 'invalid';
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : String(v)]));
  } catch {
    return 'invalid';
  }
}

const jsonError = (status: number, message: string) => Response.json({ message }, { status });

type ResShim = {
  status(code: number): ResShim;
  setHeader(name: string, value: string | string[]): ResShim;
  getHeader(name: string): string | string[] | undefined;
  json(body: unknown): void;
  send(body: unknown): void;
  end(): void;
};

/** Runs next-auth on a checked request and returns its answer as a Response. */
export async function handleAuthRequest({
  req,
  segments,
  options,
  trustProxy,
  secret,
}: {
  req: Request;
  segments: string[];
  options: NextAuthOptions;
  trustProxy: boolean;
  secret: string;
}): Promise<Response> {
  let body: Body | undefined;
  if (req.method === 'POST' && req.body) {
    const bytes = await readBytesWithin(req, AUTH_BODY_LIMIT);
    if (!bytes) return jsonError(413, `The request is larger than ${AUTH_BODY_LIMIT / 1024} KB.`);
    const parsed = parseBody(bytes, req.headers.get('content-type') ?? '');
    if (parsed === 'invalid') return jsonError(400, 'The request body is not a JSON object.');
    body = parsed;
  }

  const { host, proto } = authOrigin(req.headers, trustProxy);
  if (!host) return jsonError(400, 'The request has no Host header.');
  const origin = `${proto}://${host}`;
  const toOrigin = (v: string | undefined) => (v === undefined ? undefined : `${origin}${sameOriginPath(v, origin)}`);

  const query: Record<string, string | string[]> = Object.fromEntries(new URL(req.url).searchParams);
  if (typeof query.callbackUrl === 'string') query.callbackUrl = toOrigin(query.callbackUrl)!;
  if (body?.callbackUrl !== undefined) body.callbackUrl = toOrigin(body.callbackUrl)!;
  const cookies = parseCookies(req.headers.get('cookie'));
  for (const name of CALLBACK_COOKIES) if (cookies[name] !== undefined) cookies[name] = toOrigin(cookies[name])!;

  let status = 200;
  const headers = new Headers();
  const setCookies: string[] = [];
  let out: BodyInit | null = null;
  const res: ResShim = {
    status(code) {
      status = code;
      return res;
    },
    setHeader(name, value) {
      if (name.toLowerCase() === 'set-cookie') setCookies.splice(0, setCookies.length, ...[value].flat());
      else headers.set(name, String(value));
      return res;
    },
    getHeader: (name) => (name.toLowerCase() === 'set-cookie' ? [...setCookies] : (headers.get(name) ?? undefined)),
    json(value) {
      headers.set('content-type', 'application/json');
      out = JSON.stringify(value);
    },
    send(value) {
      if (value === undefined || value === null) return;
      if (typeof value === 'string') out = value;
      else {
        headers.set('content-type', 'application/json');
        out = JSON.stringify(value);
      }
    },
    end() {},
  };

  await NextAuth(
    {
      method: req.method,
      query: { ...query, nextauth: segments },
      body,
      cookies,
      headers: authHeaders(req.headers, trustProxy),
    } as never,
    res as never,
    options,
  );

  // A browser that just signed in gets (or keeps) its device cookie for this account.
  const signedIn =
    segments[0] === 'callback' &&
    segments[1] === 'credentials' &&
    setCookies.some((c) => /^(__Secure-)?next-auth\.session-token=[^;]/.test(c));
  if (signedIn && body?.email) {
    const id = trustedDevice(secret, body.email, cookies[DEVICE_COOKIE]) ?? undefined;
    setCookies.push(deviceSetCookie(deviceCookieValue(secret, body.email, id), proto === 'https'));
  }
  for (const c of setCookies) headers.append('set-cookie', c);
  return new Response(out, { status, headers });
}
