import { z } from 'zod';
import type { Db, Prisma } from '@magma/db';
import { afterCursor, cursorPageFields, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const listStatementsInput = z
  .object({
    /** One week's statements; otherwise those of the newest `weeks` closed weeks. */
    weekId: z.uuid().optional(),
    weeks: z.number().int().min(1).max(104).default(26),
  })
  .strict();

/**
 * The statements a user may download (a vendor user: its own), newest week first: each vendor's
 * total and its site parts, with the ids the PDF route takes.
 */
export async function listStatements({
  db,
  scope,
  input = {},
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listStatementsInput>;
}) {
  const q = listStatementsInput.parse(input);
  const sdb = scopedDb(db, scope);
  const weeks = await sdb.settlementWeek.findMany({
    where: { status: 'CLOSED', ...(q.weekId ? { id: q.weekId } : {}) },
    orderBy: { weekStart: 'desc' },
    take: q.weeks,
    select: { id: true, weekStart: true },
  });
  const rows = await sdb.settlementStatement.findMany({
    where: { weekId: { in: weeks.map((w) => w.id) } },
    select: { id: true, weekId: true, vendorId: true, siteKey: true },
    orderBy: [{ vendorId: 'asc' }, { siteKey: 'asc' }],
  });
  const listed = await withEmails(sdb, weeks, rows);
  return listed.sort((a, b) => b.weekStart.getTime() - a.weekStart.getTime());
}

type StatementRow = { id: string; weekId: string; vendorId: string; siteKey: string };

async function withEmails(
  sdb: ReturnType<typeof scopedDb>,
  weeks: { id: string; weekStart: Date }[],
  rows: StatementRow[],
) {
  const emails = await sdb.statementEmail.findMany({
    where: { weekId: { in: weeks.map((w) => w.id) } },
    select: { weekId: true, vendorId: true, status: true, to: true, updatedAt: true },
  });
  const emailOf = (weekId: string, vendorId: string) => {
    const e = emails.find((x) => x.weekId === weekId && x.vendorId === vendorId);
    return e ? { status: e.status, to: e.to, at: e.updatedAt } : null;
  };
  const start = new Map(weeks.map((w) => [w.id, w.weekStart]));
  return rows.map((r) => ({
    id: r.id,
    weekId: r.weekId,
    weekStart: start.get(r.weekId)!,
    vendorId: r.vendorId,
    /** '' for the vendor's total over its sites, else the site's id ('none': postings of no site). */
    siteKey: r.siteKey,
    /** The weekly email of a vendor's total (SENT, OUTBOX, FAILED, SENDING, SKIPPED_NO_EMAIL); null before it ran. */
    email: r.siteKey === '' ? emailOf(r.weekId, r.vendorId) : null,
  }));
}

export const listStatementsPageInput = z
  .object({
    /** One week's statements; otherwise every closed week's. */
    weekId: z.uuid().optional(),
    ...cursorPageFields,
  })
  .strict();

/**
 * Closed statements a page at a time (REST /settlement-statements; a vendor user: its own), newest
 * first, keyset on (createdAt, id): a statement is written once, when its week closes.
 */
export async function listStatementsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listStatementsPageInput>;
}) {
  const f = listStatementsPageInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const rows = await sdb.settlementStatement.findMany({
    where: {
      week: { status: 'CLOSED' },
      ...(f.weekId ? { weekId: f.weekId } : {}),
      ...(afterCursor(f.cursor, {
        field: 'createdAt',
        dir: 'desc',
        kind: 'date',
      }) as Prisma.SettlementStatementWhereInput),
    },
    select: { id: true, weekId: true, vendorId: true, siteKey: true, createdAt: true },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
  });
  const page = pageOf(rows, f.limit, (r) => [r.createdAt.toISOString(), r.id]);
  const weeks = await sdb.settlementWeek.findMany({
    where: { id: { in: [...new Set(page.items.map((r) => r.weekId))] } },
    select: { id: true, weekStart: true },
  });
  return { items: await withEmails(sdb, weeks, page.items), nextCursor: page.nextCursor };
}
