import type { Db, LoadPolicy } from '@magma/db';
import { z } from 'zod';
import type { Scope } from '../tenancy/scope.ts';
import { siteInScope } from './site-in-scope.ts';

// A site's load balancing as the dashboard shows it (#21): every circuit with its capacity (after
// the safety margin), what is allocated under it (the limits last accepted by the chargers) and
// what is drawn (the latest meter power), and every EVSE under it. The operator and the vendor that
// owns the site read it.

export const getSiteAllocationInput = z.object({ siteId: z.uuid() });
export type GetSiteAllocationInput = z.input<typeof getSiteAllocationInput>;

export type SiteAllocationEvse = {
  id: string;
  circuitId: string;
  chargerId: string;
  identity: string;
  online: boolean;
  evseId: number;
  phases: number;
  minCurrentA: number;
  maxCurrentA: number;
  priority: number;
  charging: boolean;
  limitA: number | null;
  limitW: number | null;
  drawnW: number | null;
  lastSentAt: Date | null;
};

export type SiteAllocationCircuit = {
  id: string;
  parentId: string | null;
  name: string;
  phases: number;
  phase: number | null;
  voltageV: number;
  maxCurrentA: number | null;
  maxPowerW: number | null;
  safetyMarginPct: number;
  policy: LoadPolicy;
  hysteresisA: number;
  enabled: boolean;
  /** The offline fallback set on it (A per phase), null: its parent's (at the top: each EVSE's minimum). */
  fallbackCurrentA: number | null;
  /** The lower of the A and W capacities over all phases, after the margin, in W. */
  capacityW: number;
  /** Sums over every EVSE under the circuit, sub-circuits included. */
  allocatedW: number;
  drawnW: number;
};

export type SiteAllocation = { siteId: string; circuits: SiteAllocationCircuit[]; evses: SiteAllocationEvse[] };

export async function getSiteAllocation({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: GetSiteAllocationInput;
}): Promise<SiteAllocation> {
  const { siteId } = getSiteAllocationInput.parse(input);
  await siteInScope(db, scope, siteId);
  // The site was checked in the caller's scope above; its circuits are read by tenant and site.
  const tenantId = scope.tenantId;
  const circuits = await db.loadCircuit.findMany({ where: { tenantId, siteId }, orderBy: { createdAt: 'asc' } });
  const rows = await db.loadCircuitEvse.findMany({
    where: { tenantId, circuitId: { in: circuits.map((c) => c.id) } },
    orderBy: [{ chargerId: 'asc' }, { evseId: 'asc' }],
  });
  const chargerIds = [...new Set(rows.map((r) => r.chargerId))];
  const [chargers, connectors, active] = await Promise.all([
    db.charger.findMany({
      where: { tenantId, id: { in: chargerIds } },
      select: { id: true, identity: true, online: true },
    }),
    db.connector.findMany({
      where: { tenantId, chargerId: { in: chargerIds } },
      select: { chargerId: true, evseId: true, livePowerW: true },
    }),
    db.transaction.findMany({
      where: { tenantId, chargerId: { in: chargerIds }, status: 'ACTIVE' },
      select: { chargerId: true, evseId: true },
    }),
  ]);
  const charger = new Map(chargers.map((c) => [c.id, c]));
  const charging = new Set(active.map((t) => `${t.chargerId}/${t.evseId}`));
  const drawn = new Map<string, number>();
  for (const c of connectors) {
    if (c.livePowerW === null) continue;
    const k = `${c.chargerId}/${c.evseId}`;
    drawn.set(k, (drawn.get(k) ?? 0) + c.livePowerW);
  }
  const evses: SiteAllocationEvse[] = rows.map((r) => {
    const k = `${r.chargerId}/${r.evseId}`;
    const c = charger.get(r.chargerId);
    const isCharging = charging.has(k);
    return {
      id: r.id,
      circuitId: r.circuitId,
      chargerId: r.chargerId,
      identity: c?.identity ?? '',
      online: c?.online ?? false,
      evseId: r.evseId,
      phases: r.phases,
      minCurrentA: r.minCurrentA,
      maxCurrentA: r.maxCurrentA,
      priority: r.priority,
      charging: isCharging,
      limitA: isCharging ? r.lastLimitA : null,
      limitW: isCharging ? r.lastLimitW : null,
      drawnW: isCharging ? (drawn.get(k) ?? null) : null,
      lastSentAt: r.lastSentAt,
    };
  });
  const children = new Map<string, string[]>();
  for (const c of circuits) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
  const under = (id: string, seen = new Set<string>()): Set<string> => {
    if (seen.has(id)) return seen;
    seen.add(id);
    for (const k of children.get(id) ?? []) under(k, seen);
    return seen;
  };
  return {
    siteId,
    evses,
    circuits: circuits.map((c) => {
      const keep = (100 - c.safetyMarginPct) / 100;
      const caps = [
        c.maxPowerW !== null ? c.maxPowerW * keep : Infinity,
        c.maxCurrentA !== null ? c.maxCurrentA * keep * c.voltageV * c.phases : Infinity,
      ];
      const ids = under(c.id);
      const mine = evses.filter((e) => ids.has(e.circuitId));
      return {
        id: c.id,
        parentId: c.parentId,
        name: c.name,
        phases: c.phases,
        phase: c.phase,
        voltageV: c.voltageV,
        maxCurrentA: c.maxCurrentA,
        maxPowerW: c.maxPowerW,
        safetyMarginPct: c.safetyMarginPct,
        policy: c.policy,
        hysteresisA: c.hysteresisA,
        enabled: c.enabled,
        fallbackCurrentA: c.fallbackCurrentA,
        capacityW: Math.floor(Math.min(...caps)),
        allocatedW: mine.reduce((s, e) => s + (e.limitW ?? 0), 0),
        drawnW: mine.reduce((s, e) => s + (e.drawnW ?? 0), 0),
      };
    }),
  };
}
