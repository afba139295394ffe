import { z } from 'zod';
import { Prisma } from '@magma/db';
import type { Scope } from '../tenancy/scope.ts';
import { connectorFilterInput, connectorWhereSql } from './connector-query.ts';

// The overview's filters that narrow the figures and the power chart as well as the connector
// table: city, site, model and power level (status and the id search narrow the table only).

export const fleetFilterInput = connectorFilterInput.pick({ city: true, siteId: true, model: true, power: true });
export type FleetFilter = z.output<typeof fleetFilterInput>;

export const isEmptyFleetFilter = (f: FleetFilter | undefined): boolean =>
  !f || !(f.city?.length || f.siteId?.length || f.model?.length || f.power?.length);

/** A stable key of the filter for caches (same filter, same key, whatever the order given). */
export function fleetFilterKey(f: FleetFilter | undefined): string {
  if (isEmptyFleetFilter(f)) return '';
  const part = (v: readonly string[] | undefined) => [...(v ?? [])].sort().join(',');
  return `${part(f!.city)}|${part(f!.siteId)}|${part(f!.model)}|${part(f!.power)}`;
}

/**
 * `TRUE` without a filter; otherwise the row's (charger, EVSE) must have a connector the filter
 * selects in the scope. Rows of EVSE 0 (readings the charger did not tie to an EVSE) match no
 * filter.
 */
export function evseFilterSql(
  scope: Scope,
  f: FleetFilter | undefined,
  cols: { charger: Prisma.Sql; evse: Prisma.Sql },
): Prisma.Sql {
  if (isEmptyFleetFilter(f)) return Prisma.sql`TRUE`;
  return Prisma.sql`(${cols.charger}, ${cols.evse}) IN (SELECT c."chargerId", c."evseId" ${connectorWhereSql(scope, f!)})`;
}
