// Scopes are per resource and read/write: `chargers:read`, `chargers:write`. A scope is a ceiling on
// top of the role: a token never does more than its role could in the dashboard, and only what its
// scopes allow. `x:write` includes `x:read`.

export const API_RESOURCES = [
  'tenant',
  'sites',
  'chargers',
  'sessions',
  'id-tokens',
  'tariffs',
  'reservations',
  'faults',
  'commands',
  'vendors',
  'settlements',
  'payouts',
  'payments',
  'users',
  'audit',
  'webhooks',
  'api-clients',
] as const;

export type ApiResource = (typeof API_RESOURCES)[number];
export type ApiScope = `${ApiResource}:${'read' | 'write'}`;

export const API_SCOPES: readonly ApiScope[] = API_RESOURCES.flatMap((r) => [`${r}:read`, `${r}:write`] as const);

const KNOWN = new Set<string>(API_SCOPES);

export function isApiScope(s: string): s is ApiScope {
  return KNOWN.has(s);
}

/** Does a principal holding `held` have `wanted`? (`x:write` includes `x:read`.) */
export function hasScope(held: readonly string[], wanted: ApiScope): boolean {
  if (held.includes(wanted)) return true;
  return wanted.endsWith(':read') && held.includes(wanted.replace(/:read$/, ':write'));
}

/** Splits an RFC 6749 `scope` parameter (space-delimited); null when a value is not a scope we know. */
export function parseScopeParam(param: string): ApiScope[] | null {
  const parts = param.split(' ').filter(Boolean);
  if (!parts.every(isApiScope)) return null;
  return [...new Set(parts)] as ApiScope[];
}
