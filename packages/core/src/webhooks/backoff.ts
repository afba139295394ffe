// When the next attempt of a failed delivery is due: exponential from `baseMs`, capped at `maxMs`,
// with ±20 % jitter so that the deliveries of one outage do not all come back at the same second.
// Past the delivery's lifetime (24 h by default) there is no next attempt: it is marked failed.

export type BackoffPolicy = { baseMs: number; maxMs: number; lifetimeMs: number };

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 10_000, maxMs: 6 * 3_600_000, lifetimeMs: 24 * 3_600_000 };

export function retryDelayMs(
  failedAttempts: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exp * (0.8 + 0.4 * random()));
}

/** The next attempt's time, or null when the delivery has run out of its lifetime. */
export function nextAttemptAt({
  failedAttempts,
  createdAt,
  now,
  policy,
  random,
}: {
  failedAttempts: number;
  createdAt: Date;
  now: Date;
  policy: BackoffPolicy;
  random?: () => number;
}): Date | null {
  const next = now.getTime() + retryDelayMs(failedAttempts, policy, random);
  return next > createdAt.getTime() + policy.lifetimeMs ? null : new Date(next);
}
