// Cross-site request forgery: a page on another site can make the browser POST to us with the
// session cookie attached (a plain <form> needs no CORS preflight, and a form may send
// multipart/form-data, application/x-www-form-urlencoded or text/plain). Two checks stop it:
// state-changing routes take only application/json (which a cross-origin page cannot send without a
// preflight we never answer), and a browser's own provenance headers must name this host:
// Sec-Fetch-Site (sent by every current browser) must be same-origin, and Origin (sent on every
// cross-origin POST) must be this host. A sibling tenant ({other}.{platform}) is same-site but not
// same-origin, so it is refused too. Clients that send neither header are not browsers, and carry
// no ambient cookie of a victim.

export type Refusal = { status: 403 | 415; message: string };

export type ProxyTrust = {
  /** TRUST_PROXY: a proxy we run sets X-Forwarded-Host; otherwise that header is the client's text. */
  trustProxy?: boolean;
};

/**
 * The hosts this request was addressed to: the Host header, and under TRUST_PROXY the public host
 * our proxy forwarded (its last hop; earlier values are the client's own).
 */
function hostsOf(headers: Headers, { trustProxy = false }: ProxyTrust): Set<string> {
  const hosts = new Set<string>();
  const host = headers.get('host')?.trim().toLowerCase();
  if (host) hosts.add(host);
  const forwarded = trustProxy ? headers.get('x-forwarded-host')?.split(',').at(-1)?.trim().toLowerCase() : null;
  if (forwarded) hosts.add(forwarded);
  return hosts;
}

/** Why a browser request is not from one of this host's own pages, or null when it is. */
export function crossSiteRefusal(headers: Headers, proxy: ProxyTrust = {}): Refusal | null {
  const site = headers.get('sec-fetch-site');
  if (site !== null && site !== 'same-origin') {
    return { status: 403, message: 'This request did not come from this site’s own pages.' };
  }
  const origin = headers.get('origin');
  if (origin !== null) {
    let host: string | null = null;
    try {
      host = origin === 'null' ? null : new URL(origin).host.toLowerCase();
    } catch {
      host = null;
    }
    if (!host || !hostsOf(headers, proxy).has(host)) {
      return { status: 403, message: 'This request did not come from this site’s own pages.' };
    }
  }
  return null;
}

/** application/json (any parameters), or the refusal of anything else. */
export function nonJsonRefusal(headers: Headers): Refusal | null {
  const type = (headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return null;
  return { status: 415, message: 'Send the request as application/json.' };
}

/** For a cookie-authenticated route that changes something: same origin, and JSON if it has a body. */
export function unsafeRequestRefusal(
  req: Request,
  { json = true, trustProxy = false }: { json?: boolean } & ProxyTrust = {},
): Refusal | null {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return null;
  return crossSiteRefusal(req.headers, { trustProxy }) ?? (json ? nonJsonRefusal(req.headers) : null);
}
