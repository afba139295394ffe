import { accountKey, assertBalanced, effectiveInstant, type JournalEntry } from '@magma/ledger';
import { v7 as uuidv7 } from 'uuid';
import { accountIds, type Tx } from './ledger-accounts.ts';

export type PostOptions = {
  tx: Tx;
  tenantId: string;
  /** Each may name the split terms version it was made with (else `splitTermsId`). */
  entries: readonly (JournalEntry & { splitTermsId?: string | null })[];
  /** Why these entries are written (session-settled, refund, week-close, payout, adjustment). */
  purpose: string;
  /** Set on a session's entries: links them to the transaction. */
  transactionId?: string | null;
  splitTermsId?: string | null;
  /**
   * The end of the last week no longer open, when the caller already knows it (the week close posts
   * into the week it is closing). Otherwise read under the tenant's ledger lock.
   */
  lastClosedWeekEnd?: number | null;
  /** Shared across calls for one tenant (code → account id). */
  accountCache?: Map<string, string>;
};

/** The advisory lock key that orders postings against a week's close (one per tenant). */
export const ledgerLockKey = (tenantId: string) => `ledger:${tenantId}`;

/**
 * The end of the latest week that is closing or closed: an entry dated before it is booked at it
 * instead (it rolls into the open week; a closed week never changes). Takes the tenant's ledger lock
 * shared, so a week cannot start closing between this read and the caller's commit.
 */
export async function lastClosedWeekEnd(tx: Tx, tenantId: string): Promise<number | null> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtext(${ledgerLockKey(tenantId)}))`;
  const row = await tx.settlementWeek.findFirst({
    where: { tenantId, status: { not: 'OPEN' } },
    orderBy: { weekEnd: 'desc' },
    select: { weekEnd: true },
  });
  return row ? row.weekEnd.getTime() : null;
}

/**
 * Writes journal entries, each balanced, in the caller's transaction. An entry whose (source kind,
 * source id) was posted before is skipped: posting the same facts again writes nothing. Returns the
 * number of entries written.
 */
export async function postEntries(opts: PostOptions): Promise<number> {
  const { tx, tenantId, entries } = opts;
  if (entries.length === 0) return 0;
  for (const e of entries) assertBalanced(e);
  const closedEnd =
    opts.lastClosedWeekEnd === undefined ? await lastClosedWeekEnd(tx, tenantId) : opts.lastClosedWeekEnd;
  const ids = await accountIds(
    tx,
    tenantId,
    entries.flatMap((e) => e.lines.map((l) => l.account)),
    opts.accountCache,
  );
  // Time-ordered ids (UUID v7): the primary key and the lines' entry index grow at their end instead
  // of at a random page each (at millions of entries, random keys kept rewriting the whole index).
  const rows = entries.map((e) => ({
    id: uuidv7(),
    tenantId,
    sourceKind: e.source.kind,
    sourceId: e.source.id,
    purpose: opts.purpose,
    vendorId: e.vendorId,
    siteId: e.siteId,
    transactionId: opts.transactionId ?? e.sessionId ?? null,
    energyWh: e.session ? Math.round(e.session.energyMwh / 1000) : 0,
    sessions: e.session ? (e.session.count ?? 1) : 0,
    splitTermsId: e.splitTermsId ?? opts.splitTermsId ?? null,
    currency: e.lines[0]?.currency ?? 'INR',
    memo: e.memo.slice(0, 500),
    occurredAt: new Date(e.effectiveAt),
    bookedAt: new Date(effectiveInstant(e.effectiveAt, closedEnd)),
  }));
  // Only the entries this call wrote get lines: a duplicate's lines are already there.
  // One statement per table through unnest(): Prisma's createMany builds a query per row, which
  // costs more than PostgreSQL's work at a million sessions. Timestamps travel as UTC text into
  // timestamp(3) columns, as Prisma stores them.
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const iso = (k: 'occurredAt' | 'bookedAt') => rows.map((r) => r[k].toISOString().slice(0, 23));
  const written = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "JournalEntry" (id, "tenantId", "sourceKind", "sourceId", purpose, "vendorId", "siteId", "transactionId",
                                "energyWh", sessions, "splitTermsId", currency, memo, "occurredAt", "bookedAt")
    SELECT u.id, ${tenantId}::uuid, u.sk, u.si, ${opts.purpose}, u.v, u.s, u.t, u.wh, u.n, u.terms, u.cur, u.memo, u.o, u.b
    FROM unnest(${col('id')}::uuid[], ${col('sourceKind')}::text[], ${col('sourceId')}::text[], ${col('vendorId')}::uuid[],
                ${col('siteId')}::uuid[], ${col('transactionId')}::uuid[], ${col('energyWh')}::int[], ${col('sessions')}::int[],
                ${col('splitTermsId')}::uuid[], ${col('currency')}::text[], ${col('memo')}::text[],
                ${iso('occurredAt')}::timestamp(3)[], ${iso('bookedAt')}::timestamp(3)[])
      AS u(id, sk, si, v, s, t, wh, n, terms, cur, memo, o, b)
    ON CONFLICT ("tenantId", "sourceKind", "sourceId", purpose) DO NOTHING
    RETURNING id`;
  if (written.length === 0) return 0;
  const fresh = new Set(written.map((w) => w.id));
  const lines = rows.flatMap((row, i) =>
    fresh.has(row.id)
      ? entries[i]!.lines.map((l) => ({
          entryId: row.id,
          accountId: ids.get(accountKey(l.account))!,
          kind: row.sourceKind,
          amountMinor: l.amountMinor,
        }))
      : [],
  );
  await tx.$executeRaw`
    INSERT INTO "JournalLine" ("entryId", "tenantId", "accountId", kind, "amountMinor")
    SELECT u.e, ${tenantId}::uuid, u.a, u.k, u.m
    FROM unnest(${lines.map((l) => l.entryId)}::uuid[], ${lines.map((l) => l.accountId)}::uuid[],
                ${lines.map((l) => l.kind)}::text[], ${lines.map((l) => String(l.amountMinor))}::bigint[]) AS u(e, a, k, m)`;
  return written.length;
}
