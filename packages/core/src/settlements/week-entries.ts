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
          ...(r.sessions > 0
            ? { session: { sessionId: r.transactionId ?? r.sourceId, energyMwh: r.energyWh * 1000 } }
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
