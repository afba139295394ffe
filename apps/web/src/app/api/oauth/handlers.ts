import 'server-only';
import { oauthKeyring, type OAuthKeyring } from '@magma/core/oauth';
import { env } from '@/env.ts';
import { getDb, getTenantResolver } from '@/server/db.ts';
import { createOAuthHandlers } from './oauth-handlers.ts';

let keyring: OAuthKeyring | undefined;

/** The app's OAuth endpoints, wired to its database, tenant cache and OAUTH_KEYS. */
export const oauthHandlers = createOAuthHandlers({
  db: getDb,
  resolver: getTenantResolver,
  get platformDomain() {
    return env.PLATFORM_DOMAIN;
  },
  get trustProxy() {
    return env.TRUST_PROXY;
  },
  keyring: () => (keyring ??= oauthKeyring({ keys: env.OAUTH_KEYS, fallbackSecret: env.NEXTAUTH_SECRET })),
});
