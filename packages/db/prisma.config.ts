import { defineConfig } from 'prisma/config';

// The CLI is used only for `generate`; migrations are applied by scripts/migrate.ts through the
// WebAssembly schema engine, so no native engine is ever downloaded.
export default defineConfig({
  schema: 'prisma/schema',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
