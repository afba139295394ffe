import { PgBus } from './pg-bus.ts';
import { RedisBus } from './redis-bus.ts';
import type { Bus, BusKind } from './types.ts';

export type CreateBusOptions = { kind: BusKind; databaseUrl?: string; redisUrl?: string };

export function createBus({ kind, databaseUrl, redisUrl }: CreateBusOptions): Bus {
  if (kind === 'redis') {
    if (!redisUrl) throw new Error('createBus: redisUrl is required for the redis bus');
    return new RedisBus(redisUrl);
  }
  if (!databaseUrl) throw new Error('createBus: databaseUrl is required for the pg bus');
  return new PgBus(databaseUrl);
}
