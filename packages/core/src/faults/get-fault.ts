import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';

export const getFaultInput = z.object({ faultId: z.uuid() });

/**
 * One fault with its charger's identity and site: what the dashboard's alert names when a live
 * "fault opened" event (which carries ids only) reaches a page. Found through the scope, so a vendor
 * user reads only its own chargers' faults; anything else is NOT_FOUND.
 */
export async function getFault({ db, scope, input }: { db: Db; scope: Scope; input: z.input<typeof getFaultInput> }) {
  const { faultId } = getFaultInput.parse(input);
  const fault = await scopedDb(db, scope).fault.findFirst({
    where: { id: faultId },
    include: { charger: { select: { id: true, identity: true, site: { select: { name: true, city: true } } } } },
  });
  if (!fault) throw new AppError('NOT_FOUND', 'No such fault');
  return fault;
}
