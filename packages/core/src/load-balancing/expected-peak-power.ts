import type { Db } from '@magma/db';
import { powerCapSchedule } from '@magma/tariff';
import { resolveTariffForConnector } from '../tariffs/resolve-tariff-for-connector.ts';
import { CAPACITY_HORIZON_MS, capacityBlocks, capacitySources, type CircuitCapacitySource } from './capacity-limits.ts';
import { balancedTree } from './site-tree.ts';

// What a driver can expect at a connector while a peak window holds (#21): the tariff's per-charger
// cap, and on a load-balanced site its share of the site's capped capacity (the cap over the
// sessions running there, this one included), never above the connector's own maximum.

export type ExpectedPowerWindow = { start: number; end: number; expectedKw: number; label: string };

export async function expectedPeakPower({
  db,
  tenantId,
  connectorRowId,
  maxPowerKw,
  now = Date.now(),
  sources = capacitySources(),
}: {
  db: Db;
  tenantId: string;
  connectorRowId: string;
  maxPowerKw: number | null;
  now?: number;
  sources?: readonly CircuitCapacitySource[];
}): Promise<ExpectedPowerWindow[]> {
  const to = now + CAPACITY_HORIZON_MS;
  const connector = await db.connector.findFirst({
    where: { id: connectorRowId, tenantId },
    select: { chargerId: true, evseId: true, charger: { select: { site: { select: { timezone: true } } } } },
  });
  if (!connector) return [];
  const timeZone = connector.charger.site?.timezone ?? 'Asia/Kolkata';
  const caps: { start: number; end: number; maxW: number; label: string }[] = [];

  const tariff = await resolveTariffForConnector({ db, tenantId, at: new Date(now), connectorRowId });
  if (tariff) {
    for (const w of powerCapSchedule(tariff.definition, { from: now, to, timeZone })) {
      caps.push({ start: w.start, end: w.end, maxW: w.maxKw * 1000, label: w.label });
    }
  }

  const balanced = await db.loadCircuitEvse.findFirst({
    where: { tenantId, chargerId: connector.chargerId, evseId: connector.evseId },
    select: { circuit: { select: { siteId: true } } },
  });
  if (balanced) {
    const siteId = balanced.circuit.siteId;
    const tree = balancedTree(await db.loadCircuit.findMany({ where: { tenantId, siteId } }));
    if (tree) {
      const blocks = await capacityBlocks(
        { db, tenantId, siteId, topCircuitId: tree.root.id, topCircuit: tree.root, from: now, to },
        sources,
      );
      const evses = await db.loadCircuitEvse.findMany({
        where: { tenantId, circuitId: { in: [...tree.effective.keys()] } },
        select: { chargerId: true, evseId: true },
      });
      const running = await db.transaction.findMany({
        where: { tenantId, status: 'ACTIVE', OR: evses.map((e) => ({ chargerId: e.chargerId, evseId: e.evseId })) },
        select: { chargerId: true, evseId: true },
      });
      const mine = running.some((r) => r.chargerId === connector.chargerId && r.evseId === connector.evseId);
      const sharing = running.length + (mine ? 0 : 1);
      for (const b of blocks) {
        if (b.circuitId !== tree.root.id || b.maxPowerW === undefined) continue;
        caps.push({
          start: Math.max(b.from, now),
          end: Math.min(b.to ?? to, to),
          maxW: b.maxPowerW / sharing,
          label: b.label,
        });
      }
    }
  }
  if (caps.length === 0) return [];

  const bounds = [...new Set(caps.flatMap((c) => [c.start, c.end]))].sort((a, b) => a - b);
  const out: ExpectedPowerWindow[] = [];
  for (let i = 1; i < bounds.length; i++) {
    const [a, b] = [bounds[i - 1]!, bounds[i]!];
    const inForce = caps.filter((c) => c.start <= a && c.end >= b);
    if (inForce.length === 0) continue;
    const lowest = inForce.reduce((x, y) => (y.maxW < x.maxW ? y : x));
    const expectedKw = Math.floor(Math.min(lowest.maxW / 1000, maxPowerKw ?? Infinity) * 10) / 10;
    const last = out.at(-1);
    if (last && last.end === a && last.expectedKw === expectedKw && last.label === lowest.label) last.end = b;
    else out.push({ start: a, end: b, expectedKw, label: lowest.label });
  }
  return out;
}
