import {
  fromSetChargingProfile201,
  parseTargetedProfile,
  type ChargingProfile201,
  type TargetedProfile,
} from '@magma/allocator/profiles';
import type { Db, Prisma } from '@magma/db';
import { z } from 'zod';
import type { ChargerRef } from '../charging/types.ts';
import { recordChargerMessage } from '../charging/record-charger-message.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import type { Scope } from '../tenancy/scope.ts';
import { chargerInScope } from './stored-profiles.ts';

// A 2.0.1 ReportChargingProfiles (K09), one of the messages answering a GetChargingProfiles:
// kept verbatim in the charger's message log like every report, and each profile read back into
// the neutral shape under its requestId. A profile that does not read back (a field the neutral
// shape caps) is still in the message log.

export type ReportChargingProfilesPayload = {
  requestId: number;
  chargingLimitSource: string;
  tbc?: boolean;
  evseId: number;
  chargingProfile: ChargingProfile201[];
};

export async function recordReportedProfiles({
  db,
  charger,
  payload,
}: {
  db: Db;
  charger: ChargerRef;
  payload: ReportChargingProfilesPayload;
}): Promise<void> {
  const rows: Prisma.ReportedChargingProfileCreateManyInput[] = [];
  for (const chargingProfile of payload.chargingProfile) {
    let profile: TargetedProfile;
    try {
      profile = parseTargetedProfile(fromSetChargingProfile201({ evseId: payload.evseId, chargingProfile }));
    } catch {
      continue;
    }
    rows.push({
      tenantId: charger.tenantId,
      chargerId: charger.chargerId,
      requestId: payload.requestId,
      evseId: payload.evseId,
      chargingLimitSource: payload.chargingLimitSource,
      profile: profile as unknown as Prisma.InputJsonObject,
      last: payload.tbc !== true,
    });
  }
  await recordChargerMessage({
    db,
    charger,
    action: 'ReportChargingProfiles',
    payload: payload as unknown as Prisma.InputJsonObject,
  });
  if (rows.length) await db.reportedChargingProfile.createMany({ data: rows });
}

export const listReportedProfilesInput = z.object({
  chargerId: z.uuid(),
  requestId: z.number().int().min(0).max(2_147_483_647),
});

/** The profiles a charger reported for one request, and whether its last message arrived. */
export async function listReportedProfiles({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof listReportedProfilesInput>;
}): Promise<{
  complete: boolean;
  profiles: { evseId: number; source: string; profile: TargetedProfile; receivedAt: Date }[];
}> {
  const i = listReportedProfilesInput.parse(input);
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, i.chargerId);
  const rows = await sdb.reportedChargingProfile.findMany({
    where: { chargerId: charger.id, requestId: i.requestId },
    orderBy: { id: 'asc' },
    take: 1000,
  });
  return {
    complete: rows.some((r) => r.last),
    profiles: rows.map((r) => ({
      evseId: r.evseId,
      source: r.chargingLimitSource,
      profile: parseTargetedProfile(r.profile),
      receivedAt: r.receivedAt,
    })),
  };
}
