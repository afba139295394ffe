import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import { headers as requestHeaders } from 'next/headers';
import { env } from '@/env.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { createAuthOptions } from '@/server/auth-options.ts';
import { authHeaders } from '@/server/auth-route.ts';
import { parseCookies } from '@/server/sign-in-device.ts';

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  return (options ??= createAuthOptions({
    db: getDb,
    resolver: getTenantResolver,
    platformDomain: env.PLATFORM_DOMAIN,
    trustProxy: env.TRUST_PROXY,
    secret: env.NEXTAUTH_SECRET,
  }));
}

/** The signed-in user's id on this host, or null (a session whose version moved on is none). */
export async function getSessionUserId(): Promise<string | null> {
  const h = await requestHeaders();
  // The same headers the /api/auth route gives next-auth, so both derive the same origin and cookie names.
  const req = { headers: authHeaders(h, env.TRUST_PROXY), cookies: parseCookies(h.get('cookie')) };
  const res = { getHeader: () => undefined, setHeader: () => undefined };
  const session = await getServerSession(req as never, res as never, getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
