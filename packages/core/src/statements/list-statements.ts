import { z } from 'zod';
import type { Db } from '@magma/db';
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
  const emails = await sdb.statementEmail.findMany({
    where: { weekId: { in: weeks.map((w) => w.id) } },
    select: { weekId: true, vendorId: true, status: true, to: true, updatedAt: true },
  });
  const emailOf = (weekId: string, vendorId: string) => {
    const e = emails.find((x) => x.weekId === weekId && x.vendorId === vendorId);
    return e ? { status: e.status, to: e.to, at: e.updatedAt } : null;
  };
  const start = new Map(weeks.map((w) => [w.id, w.weekStart]));
  return rows
    .map((r) => ({
      id: r.id,
      weekId: r.weekId,
      weekStart: start.get(r.weekId)!,
      vendorId: r.vendorId,
      /** '' for the vendor's total over its sites, else the site's id ('none': postings of no site). */
      siteKey: r.siteKey,
      /** The weekly email of a vendor's total (SENT, OUTBOX, FAILED, SENDING, SKIPPED_NO_EMAIL); null before it ran. */
      email: r.siteKey === '' ? emailOf(r.weekId, r.vendorId) : null,
    }))
    .sort((a, b) => b.weekStart.getTime() - a.weekStart.getTime());
}
