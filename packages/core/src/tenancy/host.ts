// Host names decide the tenant. A request reaches either the platform host itself (platform admin),
// a platform subdomain `{slug}.{platformDomain}`, or a custom domain registered in TenantDomain.

export type HostTarget =
  { kind: 'platform' } | { kind: 'subdomain'; slug: string } | { kind: 'custom'; host: string } | { kind: 'invalid' };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Lower-cases, drops the port and a trailing dot. Returns null for anything that is not a host name. */
export function normalizeHost(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let host = raw.trim().toLowerCase();
  if (host.startsWith('[')) return null; // IPv6 literals never name a tenant
  host = host.replace(/:\d+$/, '').replace(/\.$/, '');
  if (!host || host.length > 253) return null;
  if (!host.split('.').every((l) => LABEL.test(l))) return null;
  return host;
}

export function classifyHost(rawHost: string | null | undefined, platformDomain: string): HostTarget {
  const host = normalizeHost(rawHost);
  const platform = normalizeHost(platformDomain);
  if (!host || !platform) return { kind: 'invalid' };
  if (host === platform || host === `www.${platform}`) return { kind: 'platform' };
  if (host.endsWith(`.${platform}`)) {
    const slug = host.slice(0, -platform.length - 1);
    if (!slug.includes('.')) return { kind: 'subdomain', slug };
    return { kind: 'invalid' };
  }
  return { kind: 'custom', host };
}

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
export const RESERVED_SLUGS = new Set(['www', 'api', 'app', 'admin', 'platform', 'static', 'mail']);
