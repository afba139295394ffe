import 'server-only';
import { cache } from 'react';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { normalizeHost } from '@magma/api/host';
import type { ResolvedTenant } from '@magma/api';
import { getTenantResolver } from '@/server/db.ts';
import { brandFor } from '@/server/themes.ts';
import type { Brand } from '@/lib/theme-schema.ts';

/**
 * The tenant of the `[domain]` segment (the request host) and its brand; 404 for an unknown host.
 * The segment must be the request's own host: the proxy rewrites every page path under it, but a
 * path the proxy skips (asset-like names such as `/other.host/c/x.js`) reaches the tree as typed,
 * and must not serve another tenant's page.
 */
export const getTenantForDomain = cache(
  async (domainParam: string): Promise<{ tenant: ResolvedTenant; brand: Brand }> => {
    const host = decodeURIComponent(domainParam);
    if (normalizeHost((await headers()).get('host')) !== host) notFound();
    const tenant = await getTenantResolver().resolve(host);
    if (!tenant) notFound();
    return { tenant, brand: brandFor(tenant) };
  },
);
