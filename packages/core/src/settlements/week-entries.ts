import type { Db } from '@magma/db';
import type { JournalEntry, SourceKind } from '@magma/ledger';
import { accountOf, type Tx } from '../ledger/ledger-accounts.ts';
import { minorOf } from '../ledger/money-columns.ts';

type Row = {
  id: string;
  sourceKind: string;
  sourceId: string;
  vendorId: string | null;
  siteId: string | null;
  transactionId: string | null;
  energyWh: number;
  sessions: number;
  bookedAt: Date;
  memo: string | null;
  amountMinor: bigint;
  accountKind: string;
  accountVendorId: string | null;
  currency: string;
};

/**
 * The entries booked in [from, to) of a tenant, page by page in (bookedAt, id) order, with their
 * lines: memory holds one page, whatever the week's size.
 */
export async function* streamBookedEntries(
  db: Db | Tx,
  {
    tenantId,
    from,
    to,
    vendorId = null,
    pageSize = 5000,
  }: { tenantId: string; from: Date; to: Date; vendorId?: string | null; pageSize?: number },
): AsyncGenerator<JournalEntry[]> {
  let after: { bookedAt: Date; id: string } | null = null;
  for (;;) {
    const afterAt: Date = after?.bookedAt ?? new Date(from.getTime() - 1);
    const afterId: string = after?.id ?? '00000000-0000-0000-0000-000000000000';
    const rows: Row[] = await db.$queryRaw<Row[]>`
      SELECT e.id, e."sourceKind", e."sourceId", e."vendorId", e."siteId", e."transactionId", e."energyWh",
             e.sessions, e."bookedAt", e.memo, l."amountMinor", a.kind AS "accountKind",
             a."vendorId" AS "accountVendorId", e.currency
      FROM (
        SELECT * FROM "JournalEntry"
        WHERE "tenantId" = ${tenantId}::uuid AND "bookedAt" >= ${from} AND "bookedAt" < ${to}
          AND ("bookedAt", id) > (${afterAt}, ${afterId}::uuid)
          AND (${vendorId}::uuid IS NULL OR "vendorId" = ${vendorId}::uuid)
        ORDER BY "bookedAt", id
        LIMIT ${pageSize}
      ) e
      JOIN "JournalLine" l ON l."entryId" = e.id
      JOIN "LedgerAccount" a ON a.id = l."accountId"
      ORDER BY e."bookedAt", e.id, l.id`;
    if (rows.length === 0) return;
    const page: JournalEntry[] = [];
    let current: JournalEntry | null = null;
    let currentId = '';
    for (const r of rows) {
      if (r.id !== currentId) {
        currentId = r.id;
        current = {
          source: { kind: r.sourceKind as SourceKind, id: r.sourceId },
          effectiveAt: r.bookedAt.getTime(),
          vendorId: r.vendorId,
          siteId: r.siteId,
          sessionId: r.transactionId,
          memo: r.memo ?? '',
          lines: [],
          ...(r.sessions > 0 || r.energyWh !== 0
            ? {
                session: {
                  sessionId: r.transactionId ?? r.sourceId,
                  energyMwh: r.energyWh * 1000,
                  count: r.sessions > 0 ? (1 as const) : (0 as const),
                },
              }
            : {}),
        };
        page.push(current);
      }
      current!.lines.push({
        account: accountOf({ kind: r.accountKind, vendorId: r.accountVendorId }),
        amountMinor: minorOf(r.amountMinor),
        currency: r.currency,
      });
    }
    yield page;
    const last = rows[rows.length - 1]!;
    after = { bookedAt: last.bookedAt, id: last.id };
  }
}

type CursorRow = {
  sourceKind: string;
  sourceId: string;
  vendorId: string | null;
  siteId: string | null;
  transactionId: string | null;
  energyWh: number;
  sessions: number;
  bookedAt: Date;
  memo: string | null;
  currency: string;
  accounts: string[];
  amounts: bigint[];
};

/**
 * Every entry booked in [from, to) of a tenant with its lines, handed to `onPage` a page at a time,
 * in no particular order (for folds whose result does not depend on it, like the week's close).
 * One cursor in one read-only transaction: a single pass over the week and its lines, a consistent
 * snapshot of it, and memory for one page whatever the week's size. (Keyset pages in (bookedAt, id)
 * order made PostgreSQL read and sort the rest of the week for every page: quadratic.)
 */
export async function forEachBookedEntryPage(
  db: Db,
  { tenantId, from, to, pageSize = 5000 }: { tenantId: string; from: Date; to: Date; pageSize?: number },
  onPage: (page: JournalEntry[]) => void,
): Promise<void> {
  if (!Number.isSafeInteger(pageSize) || pageSize < 1) throw new RangeError(`bad page size ${pageSize}`);
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw`
        DECLARE booked_entries NO SCROLL CURSOR FOR
        SELECT e."sourceKind", e."sourceId", e."vendorId", e."siteId", e."transactionId", e."energyWh", e.sessions,
               e."bookedAt", e.memo, e.currency, l.accounts, l.amounts
        FROM "JournalEntry" e
        CROSS JOIN LATERAL (
          SELECT array_agg(l."accountId" ORDER BY l.id) AS accounts, array_agg(l."amountMinor" ORDER BY l.id) AS amounts
          FROM "JournalLine" l WHERE l."entryId" = e.id
        ) l
        WHERE e."tenantId" = ${tenantId}::uuid AND e."bookedAt" >= ${from} AND e."bookedAt" < ${to}`;
      // Read after the cursor's snapshot was taken: every account its lines name is here (accounts
      // are never deleted).
      const accounts = new Map(
        (
          await tx.ledgerAccount.findMany({ where: { tenantId }, select: { id: true, kind: true, vendorId: true } })
        ).map((a) => [a.id, accountOf(a)]),
      );
      // The next page is asked for before this one is handed over: PostgreSQL reads it meanwhile.
      const fetchPage = () => tx.$queryRawUnsafe<CursorRow[]>(`FETCH ${pageSize} FROM booked_entries`);
      let next = fetchPage();
      for (;;) {
        const rows = await next;
        if (rows.length === 0) return;
        next = fetchPage();
        onPage(
          rows.map((r) => ({
            source: { kind: r.sourceKind as SourceKind, id: r.sourceId },
            effectiveAt: r.bookedAt.getTime(),
            vendorId: r.vendorId,
            siteId: r.siteId,
            sessionId: r.transactionId,
            memo: r.memo ?? '',
            lines: (r.accounts ?? []).map((id, i) => ({
              account: accounts.get(id)!,
              amountMinor: minorOf(r.amounts[i]),
              currency: r.currency,
            })),
            ...(r.sessions > 0 || r.energyWh !== 0
              ? {
                  session: {
                    sessionId: r.transactionId ?? r.sourceId,
                    energyMwh: r.energyWh * 1000,
                    count: r.sessions > 0 ? (1 as const) : (0 as const),
                  },
                }
              : {}),
          })),
        );
      }
    },
    // A week of a million sessions takes minutes to read.
    { timeout: 60 * 60_000 },
  );
}
