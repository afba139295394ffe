import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/.next/**', '**/.data/**'];
// Unit and integration files run two at a time (vitest's default here is cores - 1 = 1): most of an
// integration file's time is spent waiting on PostgreSQL, sockets and timers, not on this process.
// Both projects must name the same number to share one run.
const WORKERS = Number(process.env.VITEST_MAX_WORKERS ?? 2);

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          maxWorkers: WORKERS,
          include: ['{apps,packages}/*/{src,test}/**/*.test.{ts,tsx}'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          maxWorkers: WORKERS,
          include: ['{apps,packages}/*/{src,test}/**/*.int.test.ts'],
          exclude,
          globalSetup: ['tooling/vitest/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          // `npm run test:faults`: the supervised stack killed under load (tests/faults/).
          name: 'faults',
          include: ['tests/faults/**/*.faults.test.ts'],
          exclude,
          pool: 'forks',
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 240_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/*/test/**/*.e2e.test.ts'],
          exclude,
          globalSetup: ['tooling/vitest/e2e-setup.ts'],
          // One browser, one server: files run one after another in a single fork.
          pool: 'forks',
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 60_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
