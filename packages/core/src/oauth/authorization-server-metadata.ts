import { API_SCOPES } from './scopes.ts';

/** The OAuth endpoints' paths on every tenant host. */
export const OAUTH_PATHS = {
  metadata: '/.well-known/oauth-authorization-server',
  token: '/api/oauth/token',
  introspection: '/api/oauth/introspect',
  revocation: '/api/oauth/revoke',
  jwks: '/api/oauth/jwks',
} as const;

/** RFC 8414 authorization server metadata for the issuer (the tenant host's origin). */
export function authorizationServerMetadata(issuer: string) {
  const auth = ['client_secret_basic', 'client_secret_post'];
  return {
    issuer,
    token_endpoint: issuer + OAUTH_PATHS.token,
    jwks_uri: issuer + OAUTH_PATHS.jwks,
    introspection_endpoint: issuer + OAUTH_PATHS.introspection,
    revocation_endpoint: issuer + OAUTH_PATHS.revocation,
    scopes_supported: [...API_SCOPES],
    // No authorization endpoint: only the client credentials grant.
    response_types_supported: [] as string[],
    grant_types_supported: ['client_credentials'],
    token_endpoint_auth_methods_supported: auth,
    introspection_endpoint_auth_methods_supported: auth,
    revocation_endpoint_auth_methods_supported: auth,
  };
}
