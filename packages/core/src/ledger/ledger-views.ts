import { z } from 'zod';
import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { minorOf } from './money-columns.ts';

export const ledgerFilter = z
  .object({
    vendorId: z.uuid().optional(),
    siteId: z.uuid().optional(),
    transactionId: z.uuid().optional(),
    sourceKind: z.string().max(40).optional(),
    from: z.coerce.date().optional(),
    to: z.coerce.date().optional(),
    /** The last entry id of the previous page. */
    cursor: z.uuid().optional(),
    take: z.number().int().min(1).max(200).default(50),
  })
  .strict();

/** The ledger browser: entries with their lines, newest first, filtered; a vendor user sees its own. */
export async function listJournalEntries({
  db,
  scope,
  filter,
}: {
  db: Db;
  scope: Scope;
  filter: z.input<typeof ledgerFilter>;
}) {
  const f = ledgerFilter.parse(filter);
  const rows = await scopedDb(db, scope).journalEntry.findMany({
    where: {
      ...(f.vendorId ? { vendorId: f.vendorId } : {}),
      ...(f.siteId ? { siteId: f.siteId } : {}),
      ...(f.transactionId ? { transactionId: f.transactionId } : {}),
      ...(f.sourceKind ? { sourceKind: f.sourceKind } : {}),
      ...(f.from || f.to ? { bookedAt: { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } } : {}),
    },
    orderBy: [{ bookedAt: 'desc' }, { id: 'desc' }],
    take: f.take + 1,
    ...(f.cursor ? { cursor: { id: f.cursor }, skip: 1 } : {}),
    include: {
      lines: { orderBy: { id: 'asc' }, select: { amountMinor: true, account: { select: { code: true, name: true } } } },
    },
  });
  const page = rows.slice(0, f.take);
  return {
    entries: page.map((e) => ({
      id: e.id,
      sourceKind: e.sourceKind,
      sourceId: e.sourceId,
      purpose: e.purpose,
      vendorId: e.vendorId,
      siteId: e.siteId,
      transactionId: e.transactionId,
      memo: e.memo,
      occurredAt: e.occurredAt,
      bookedAt: e.bookedAt,
      lines: e.lines.map((l) => ({
        account: l.account.code,
        accountName: l.account.name,
        amountMinor: minorOf(l.amountMinor),
      })),
    })),
    nextCursor: rows.length > f.take ? page[page.length - 1]!.id : null,
  };
}

/** Every account's balance, derived from its lines (never stored). A vendor user: its payable. */
export async function ledgerBalances({ db, scope }: { db: Db; scope: Scope }) {
  const sdb = scopedDb(db, scope);
  const accounts = await sdb.ledgerAccount.findMany({ orderBy: { code: 'asc' } });
  const sums = await db.journalLine.groupBy({
    by: ['accountId'],
    where: { tenantId: scope.tenantId, accountId: { in: accounts.map((a) => a.id) } },
    _sum: { amountMinor: true },
  });
  return accounts.map((a) => ({
    id: a.id,
    code: a.code,
    kind: a.kind,
    name: a.name,
    vendorId: a.vendorId,
    balanceMinor: minorOf(sums.find((s) => s.accountId === a.id)?._sum.amountMinor),
  }));
}
