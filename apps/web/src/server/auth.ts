import 'server-only';
import type { NextAuthOptions } from 'next-auth';
import { getServerSession } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { AppError, authenticateUser } from '@magma/api';
import { env } from '@/env.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { classifyHost } from '@magma/api/host';
import { clientAddress } from '@/server/client-address.ts';

// Sign-in happens on the tenant's own host: the session cookie is per host, the membership in that
// host's tenant is checked here, and again (with the current role) on every request.

function header(headers: unknown, name: string): string | undefined {
  const v = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The client IP for the sign-in rate limit: without TRUST_PROXY every attempt on an email shares one bucket. */
function clientIp(headers: unknown): string {
  return clientAddress((name) => header(headers, name), env.TRUST_PROXY);
}

let options: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  return (options ??= {
    secret: env.NEXTAUTH_SECRET,
    session: { strategy: 'jwt', maxAge: 12 * 60 * 60 },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      Credentials({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const host = header(req.headers, 'host') ?? null;
          const target = classifyHost(host, env.PLATFORM_DOMAIN);
          const tenant = target.kind === 'platform' ? null : await getTenantResolver().resolve(host);
          if (target.kind !== 'platform' && !tenant) throw new Error('This site does not exist.');
          try {
            const user = await authenticateUser({
              db: getDb(),
              email: String(credentials?.email ?? ''),
              password: String(credentials?.password ?? ''),
              tenantId: tenant?.id ?? null,
              ip: clientIp(req.headers),
            });
            return { id: user.id, email: user.email, name: user.name };
          } catch (e) {
            // next-auth forwards the message to the sign-in form as `error`.
            if (e instanceof AppError) throw new Error(e.message);
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === 'string') (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  });
}

/** The signed-in user's id on this host, or null. */
export async function getSessionUserId(): Promise<string | null> {
  const session = await getServerSession(getAuthOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}
