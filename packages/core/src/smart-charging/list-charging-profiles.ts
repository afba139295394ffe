import type { ChargingProfileModel, Db } from '@magma/db';
import { z } from 'zod';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { compositeView, type CompositeScheduleView } from './get-composite-schedule.ts';
import { chargerInScope } from './stored-profiles.ts';

// The charging-profile panel of a charger: its profiles (active first, then the latest ended
// ones) and the last composite schedule fetched per connector/EVSE. Readable by the operator and
// by the vendor that owns the charger (the scope finds no other charger).

export const listChargingProfilesInput = z.object({ chargerId: z.uuid() });

export type ChargingProfilesView = {
  profiles: Omit<ChargingProfileModel, 'tenantId' | 'createdById'>[];
  composites: (CompositeScheduleView & { id: string; evseId: number; fetchedAt: Date })[];
};

export async function listChargingProfiles({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listChargingProfilesInput>;
}): Promise<ChargingProfilesView> {
  const { chargerId } = listChargingProfilesInput.parse(input);
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, chargerId);
  const [active, ended, composites] = await Promise.all([
    sdb.chargingProfile.findMany({
      where: { chargerId: charger.id, status: { in: ['ACTIVE', 'PENDING'] } },
      orderBy: [{ evseId: 'asc' }, { stackLevel: 'desc' }, { createdAt: 'desc' }],
      take: 200,
    }),
    sdb.chargingProfile.findMany({
      where: { chargerId: charger.id, status: { notIn: ['ACTIVE', 'PENDING'] } },
      orderBy: { createdAt: 'desc' },
      take: 20,
    }),
    sdb.compositeSchedule.findMany({
      where: { chargerId: charger.id },
      orderBy: { fetchedAt: 'desc' },
      distinct: ['evseId'],
      take: 65,
    }),
  ]);
  return {
    profiles: [...active, ...ended].map(({ tenantId: _t, createdById: _c, ...p }) => p),
    composites: composites.map((c) => ({ id: c.id, evseId: c.evseId, fetchedAt: c.fetchedAt, ...compositeView(c) })),
  };
}
