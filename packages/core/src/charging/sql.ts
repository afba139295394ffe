import { Prisma } from '@magma/db';

// The hot paths (meter values, status, starts, presence) run as one SQL statement each: one round
// trip, atomic on its own, and far cheaper than several ORM calls. Timestamps are stored the way
// Prisma stores DateTime: UTC in `timestamp(3)` columns.

/** A JS Date as the UTC `timestamp` Prisma stores. */
export const utc = (d: Date) => Prisma.sql`(${d.toISOString()}::timestamptz AT TIME ZONE 'UTC')`;

export const nowUtc = Prisma.sql`(now() AT TIME ZONE 'UTC')`;
