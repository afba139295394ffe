import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { cursorPageFields, decodeCursor, pageOf } from '../pagination/cursor-page.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import {
  sessionFilterInput,
  sessionOrderBy,
  sessionRowSelect,
  sessionSortInput,
  sessionWhere,
} from './session-filter.ts';

export const listSessionsInput = sessionFilterInput.extend({
  sort: sessionSortInput,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** Sessions history (newest first unless sorted otherwise), with the totals of everything the filter selects. */
export async function listSessions({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSessionsInput>;
}) {
  const f = listSessionsInput.parse(input ?? {});
  const sdb = scopedDb(db, scope);
  const where = sessionWhere(f);
  const [rows, totals] = await Promise.all([
    sdb.transaction.findMany({
      where,
      orderBy: sessionOrderBy(f.sort),
      skip: (f.page - 1) * f.pageSize,
      take: f.pageSize,
      select: sessionRowSelect,
    }),
    sdb.transaction.aggregate({ where, _count: { _all: true }, _sum: { energyWh: true, costMinor: true } }),
  ]);
  return {
    rows,
    page: f.page,
    pageSize: f.pageSize,
    totals: {
      sessions: totals._count._all,
      energyWh: totals._sum.energyWh ?? 0,
      costMinor: totals._sum.costMinor ?? 0,
    },
  };
}

export const listSessionsPageInput = sessionFilterInput.extend(cursorPageFields);

/**
 * Sessions history a page at a time (REST /sessions): the same filter as listSessions, newest first,
 * each page after the previous page's last session (start time, then id).
 */
export async function listSessionsPage({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input?: z.input<typeof listSessionsPageInput>;
}) {
  const f = listSessionsPageInput.parse(input ?? {});
  const after = f.cursor ? decodeCursor(f.cursor, 2) : null;
  const at = after ? new Date(String(after[0])) : null;
  if (at && Number.isNaN(at.getTime())) throw new AppError('BAD_INPUT', 'Not a page cursor');
  const rows = await scopedDb(db, scope).transaction.findMany({
    where: {
      AND: [
        sessionWhere(f),
        ...(at ? [{ OR: [{ startedAt: { lt: at } }, { startedAt: at, id: { lt: String(after![1]) } }] }] : []),
      ],
    },
    orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
    take: f.limit + 1,
    select: sessionRowSelect,
  });
  return pageOf(rows, f.limit, (s) => [s.startedAt.toISOString(), s.id]);
}
