import type { NextAuthOptions } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { AppError, authenticateUser, type TenantResolver } from '@magma/api';
import { classifyHost } from '@magma/api/host';
import { endUserSessions, isSessionCurrent } from '@magma/core/users';
import type { Db } from '@magma/db';
import { clientAddress, UNTRUSTED_CLIENT } from './client-address.ts';
import { DEVICE_COOKIE, parseCookies, trustedDevice } from './sign-in-device.ts';
import { sameOriginPath } from '../lib/same-origin-path.ts';

// Sign-in happens on the tenant's own host: the session cookie is per host, the membership in that
// host's tenant is checked here, and again (with the current role) on every request. The token
// carries the user's session version, compared with the user's row on every request: sign-out,
// a password change and removal from a tenant move it on and so end the user's sessions at once.

export type AuthDeps = {
  db: () => Db;
  resolver: () => TenantResolver;
  platformDomain: string;
  trustProxy: boolean;
  secret: string;
};

/** Sessions last at most this long; they end sooner when the user's session version moves on. */
export const SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;

function header(headers: unknown, name: string): string | undefined {
  const v = (headers as Record<string, string | string[] | undefined> | undefined)?.[name];
  return Array.isArray(v) ? v[0] : v;
}

export function createAuthOptions(deps: AuthDeps): NextAuthOptions {
  return {
    secret: deps.secret,
    session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
    pages: { signIn: '/sign-in', error: '/sign-in' },
    providers: [
      Credentials({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const host = header(req.headers, 'host') ?? null;
          const target = classifyHost(host, deps.platformDomain);
          const tenant = target.kind === 'platform' ? null : await deps.resolver().resolve(host);
          if (target.kind !== 'platform' && !tenant) throw new Error('This site does not exist.');
          const email = String(credentials?.email ?? '');
          const address = clientAddress((name) => header(req.headers, name), deps.trustProxy);
          const cookie = parseCookies(header(req.headers, 'cookie'))[DEVICE_COOKIE];
          try {
            const user = await authenticateUser({
              db: deps.db(),
              email,
              password: String(credentials?.password ?? ''),
              tenantId: tenant?.id ?? null,
              client: {
                address: address === UNTRUSTED_CLIENT ? null : address,
                device: trustedDevice(deps.secret, email, cookie),
              },
            });
            return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
          } catch (e) {
            // next-auth forwards the message to the sign-in form as `error`.
            if (e instanceof AppError) throw new Error(e.message);
            throw e;
          }
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion;
          return token;
        }
        // Every request: a token whose version has moved on is emptied, and the session is gone.
        const current =
          typeof token.uid === 'string' &&
          (await isSessionCurrent({ db: deps.db(), userId: token.uid, sessionVersion: token.sv }));
        return current ? token : {};
      },
      session({ session, token }) {
        // An emptied token is no session at all (an empty body is how next-auth says "signed out").
        if (typeof token.uid !== 'string') return {} as typeof session;
        if (session.user) (session.user as { id?: string }).id = token.uid;
        return session;
      },
      // Only this origin: a callbackUrl that leads elsewhere (or is no URL at all) goes home.
      redirect: ({ url, baseUrl }) => `${baseUrl}${sameOriginPath(url, baseUrl)}`,
    },
    events: {
      // Signing out ends every session of the user, so a copy of this token is no use either.
      async signOut({ token }) {
        const uid = (token as { uid?: unknown } | null)?.uid;
        if (typeof uid !== 'string') return;
        if (await isSessionCurrent({ db: deps.db(), userId: uid, sessionVersion: token.sv })) {
          await endUserSessions({ db: deps.db(), userId: uid });
        }
      },
    },
  };
}
