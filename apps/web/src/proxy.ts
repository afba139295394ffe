import { NextResponse, type NextRequest } from 'next/server';
import { classifyHost, normalizeHost } from '@magma/api/host';
import { env } from '@/env.ts';
import { contentSecurityPolicy, newNonce } from '@/server/security-headers.ts';

// The host decides what is served: the platform host renders app/platform/…, every other host
// renders app/[domain]/… where the layout resolves the tenant (and 404s an unknown host). The rewrite
// is this proxy's, not a header-keyed rewrite in next.config: with one, client navigations lost their
// query (`/reservations?show=all` rendered the unfiltered page from the router cache), and a request
// the proxy skips (an asset-like path) could name any tree in the header itself. getTenantForDomain
// also checks that the tree named is the request's own host, so a path can never name another
// tenant's host.

export function proxy(req: NextRequest) {
  const host = req.headers.get('host');
  const target = classifyHost(host, env.PLATFORM_DOMAIN);
  // Every tenant host has a dot ({slug}.{platform} or a custom domain); a bare name is nobody's.
  const site = target.kind === 'platform' ? 'platform' : normalizeHost(host);
  if (target.kind === 'invalid' || !site || (target.kind === 'custom' && !site.includes('.'))) {
    return new NextResponse('Not found', { status: 404 });
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy({ nonce, dev: env.NODE_ENV === 'development' });
  const headers = new Headers(req.headers);
  // Next takes the nonce for its own scripts from the request's CSP header.
  headers.set('content-security-policy', csp);
  headers.set('x-nonce', nonce);
  // Clone nextUrl (not `new URL(…, req.url)`): the rewrite must stay on Next's own origin, or Next
  // treats it as an external proxy target.
  const url = req.nextUrl.clone();
  url.pathname = `/${site}${url.pathname === '/' ? '' : url.pathname}`;
  const res = NextResponse.rewrite(url, { request: { headers } });
  res.headers.set('content-security-policy', csp);
  return res;
}

export const config = {
  // API routes resolve the host themselves; static assets are shared by every tenant.
  matcher: ['/((?!api/|_next/|favicon\\.ico$|.*\\.(?:svg|png|jpg|jpeg|webp|ico|txt|css|js|map)$).*)'],
};
