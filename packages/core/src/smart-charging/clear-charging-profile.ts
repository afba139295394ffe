import {
  clearProfiles,
  toClearChargingProfile16,
  toClearChargingProfile201,
  type ClearCriteria,
} from '@magma/allocator/profiles';
import type { Db } from '@magma/db';
import { z } from 'zod';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { answeredStatus, chargerInScope, installedProfiles, sendCommand, versionOf } from './stored-profiles.ts';

// Clear charging profiles (1.6 ClearChargingProfile, 2.0.1 K10): one by its id, or every profile
// matching the criteria given (connector/EVSE, purpose, stack level). When the charger accepts,
// the stored profiles the same rule removes are marked CLEARED; Unknown changes nothing.

export const clearChargingProfileInput = z
  .object({
    chargerId: z.uuid(),
    profileId: z.number().int().min(1).max(2_147_483_647).optional(),
    evseId: z.number().int().min(0).max(64).optional(),
    purpose: z.enum(['ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile']).optional(),
    stackLevel: z.number().int().min(0).max(1000).optional(),
  })
  .refine((c) => c.profileId !== undefined || c.evseId !== undefined || c.purpose || c.stackLevel !== undefined, {
    message: 'Name a profile id or at least one criterion (clearing everything is not offered)',
  });

export async function clearChargingProfile({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof clearChargingProfileInput>;
  timeoutMs?: number;
}): Promise<{ answer: string | null; cleared: number; commandId: string }> {
  assertOperator(scope);
  const parsed = clearChargingProfileInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid criteria');
  const { chargerId, profileId, ...rest } = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, chargerId);
  const criteria: ClearCriteria = profileId !== undefined ? { id: profileId } : rest;
  const payload =
    versionOf(charger) === 'ocpp1.6' ? toClearChargingProfile16(criteria) : toClearChargingProfile201(criteria);
  const command = await sendCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId: charger.id,
    action: 'ClearChargingProfile',
    payload,
    requestedById: scope.userId,
    timeoutMs,
  });
  const answer = answeredStatus(command);
  if (answer !== 'Accepted') return { answer, cleared: 0, commandId: command.id };
  const installed = await installedProfiles(sdb, charger.id);
  const { cleared } = clearProfiles(
    installed.map((r) => r.profile),
    criteria,
  );
  const rows = installed.filter((r) => cleared.includes(r.profile.profile.id)).map((r) => r.id);
  const done = await sdb.chargingProfile.updateMany({
    where: { id: { in: rows }, status: 'ACTIVE' },
    data: { status: 'CLEARED', clearCommandId: command.id, endedAt: new Date() },
  });
  return { answer, cleared: done.count, commandId: command.id };
}
