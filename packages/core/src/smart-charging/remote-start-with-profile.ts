import {
  parseTargetedProfile,
  toChargingProfile16,
  toChargingProfile201,
  validateProfile,
  type TargetedProfile,
} from '@magma/allocator/profiles';
import type { ChargingProfileModel, Db, Prisma } from '@magma/db';
import { z } from 'zod';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import { answerOf, answeredStatus, chargerInScope, sendCommand, versionOf } from './stored-profiles.ts';

// A remote start carrying its session's limit (1.6 RemoteStartTransaction.chargingProfile, 2.0.1
// RequestStartTransaction.chargingProfile, K05): a TxProfile with no transaction id yet, Relative
// so that its periods count from the session's start. Validated against the spec first (the
// remote-start rules: a TxProfile, on an EVSE, no transactionId), stored like any profile we send,
// and marked with the charger's answer to the start.

export const remoteStartWithProfileInput = z.object({
  chargerId: z.string().uuid(),
  evseId: z.number().int().min(1).max(1000),
  idTag: z.string().min(1).max(20),
  unit: z.enum(['A', 'W']),
  /** The session's limit from its start, then changes at startPeriod seconds (a schedule). */
  periods: z
    .array(
      z.object({
        startPeriod: z
          .number()
          .int()
          .min(0)
          .max(31 * 86_400),
        limit: z.number().min(0).max(1_000_000),
        numberPhases: z.number().int().min(1).max(3).optional(),
      }),
    )
    .min(1)
    .max(24),
  stackLevel: z.number().int().min(0).max(100).default(0),
});
export type RemoteStartWithProfileInput = z.input<typeof remoteStartWithProfileInput>;

export async function remoteStartWithProfile({
  db,
  bus,
  scope,
  input,
  now = Date.now(),
  timeoutMs,
  remoteStartId = Math.floor(Math.random() * 2 ** 31),
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: RemoteStartWithProfileInput;
  now?: number;
  timeoutMs?: number;
  remoteStartId?: number;
}): Promise<{ profile: ChargingProfileModel; answer: string | null }> {
  assertOperator(scope);
  const parsed = remoteStartWithProfileInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid remote start');
  const i = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, i.chargerId);
  const version = versionOf(charger);
  const [evseCount, maxId] = await Promise.all([
    sdb.evse.count({ where: { chargerId: charger.id } }),
    sdb.chargingProfile.aggregate({
      where: { chargerId: charger.id, ocppProfileId: { lt: 900_000 } },
      _max: { ocppProfileId: true },
    }),
  ]);
  const targeted: TargetedProfile = parseTargetedProfile({
    evseId: i.evseId,
    profile: {
      id: Math.max(maxId._max.ocppProfileId ?? 0, 0) + 1,
      stackLevel: i.stackLevel,
      purpose: 'TxProfile',
      kind: 'Relative',
      schedules: [
        {
          ...(version === 'ocpp2.0.1' ? { id: 1 } : {}),
          chargingRateUnit: i.unit,
          periods: [...i.periods].sort((a, b) => a.startPeriod - b.startPeriod),
        },
      ],
    },
  });
  const problems = validateProfile(targeted, { version, evseCount: evseCount || undefined, forRemoteStart: true, now });
  if (problems.length) {
    throw new AppError('BAD_INPUT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      details: { problems },
    });
  }
  const p = targeted.profile;
  const { action, payload } =
    version === 'ocpp1.6'
      ? {
          action: 'RemoteStartTransaction',
          payload: { connectorId: i.evseId, idTag: i.idTag, chargingProfile: toChargingProfile16(p) },
        }
      : {
          action: 'RequestStartTransaction',
          payload: {
            remoteStartId,
            idToken: { idToken: i.idTag, type: 'Central' },
            evseId: i.evseId,
            chargingProfile: toChargingProfile201(p),
          },
        };
  const row = await sdb.chargingProfile.create({
    data: {
      tenantId: scope.tenantId,
      chargerId: charger.id,
      evseId: i.evseId,
      ocppProfileId: p.id,
      purpose: p.purpose,
      kind: p.kind,
      stackLevel: p.stackLevel,
      chargingRateUnit: i.unit,
      profile: targeted as unknown as Prisma.InputJsonObject,
      sent: payload as unknown as Prisma.InputJsonObject,
      createdById: scope.userId,
    },
  });
  const command = await sendCommand({
    db,
    bus,
    tenantId: scope.tenantId,
    chargerId: charger.id,
    action,
    payload,
    requestedById: scope.userId,
    timeoutMs,
  });
  const answer = answeredStatus(command);
  const profile = await sdb.chargingProfile.update({
    where: { id: row.id },
    data: {
      commandId: command.id,
      response: answerOf(command),
      ...(answer === 'Accepted'
        ? { status: 'ACTIVE' }
        : { status: answer ? 'REJECTED' : 'FAILED', endedAt: new Date() }),
    },
  });
  return { profile, answer };
}
