import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterPrisma, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '@magma/db';

// Per-credential rate limits of /api/v1, shared by every web instance: counters in the app's
// PostgreSQL (the ApiRateLimit table) or, when the deployment runs Redis, in Redis. Headers follow
// the IETF draft (RateLimit-Policy / RateLimit), plus Retry-After on a 429.

export type RateLimitPolicy = { points: number; durationSec: number };

/** 120 requests a minute per credential; a script that pages through a large fleet stays well under it. */
export const DEFAULT_POLICY: RateLimitPolicy = { points: 120, durationSec: 60 };

export type RateLimitDecision = {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSec: number;
  headers: Record<string, string>;
};

export type RestRateLimiter = { consume(key: string): Promise<RateLimitDecision> };

export type RateLimiterStore = { kind: 'pg'; db: Db } | { kind: 'redis'; url: string } | { kind: 'memory' };

export function createRestRateLimiter(
  store: RateLimiterStore,
  policy: RateLimitPolicy = DEFAULT_POLICY,
): RestRateLimiter {
  const opts = { points: policy.points, duration: policy.durationSec, keyPrefix: 'api-v1' };
  const limiter =
    store.kind === 'pg'
      ? // No expiry sweep timer in a request-serving process: a key's row is reused once its window passed.
        new RateLimiterPrisma({
          ...opts,
          storeClient: store.db,
          tableName: 'apiRateLimit',
          clearExpiredByTimeout: false,
        })
      : store.kind === 'redis'
        ? new RateLimiterRedis({
            ...opts,
            storeClient: new Redis(store.url, { enableOfflineQueue: false }),
            // While Redis is unreachable (or still connecting) each instance limits on its own.
            insuranceLimiter: new RateLimiterMemory(opts),
          })
        : new RateLimiterMemory(opts);
  return {
    async consume(key) {
      let res: RateLimiterRes;
      let allowed = true;
      try {
        res = await limiter.consume(key, 1);
      } catch (e) {
        if (!(e instanceof RateLimiterRes)) throw e;
        res = e;
        allowed = false;
      }
      const remaining = Math.max(0, res.remainingPoints);
      const resetSec = Math.max(1, Math.ceil(res.msBeforeNext / 1000));
      const headers: Record<string, string> = {
        'RateLimit-Policy': `"default";q=${policy.points};w=${policy.durationSec}`,
        RateLimit: `"default";r=${remaining};t=${resetSec}`,
      };
      if (!allowed) headers['Retry-After'] = String(resetSec);
      return { allowed, limit: policy.points, remaining, resetSec, headers };
    },
  };
}
