import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export async function listSites({ db, scope }: { db: Db; scope: Scope }) {
  return scopedDb(db, scope).site.findMany({
    orderBy: [{ city: 'asc' }, { name: 'asc' }],
    select: {
      id: true,
      name: true,
      address: true,
      city: true,
      state: true,
      vendor: { select: { id: true, name: true } },
      _count: { select: { chargers: true } },
    },
  });
}

export const siteIdInput = z.object({ id: z.uuid() });

export async function getSite({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof siteIdInput> }) {
  const { id } = siteIdInput.parse(input);
  const site = await scopedDb(db, scope).site.findFirst({
    where: { id },
    include: {
      vendor: { select: { id: true, name: true } },
      chargers: { select: { id: true, identity: true, status: true, online: true } },
    },
  });
  if (!site) throw new AppError('NOT_FOUND', 'No such site');
  return site;
}
