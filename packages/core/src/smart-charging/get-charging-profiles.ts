import type { Db } from '@magma/db';
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { answeredStatus, chargerInScope, sendCommand, versionOf } from './stored-profiles.ts';

// Ask a 2.0.1 charger which profiles it holds (K09 GetChargingProfiles). It answers Accepted or
// NoProfiles at once and sends the profiles in ReportChargingProfiles messages carrying the same
// requestId (record-reported-profiles.ts); listReportedProfiles assembles them.

export const getChargingProfilesInput = z.object({
  chargerId: z.uuid(),
  evseId: z.number().int().min(0).max(64).optional(),
  purpose: z
    .enum(['ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile', 'ChargingStationExternalConstraints'])
    .optional(),
  stackLevel: z.number().int().min(0).max(1000).optional(),
});

export async function getChargingProfiles({
  db,
  bus,
  scope,
  input,
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: z.input<typeof getChargingProfilesInput>;
  timeoutMs?: number;
}): Promise<{ requestId: number; answer: string | null; commandId: string }> {
  assertOperator(scope);
  const parsed = getChargingProfilesInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid request');
  const i = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, i.chargerId);
  if (versionOf(charger) !== 'ocpp2.0.1') {
    throw new AppError('BAD_INPUT', 'OCPP 1.6 has no GetChargingProfiles: the CSMS keeps what it set');
  }
  const requestId = randomInt(1, 2 ** 31 - 1);
  const payload = {
    requestId,
    ...(i.evseId !== undefined ? { evseId: i.evseId } : {}),
    chargingProfile: {
      ...(i.purpose ? { chargingProfilePurpose: i.purpose } : {}),
      ...(i.stackLevel !== undefined ? { stackLevel: i.stackLevel } : {}),
    },
  };
  const command = await sendCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId: charger.id,
    action: 'GetChargingProfiles',
    payload,
    requestedById: scope.userId,
    timeoutMs,
  });
  return { requestId, answer: answeredStatus(command), commandId: command.id };
}
