import type { Db } from '@magma/db';
import { seedDemo } from '../seed/seed-demo.ts';
import { tenantScope, vendorScope, type Scope } from '../tenancy/scope.ts';

// Test-only builders shared by the fleet, sessions and faults integration tests.

export type DemoFleet = {
  tenantId: string;
  operator: Scope;
  sunrise: Scope;
  highway: Scope;
  chargers: { id: string; identity: string; vendorId: string | null; siteId: string | null; city: string }[];
  adminId: string;
};

export async function demoFleet(db: Db): Promise<DemoFleet> {
  const { tenantId } = await seedDemo({ db });
  const vendors = await db.vendor.findMany({ where: { tenantId } });
  const byName = (n: string) => vendors.find((v) => v.name === n)!.id;
  const admin = await db.user.findUniqueOrThrow({ where: { email: 'admin@demo.test' } });
  const chargers = await db.charger.findMany({
    where: { tenantId },
    orderBy: { identity: 'asc' },
    select: { id: true, identity: true, vendorId: true, siteId: true, site: { select: { city: true } } },
  });
  return {
    tenantId,
    operator: tenantScope(tenantId, 'OPERATOR_ADMIN', admin.id),
    sunrise: vendorScope(tenantId, byName('Sunrise Malls'), admin.id),
    highway: vendorScope(tenantId, byName('Highway Fuels'), admin.id),
    chargers: chargers.map(({ site, ...c }) => ({ ...c, city: site?.city ?? '' })),
    adminId: admin.id,
  };
}

let seq = 0;

/** A transaction row with sensible defaults; times are Dates, energy in Wh. */
export async function aTransaction(
  db: Db,
  fleet: DemoFleet,
  t: {
    charger?: DemoFleet['chargers'][number];
    startedAt: Date;
    stoppedAt?: Date | null;
    energyWh?: number;
    costMinor?: number | null;
    idTag?: string;
  },
) {
  const charger = t.charger ?? fleet.chargers[0]!;
  seq += 1;
  return db.transaction.create({
    data: {
      tenantId: fleet.tenantId,
      chargerId: charger.id,
      siteId: charger.siteId,
      vendorId: charger.vendorId,
      evseId: 1,
      ocppTransactionId: `T-${seq}-${Math.random().toString(36).slice(2, 8)}`,
      idTag: t.idTag ?? 'DEMO-RFID-0001',
      status: t.stoppedAt ? 'COMPLETED' : 'ACTIVE',
      startedAt: t.startedAt,
      stoppedAt: t.stoppedAt ?? null,
      energyWh: t.energyWh ?? 0,
      costMinor: t.costMinor ?? null,
    },
  });
}

export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
