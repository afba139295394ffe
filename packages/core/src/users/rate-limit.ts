import type { Db } from '@magma/db';

// Fixed-window counters in PostgreSQL so every web process shares them.

export type RateLimit = { limit: number; windowMs: number };

export const SIGN_IN_LIMIT: RateLimit = { limit: 5, windowMs: 15 * 60_000 };

/** Counts one hit against `key`, starting a new window when the old one has passed. */
async function countHit({ db, key, rule, now = new Date() }: { db: Db; key: string; rule: RateLimit; now?: Date }) {
  const windowFloor = new Date(now.getTime() - rule.windowMs);
  const rows = await db.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN 1 ELSE "RateLimitBucket"."count" + 1 END,
      "windowStart" = CASE WHEN "RateLimitBucket"."windowStart" <= ${windowFloor} THEN ${now} ELSE "RateLimitBucket"."windowStart" END
    RETURNING "count", "windowStart"`;
  return rows[0] ?? { count: 1, windowStart: now };
}

/**
 * Claims one attempt against `key` before the attempt is made: false when the window is used up.
 * Counting first, in one statement, is what holds the limit against attempts sent in parallel;
 * checking and counting separately lets every attempt in flight pass the check before any counts.
 */
export async function takeRateLimitSlot(args: { db: Db; key: string; rule: RateLimit; now?: Date }) {
  return (await claimRateLimitSlot(args)).taken;
}

/** takeRateLimitSlot that also tells when the window ends, for a "try again at" message. */
export async function claimRateLimitSlot(args: { db: Db; key: string; rule: RateLimit; now?: Date }) {
  const { count, windowStart } = await countHit(args);
  return { taken: count <= args.rule.limit, retryAt: new Date(windowStart.getTime() + args.rule.windowMs) };
}

/**
 * Gives back a slot taken for an attempt that turned out not to count (a success, or an attempt
 * refused by another limit before it was checked). Only the slot: the rest of the window stands.
 */
export async function releaseRateLimitSlot({ db, key }: { db: Db; key: string }) {
  await db.$executeRaw`UPDATE "RateLimitBucket" SET "count" = GREATEST("count" - 1, 0) WHERE "key" = ${key}`;
}

export async function resetRateLimit({ db, key }: { db: Db; key: string }) {
  await db.rateLimitBucket.deleteMany({ where: { key } });
}
