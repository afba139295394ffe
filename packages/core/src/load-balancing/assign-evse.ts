import type { Db, LoadCircuitEvseModel } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';

// Put a charger's EVSE (1.6 connector) under a circuit of its site, with its range, or take it
// out (circuitId null). An EVSE hangs from one circuit at a time: assigning it again moves it.

export const assignEvseInput = z
  .object({
    chargerId: z.uuid(),
    evseId: z.number().int().min(1).max(64),
    circuitId: z.uuid().nullable(),
    phases: z.union([z.literal(1), z.literal(3)]).default(3),
    /** IEC 61851: 6 A is the least a vehicle can charge with. */
    minCurrentA: z.number().min(0).max(1000).default(6),
    maxCurrentA: z.number().positive().max(1000).default(32),
    priority: z.number().int().min(-1000).max(1000).default(0),
  })
  .refine((e) => e.minCurrentA <= e.maxCurrentA, { message: 'The minimum current is above the maximum' });
export type AssignEvseInput = z.input<typeof assignEvseInput>;

export async function assignEvse({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: AssignEvseInput;
}): Promise<{ assignment: LoadCircuitEvseModel | null; siteId: string }> {
  assertAdmin(scope);
  const parsed = assignEvseInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid assignment');
  const { chargerId, evseId, circuitId, ...range } = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await sdb.charger.findFirst({ where: { id: chargerId }, select: { id: true, siteId: true } });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  if (!charger.siteId) throw new AppError('BAD_INPUT', 'The charger is on no site');
  if (circuitId === null) {
    await sdb.loadCircuitEvse.deleteMany({ where: { chargerId, evseId } });
    return { assignment: null, siteId: charger.siteId };
  }
  const circuit = await sdb.loadCircuit.findFirst({ where: { id: circuitId }, select: { siteId: true } });
  if (!circuit) throw new AppError('NOT_FOUND', 'No such circuit');
  if (circuit.siteId !== charger.siteId) throw new AppError('BAD_INPUT', 'The circuit is on another site');
  const existing = await sdb.loadCircuitEvse.findFirst({ where: { chargerId, evseId }, select: { id: true } });
  const assignment = existing
    ? await sdb.loadCircuitEvse.update({ where: { id: existing.id }, data: { circuitId, ...range } })
    : await sdb.loadCircuitEvse.create({
        data: { tenantId: scope.tenantId, chargerId, evseId, circuitId, ...range },
      });
  return { assignment, siteId: charger.siteId };
}
