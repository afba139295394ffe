import { NextResponse, type NextRequest } from 'next/server';
import { classifyHost, normalizeHost } from '@magma/api/host';
import { env } from '@/env.ts';

// The host decides what is served: the platform host renders app/platform/…, every other host
// renders app/[domain]/… where the layout resolves the tenant (and 404s an unknown host). Pages are
// only reachable through this rewrite, so a path can never name another tenant's host.

export function proxy(req: NextRequest) {
  const host = req.headers.get('host');
  const target = classifyHost(host, env.PLATFORM_DOMAIN);
  if (target.kind === 'invalid') return new NextResponse('Not found', { status: 404 });
  const prefix = target.kind === 'platform' ? '/platform' : `/${normalizeHost(host)}`;
  // Clone nextUrl (not `new URL(…, req.url)`): the rewrite must stay on Next's own origin, or Next
  // treats it as an external proxy target.
  const url = req.nextUrl.clone();
  url.pathname = `${prefix}${url.pathname === '/' ? '' : url.pathname}`;
  return NextResponse.rewrite(url);
}

export const config = {
  // API routes resolve the host themselves; static assets are shared by every tenant.
  matcher: ['/((?!api/|_next/|favicon\\.ico$|.*\\.(?:svg|png|jpg|jpeg|webp|ico|txt|css|js|map)$).*)'],
};
