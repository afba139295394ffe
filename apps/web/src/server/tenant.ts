import 'server-only';
import { cache } from 'react';
import { notFound } from 'next/navigation';
import type { ResolvedTenant } from '@magma/api';
import { getTenantResolver } from '@/server/db.ts';
import { brandFor } from '@/server/themes.ts';
import type { Brand } from '@/lib/theme-schema.ts';

/** The tenant of the `[domain]` segment (the request host) and its brand; 404 for an unknown host. */
export const getTenantForDomain = cache(
  async (domainParam: string): Promise<{ tenant: ResolvedTenant; brand: Brand }> => {
    const host = decodeURIComponent(domainParam);
    const tenant = await getTenantResolver().resolve(host);
    if (!tenant) notFound();
    return { tenant, brand: brandFor(tenant) };
  },
);
