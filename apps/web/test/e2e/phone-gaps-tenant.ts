import type { Db } from '@magma/db';
import { hashSecret } from '@magma/core';
import { seedLargeFleet } from '@magma/core/seed';

// The operator phone-gaps.e2e drives: 120 chargers on three sites (FL-style, every tenth offline, half
// OCPP 2.0.1), 200 sessions and 150 faults, in a time zone whose date differs from UTC's when the run
// starts, so a CSV file name stamped in UTC instead of the tenant's zone cannot pass.

export const PHONE_GAPS = { slug: 'phonegaps', email: 'admin@phonegaps.test', password: 'phonegaps-pass-1' } as const;

/** UTC−11 is a day behind UTC before 11:00 UTC; UTC+14 a day ahead from 10:00 UTC. */
export const timeZoneAwayFromUtc = (now = new Date()) =>
  now.getUTCHours() < 11 ? 'Pacific/Pago_Pago' : 'Pacific/Kiritimati';

export async function seedPhoneGapsTenant(db: Db): Promise<string> {
  const existing = await db.tenant.findUnique({ where: { slug: PHONE_GAPS.slug } });
  if (existing) return existing.id;
  const tenant = await db.tenant.create({
    data: {
      slug: PHONE_GAPS.slug,
      name: 'Phonegaps Charging',
      themeKey: 'magma',
      plan: 'OPERATOR_CSMS',
      timezone: timeZoneAwayFromUtc(),
    },
  });
  const tenantId = tenant.id;
  const user = await db.user.create({
    data: { email: PHONE_GAPS.email, name: 'Phone Admin', passwordHash: await hashSecret(PHONE_GAPS.password) },
  });
  await db.membership.create({ data: { userId: user.id, tenantId, role: 'OPERATOR_ADMIN' } });
  await seedLargeFleet({ db, tenantId, connectors: 240, prefix: 'PG' });
  const chargers = await db.charger.findMany({ where: { tenantId }, orderBy: { identity: 'asc' } });
  const now = Date.now();
  await db.transaction.createMany({
    data: Array.from({ length: 200 }, (_, i) => {
      const c = chargers[i % chargers.length]!;
      const startedAt = new Date(now - (i + 1) * 3_600_000);
      return {
        tenantId,
        chargerId: c.id,
        siteId: c.siteId,
        vendorId: c.vendorId,
        evseId: 1,
        ocppTransactionId: `PG-T-${i}`,
        idTag: i % 3 === 0 ? 'CARD-B' : 'CARD-A',
        status: i < 2 ? ('ACTIVE' as const) : ('COMPLETED' as const),
        startedAt,
        stoppedAt: i < 2 ? null : new Date(startedAt.getTime() + 1_800_000),
        energyWh: 1000 + ((i * 7919) % 40_000),
        costMinor: 2000 + i,
      };
    }),
  });
  // 120 faults at the first site's chargers (half of them Offline, one in four still open), 30 at the second's.
  const bySite = (n: number) => chargers.filter((_, i) => i % 3 === n);
  const [first, second] = [bySite(0), bySite(1)];
  await db.fault.createMany({
    data: Array.from({ length: 150 }, (_, i) => {
      const c = i < 120 ? first[i % first.length]! : second[i % second.length]!;
      const startedAt = new Date(now - (i + 1) * 600_000);
      return {
        tenantId,
        chargerId: c.id,
        vendorId: c.vendorId,
        evseId: 1,
        connectorId: 1,
        kind: i % 2 === 0 ? ('OFFLINE' as const) : ('CONNECTOR_ERROR' as const),
        code: i % 2 === 0 ? 'Offline' : 'GroundFailure',
        startedAt,
        endedAt: i % 4 === 0 ? null : new Date(startedAt.getTime() + 300_000),
      };
    }),
  });
  return tenantId;
}
