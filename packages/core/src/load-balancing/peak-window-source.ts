import { parseTariffDefinition, selectTariff, sitePowerCapSchedule } from '@magma/tariff';
import type { CapacityBlock, CapacityQuery, CircuitCapacitySource } from './capacity-limits.ts';

// Peak-hour throttling (#21): a tariff's power cap can carry a site cap (kW, or a share of the site's
// capacity) for its window. The tariffs that apply at the site (per connector type, the most specific
// one, as a session would be priced) put their site caps on the site's top circuit.

/** The top circuit's capacity in W (the lower of its current and power capacities), null if unknown. */
export function circuitCapacityW(c: CapacityQuery['topCircuit']): number | null {
  const fromA = c.maxCurrentA !== null ? Math.floor(c.maxCurrentA * (c.phases === 1 ? 1 : 3) * c.voltageV) : null;
  if (fromA === null) return c.maxPowerW;
  return c.maxPowerW === null ? fromA : Math.min(fromA, c.maxPowerW);
}

export async function peakWindowBlocks(q: CapacityQuery): Promise<CapacityBlock[]> {
  const site = await q.db.site.findFirst({ where: { id: q.siteId, tenantId: q.tenantId }, select: { timezone: true } });
  if (!site) return [];
  const at = new Date(q.from);
  const tariffs = await q.db.tariff.findMany({
    where: { tenantId: q.tenantId, archived: false, OR: [{ siteId: null }, { siteId: q.siteId }] },
    orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
    include: { versions: { where: { activeFrom: { lte: at } }, orderBy: { version: 'desc' }, take: 1 } },
  });
  const live = tariffs.filter((t) => t.versions.length > 0);
  const types = [null, ...new Set(live.map((t) => t.connectorType).filter((t) => t !== null))];
  const applied = new Set(types.map((connectorType) => selectTariff(live, { siteId: q.siteId, connectorType })));
  const siteCapacityW = circuitCapacityW(q.topCircuit);
  const blocks: CapacityBlock[] = [];
  for (const t of applied) {
    if (!t) continue;
    const windows = sitePowerCapSchedule(parseTariffDefinition(t.versions[0]!.definition), {
      from: q.from,
      to: q.to,
      timeZone: site.timezone,
      siteCapacityW,
    });
    for (const w of windows) {
      blocks.push({
        circuitId: q.topCircuitId,
        from: w.start,
        to: w.end,
        maxPowerW: w.maxW,
        label: `${t.name}: ${w.label}`,
      });
    }
  }
  return blocks;
}

export const peakWindowSource: CircuitCapacitySource = { name: 'tariff-peak-windows', blocks: peakWindowBlocks };
