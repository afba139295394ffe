import { randomUUID } from 'node:crypto';
import type { ConnectorType, Db } from '@magma/db';

// Small builders for the tariff integration tests: a tenant with one site and chargers on demand.

export async function aTenant(db: Db, over: { timezone?: string; taxRateBps?: number } = {}) {
  const slug = `t-${randomUUID().slice(0, 8)}`;
  return db.tenant.create({
    data: { slug, name: slug, timezone: over.timezone ?? 'Asia/Kolkata', taxRateBps: over.taxRateBps ?? 1800 },
  });
}

export async function aSite(db: Db, tenantId: string) {
  return db.site.create({ data: { tenantId, name: 'Mall', address: '1 MG Road', city: 'Bengaluru', state: 'KA' } });
}

export async function aConnector(
  db: Db,
  { tenantId, siteId = null, type = 'CCS2' }: { tenantId: string; siteId?: string | null; type?: ConnectorType },
) {
  const charger = await db.charger.create({ data: { tenantId, siteId, identity: `CP-${randomUUID().slice(0, 8)}` } });
  const evse = await db.evse.create({ data: { tenantId, chargerId: charger.id, evseId: 1 } });
  const connector = await db.connector.create({
    data: { tenantId, chargerId: charger.id, evseRowId: evse.id, evseId: 1, type },
  });
  return { charger, connector };
}

/** A transaction with energy register samples given as [ISO time, Wh] pairs. */
export async function aTransaction(
  db: Db,
  {
    tenantId,
    chargerId,
    siteId = null,
    samples,
    stoppedAt,
    status = 'COMPLETED',
    unit = 'Wh',
  }: {
    tenantId: string;
    chargerId: string;
    siteId?: string | null;
    samples: [string, number][];
    stoppedAt?: string;
    status?: 'ACTIVE' | 'COMPLETED';
    unit?: 'Wh' | 'kWh';
  },
) {
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const tx = await db.transaction.create({
    data: {
      tenantId,
      chargerId,
      siteId,
      evseId: 1,
      ocppTransactionId: randomUUID(),
      status,
      startedAt: new Date(first[0]),
      stoppedAt: status === 'COMPLETED' ? new Date(stoppedAt ?? last[0]) : null,
      energyWh: Math.round(last[1] - first[1]),
    },
  });
  await db.meterSample.createMany({
    data: samples.map(([at, wh]) => ({
      tenantId,
      chargerId,
      transactionId: tx.id,
      evseId: 1,
      timestamp: new Date(at),
      unit,
      value: unit === 'kWh' ? wh / 1000 : wh,
    })),
  });
  return tx;
}
