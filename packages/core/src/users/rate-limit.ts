import type { Db } from '@magma/db';

// Fixed-window counters in PostgreSQL so every web process shares them.

export type RateLimit = { limit: number; windowMs: number };

/** Sign-in failures of one account from one client: five free, then 1 s, 2 s, 4 s… up to 15 minutes. */
export const SIGN_IN_CLIENT_BACKOFF: Backoff = { free: 5, baseMs: 1_000, maxMs: 15 * 60_000, forgetMs: 24 * 3_600_000 };
/** Sign-in failures from one client address across accounts (password spraying). */
export const SIGN_IN_ADDRESS_BACKOFF: Backoff = {
  free: 20,
  baseMs: 1_000,
  maxMs: 15 * 60_000,
  forgetMs: 24 * 3_600_000,
};

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

/**
 * A growing delay instead of a fixed window: the first `free` attempts pass at once, then each
 * further one must wait `baseMs`, doubling per attempt up to `maxMs` after the previous one. The
 * count is forgotten `forgetMs` after the last attempt (or when the caller resets it on success).
 * An attacker therefore slows one client down instead of locking an account out for everyone.
 */
export type Backoff = { free: number; baseMs: number; maxMs: number; forgetMs: number };

/** The wait after `count` attempts before the next one may run. */
export function backoffDelayMs(rule: Backoff, count: number): number {
  if (count < rule.free) return 0;
  return Math.min(rule.baseMs * 2 ** Math.min(count - rule.free, 40), rule.maxMs);
}

/**
 * Claims one attempt against `key` in one statement (so parallel attempts queue on the row lock
 * and each sees the previous one's count): taken when the delay owed since the last attempt has
 * passed; otherwise nothing changes and `retryAt` tells when the next attempt may run.
 */
export async function claimBackoffSlot({
  db,
  key,
  rule,
  now = new Date(),
}: {
  db: Db;
  key: string;
  rule: Backoff;
  now?: Date;
}): Promise<{ taken: boolean; retryAt: Date }> {
  const forgetFloor = new Date(now.getTime() - rule.forgetMs);
  const taken = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" AS b ("key", "windowStart", "count") VALUES (${key}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN b."windowStart" <= ${forgetFloor} THEN 1 ELSE b."count" + 1 END,
      "windowStart" = ${now}
    WHERE b."windowStart" <= ${forgetFloor}
       OR b."count" < ${rule.free}
       OR b."windowStart" + make_interval(secs => LEAST(
            ${rule.baseMs}::float8 * power(2::float8, LEAST(b."count" - ${rule.free}, 40)), ${rule.maxMs}::float8
          ) / 1000.0) <= ${now}
    RETURNING "count"`;
  if (taken.length) return { taken: true, retryAt: now };
  const row = await db.rateLimitBucket.findUnique({ where: { key }, select: { count: true, windowStart: true } });
  if (!row) return { taken: false, retryAt: now };
  return { taken: false, retryAt: new Date(row.windowStart.getTime() + backoffDelayMs(rule, row.count)) };
}
