import type { Db } from '@magma/db';

// The energy the site's chargers drew in [from, to), from their meter values (#21): per
// transaction (or EVSE, for readings outside one), the Energy.Active.Import.Register at the last
// reading before `to` minus the one at the last reading before `from` (or the first reading in the
// window, for a session that started in it). Integer Wh; a register that went backwards counts 0.

const REGISTER = 'Energy.Active.Import.Register';

export async function siteEnergyWh({
  db,
  tenantId,
  siteId,
  from,
  to,
}: {
  db: Db;
  tenantId: string;
  siteId: string;
  from: Date;
  to: Date;
}): Promise<number> {
  const chargers = await db.charger.findMany({ where: { tenantId, siteId }, select: { id: true } });
  if (!chargers.length) return 0;
  // A reading up to one window before `from` is the baseline of a session already running.
  const lookback = new Date(from.getTime() - (to.getTime() - from.getTime()));
  const samples = await db.meterSample.findMany({
    where: {
      tenantId,
      chargerId: { in: chargers.map((c) => c.id) },
      measurand: REGISTER,
      phase: null,
      timestamp: { gte: lookback, lt: to },
    },
    orderBy: { timestamp: 'asc' },
    select: { chargerId: true, evseId: true, transactionId: true, timestamp: true, unit: true, value: true },
  });
  const series = new Map<string, { before: number | null; first: number | null; last: number | null }>();
  for (const s of samples) {
    const key = s.transactionId ?? `${s.chargerId}/${s.evseId}`;
    const wh = s.unit === 'kWh' ? s.value * 1000 : s.value;
    const e = series.get(key) ?? { before: null, first: null, last: null };
    if (s.timestamp < from) e.before = wh;
    else {
      e.first ??= wh;
      e.last = wh;
    }
    series.set(key, e);
  }
  let total = 0;
  for (const e of series.values()) {
    if (e.last === null) continue;
    const base = e.before ?? e.first!;
    total += Math.max(0, e.last - base);
  }
  return Math.round(total);
}
