import 'server-only';
import { createBus, type Bus } from '@magma/api';
import { env } from '@/env.ts';

// One bus connection per process, shared by every live dashboard stream and every remote action.
// The memory kind (single-process development without a relay) has no cross-process bus.

const g = globalThis as typeof globalThis & { __magmaBus?: Bus | null };

export function getBus(): Bus | null {
  if (g.__magmaBus !== undefined) return g.__magmaBus;
  g.__magmaBus =
    env.BUS_KIND === 'memory'
      ? null
      : createBus({ kind: env.BUS_KIND, databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL });
  return g.__magmaBus;
}
