import { circuitTreeProblems } from '@magma/allocator';
import type { Db, LoadCircuitModel, LoadPolicy } from '@magma/db';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { siteInScope } from './site-in-scope.ts';
import { circuitsForAllocator } from './site-tree.ts';

// Create or change one circuit of a site's load-balancing tree (#21): the site's main (no
// parent), a feeder, or the circuit chargers hang from. The whole tree is checked with the
// allocator's own rules before it is written (no cycle, a 1-phase circuit under no 3-phase one);
// an offline fallback must not be above every EVSE's maximum under it.
// Operator admins only: a capacity is an electrical fact of the site.

export const upsertCircuitInput = z
  .object({
    siteId: z.uuid(),
    /** Absent: a new circuit. */
    id: z.uuid().optional(),
    parentId: z.uuid().nullable().default(null),
    name: z.string().trim().min(1).max(100),
    phases: z.union([z.literal(1), z.literal(3)]).default(3),
    phase: z
      .union([z.literal(1), z.literal(2), z.literal(3)])
      .nullable()
      .default(null),
    voltageV: z.number().int().min(100).max(500).default(230),
    maxCurrentA: z.number().positive().max(100_000).nullable().default(null),
    maxPowerW: z.number().int().positive().max(1_000_000_000).nullable().default(null),
    safetyMarginPct: z.number().min(0).max(90).default(0),
    policy: z.enum(['EQUAL_SHARE', 'PRIORITY', 'FIRST_COME']).default('EQUAL_SHARE'),
    hysteresisA: z.number().min(0).max(32).default(1),
    /**
     * What each balanced EVSE under it may draw while its charger has lost the CSMS, A per phase:
     * 0 pauses sessions that start then; null inherits the parent circuit's (at the top circuit:
     * each EVSE's minimum current). Capped per EVSE at its maximum.
     */
    fallbackCurrentA: z.number().min(0).max(1000).nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .refine((c) => c.maxCurrentA !== null || c.maxPowerW !== null, { message: 'A circuit needs a capacity in A or W' })
  .refine((c) => c.id === undefined || c.parentId !== c.id, { message: 'A circuit cannot be its own parent' });
export type UpsertCircuitInput = z.input<typeof upsertCircuitInput>;

export async function upsertCircuit({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: UpsertCircuitInput;
}): Promise<LoadCircuitModel> {
  assertAdmin(scope);
  const parsed = upsertCircuitInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid circuit');
  const { id, siteId, ...fields } = parsed.data;
  await siteInScope(db, scope, siteId);
  const sdb = scopedDb(db, scope);
  const tree = await sdb.loadCircuit.findMany({ where: { siteId } });
  if (id !== undefined && !tree.some((c) => c.id === id)) throw new AppError('NOT_FOUND', 'No such circuit');
  if (fields.parentId !== null && !tree.some((c) => c.id === fields.parentId)) {
    throw new AppError('BAD_INPUT', 'The parent circuit is not on this site');
  }
  const draft = { ...fields, id: id ?? 'new', policy: fields.policy as LoadPolicy };
  const next = [...tree.filter((c) => c.id !== id), draft];
  const problems = circuitTreeProblems(circuitsForAllocator(next));
  if (problems.length) throw new AppError('BAD_INPUT', problems.join('; '));
  if (id !== undefined && fields.fallbackCurrentA) await fallbackWithinEvses(sdb, next, id, fields.fallbackCurrentA);
  if (id === undefined) return sdb.loadCircuit.create({ data: { tenantId: scope.tenantId, siteId, ...fields } });
  return sdb.loadCircuit.update({ where: { id }, data: fields });
}

/** A fallback above every EVSE's maximum under the circuit is a mistake, not a wish to cap nothing. */
async function fallbackWithinEvses(
  sdb: ReturnType<typeof scopedDb>,
  tree: readonly { id: string; parentId: string | null }[],
  id: string,
  fallbackA: number,
) {
  const under = new Set([id]);
  for (let grew = true; grew;) {
    grew = false;
    for (const c of tree) {
      if (c.parentId !== null && under.has(c.parentId) && !under.has(c.id)) {
        under.add(c.id);
        grew = true;
      }
    }
  }
  const top = await sdb.loadCircuitEvse.aggregate({
    where: { circuitId: { in: [...under] } },
    _max: { maxCurrentA: true },
  });
  const highest = top._max.maxCurrentA;
  if (highest !== null && fallbackA > highest) {
    throw new AppError(
      'BAD_INPUT',
      `The offline fallback (${fallbackA} A) is above the maximum of every EVSE under this circuit (${highest} A)`,
    );
  }
}
