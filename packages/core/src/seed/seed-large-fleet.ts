import { randomUUID } from 'node:crypto';
import type { Db } from '@magma/db';
import { newShortCode } from './short-code.ts';

const CITIES = [
  ['Bengaluru', 'Karnataka'],
  ['Mumbai', 'Maharashtra'],
  ['Pune', 'Maharashtra'],
  ['Delhi', 'Delhi'],
  ['Chennai', 'Tamil Nadu'],
  ['Hyderabad', 'Telangana'],
] as const;
const STATUSES = [
  'AVAILABLE',
  'AVAILABLE',
  'AVAILABLE',
  'CHARGING',
  'CHARGING',
  'FAULTED',
  'UNAVAILABLE',
  'FINISHING',
] as const;

/**
 * Adds a large fleet (two connectors per charger) to a tenant, for scale tests and benchmarks of
 * the dashboard: `npm run db:seed -- --large 12000` adds 12,000 connectors.
 */
export async function seedLargeFleet({
  db,
  tenantId,
  connectors,
  prefix = 'FLEET',
}: {
  db: Db;
  tenantId: string;
  connectors: number;
  prefix?: string;
}): Promise<{ chargers: number; connectors: number }> {
  const chargersCount = Math.ceil(connectors / 2);
  const sites = Math.max(1, Math.ceil(chargersCount / 50));
  const siteRows = Array.from({ length: sites }, (_, i) => {
    const [city, state] = CITIES[i % CITIES.length]!;
    return { id: randomUUID(), tenantId, name: `${prefix} Site ${i + 1}`, address: `${i + 1} Ring Road`, city, state };
  });
  await db.site.createMany({ data: siteRows });
  const now = new Date();
  let made = 0;
  for (let start = 0; start < chargersCount; start += 1000) {
    const chargers = [];
    const evses = [];
    const conns = [];
    for (let i = start; i < Math.min(chargersCount, start + 1000); i++) {
      const chargerId = randomUUID();
      const kw = [7.4, 22, 30, 60][i % 4]!;
      chargers.push({
        id: chargerId,
        tenantId,
        siteId: siteRows[i % sites]!.id,
        identity: `${prefix}-${String(i + 1).padStart(6, '0')}`,
        protocol: i % 2 ? ('OCPP201' as const) : ('OCPP16' as const),
        vendorName: 'Fleet',
        model: `Fleet ${kw}kW`,
        maxPowerKw: kw,
        online: i % 10 !== 0,
        lastSeenAt: now,
      });
      for (let e = 1; e <= 2 && made < connectors; e++, made++) {
        const evseRowId = randomUUID();
        const status = STATUSES[(i * 2 + e) % STATUSES.length]!;
        evses.push({ id: evseRowId, tenantId, chargerId, evseId: e, maxPowerKw: kw });
        conns.push({
          tenantId,
          chargerId,
          evseRowId,
          evseId: e,
          connectorId: 1,
          type: kw > 22 ? ('CCS2' as const) : ('TYPE2' as const),
          maxPowerKw: kw,
          status,
          statusAt: now,
          livePowerW: status === 'CHARGING' ? Math.round(kw * 800) : null,
          shortCode: newShortCode(9),
        });
      }
    }
    await db.charger.createMany({ data: chargers });
    await db.evse.createMany({ data: evses });
    await db.connector.createMany({ data: conns });
  }
  return { chargers: chargersCount, connectors: made };
}
