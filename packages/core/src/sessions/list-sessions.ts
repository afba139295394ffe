import { z } from 'zod';
import type { Db } from '@magma/db';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { sessionFilterInput, sessionRowSelect, sessionWhere } from './session-filter.ts';

export const listSessionsInput = sessionFilterInput.extend({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** Sessions history, newest first, with the totals of everything the filter selects. */
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
      orderBy: [{ startedAt: 'desc' }, { id: 'desc' }],
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
