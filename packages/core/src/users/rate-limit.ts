import type { Db } from '@magma/db';

// Fixed-window counters in PostgreSQL so every web process shares them.

export type RateLimit = { limit: number; windowMs: number };

export const SIGN_IN_LIMIT: RateLimit = { limit: 5, windowMs: 15 * 60_000 };

/** True when `key` has used up its window. Does not count anything. */
export async function isRateLimited({
  db,
  key,
  rule,
  now = new Date(),
}: {
  db: Db;
  key: string;
  rule: RateLimit;
  now?: Date;
}) {
  const b = await db.rateLimitBucket.findUnique({ where: { key } });
  if (!b) return false;
  if (b.windowStart.getTime() + rule.windowMs <= now.getTime()) return false;
  return b.count >= rule.limit;
}

/** Counts one hit against `key`, starting a new window when the old one has passed. */
export async function hitRateLimit({
  db,
  key,
  rule,
  now = new Date(),
}: {
  db: Db;
  key: string;
  rule: RateLimit;
  now?: Date;
}) {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN ${now} ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count"`;
  return rows[0]?.count ?? 1;
}

/**
 * Claims one attempt against `key` before the attempt is made: false when the window is used up.
 * Counting first, in one statement, is what holds the limit against attempts sent in parallel;
 * checking and counting separately lets every attempt in flight pass the check before any counts.
 */
export async function takeRateLimitSlot(args: { db: Db; key: string; rule: RateLimit; now?: Date }) {
  return (await hitRateLimit(args)) <= args.rule.limit;
}

export async function resetRateLimit({ db, key }: { db: Db; key: string }) {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}
