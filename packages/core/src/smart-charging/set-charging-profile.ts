import {
  installProfile,
  parseTargetedProfile,
  replacementId,
  toSetChargingProfile16,
  toSetChargingProfile201,
  validateProfile,
  type TargetedProfile,
} from '@magma/allocator/profiles';
import type { ChargingProfileModel, Db, Prisma } from '@magma/db';
import { z } from 'zod';
import type { Bus } from '../bus/types.ts';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertOperator, type Scope } from '../tenancy/scope.ts';
import {
  answerOf,
  answeredStatus,
  chargerInScope,
  installedProfiles,
  sendCommand,
  versionOf,
} from './stored-profiles.ts';

// Set a charging profile on a charger (1.6 SetChargingProfile, 2.0.1 K01): validated against
// the spec and the charger's version first, given the id that replaces the profile already in
// its place (same purpose and stack level on the same connector/EVSE), stored, sent, and marked
// with the charger's answer. On Accepted the profiles the charger replaced are marked REPLACED.
// Operator only: a vendor user reads profiles but does not set them.

const INT32_MAX = 2_147_483_647;

export const setChargingProfileInput = z.object({
  chargerId: z.uuid(),
  /** Connector (1.6) or EVSE (2.0.1); 0: the whole station. */
  evseId: z.number().int().min(0).max(64),
  /** Reuse a profile id (replace that profile); absent: the id of the one in its place, or a new one. */
  profileId: z.number().int().min(1).max(INT32_MAX).optional(),
  purpose: z.enum(['ChargingStationMaxProfile', 'TxDefaultProfile', 'TxProfile']),
  kind: z.enum(['Absolute', 'Recurring', 'Relative']),
  recurrencyKind: z.enum(['Daily', 'Weekly']).optional(),
  stackLevel: z.number().int().min(0).max(1000),
  validFrom: z.coerce.date().optional(),
  validTo: z.coerce.date().optional(),
  /** Absolute and Recurring: when the schedule starts (default: now). */
  startSchedule: z.coerce.date().optional(),
  duration: z
    .number()
    .int()
    .min(1)
    .max(10 * 366 * 86_400)
    .optional(),
  unit: z.enum(['A', 'W']),
  minChargingRate: z.number().min(0).max(10_000_000).optional(),
  periods: z
    .array(
      z.object({
        startPeriod: z
          .number()
          .int()
          .min(0)
          .max(10 * 366 * 86_400),
        limit: z.number().min(0).max(10_000_000),
        numberPhases: z.number().int().min(1).max(3).optional(),
      }),
    )
    .min(1)
    .max(48),
});
export type SetChargingProfileInput = z.input<typeof setChargingProfileInput>;

export type SetChargingProfileResult = {
  profile: ChargingProfileModel;
  /** The charger's status (Accepted, Rejected), null when it did not answer. */
  answer: string | null;
};

export async function setChargingProfile({
  db,
  bus,
  scope,
  input,
  now = Date.now(),
  timeoutMs,
}: {
  db: Db;
  bus: Bus;
  scope: Scope;
  input: SetChargingProfileInput;
  now?: number;
  timeoutMs?: number;
}): Promise<SetChargingProfileResult> {
  assertOperator(scope);
  const parsed = setChargingProfileInput.safeParse(input);
  if (!parsed.success) throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid profile');
  const i = parsed.data;
  const sdb = scopedDb(db, scope);
  const charger = await chargerInScope(sdb, i.chargerId);
  const version = versionOf(charger);

  const [evseCount, tx, installed, maxId] = await Promise.all([
    sdb.evse.count({ where: { chargerId: charger.id } }),
    i.evseId > 0
      ? sdb.transaction.findFirst({
          where: { chargerId: charger.id, evseId: i.evseId, status: 'ACTIVE' },
          select: { ocppTransactionId: true },
        })
      : null,
    installedProfiles(sdb, charger.id),
    sdb.chargingProfile.aggregate({
      where: { chargerId: charger.id, ocppProfileId: { lt: 900_000 } },
      _max: { ocppProfileId: true },
    }),
  ]);
  const transactionOnEvse = i.evseId > 0 ? (tx?.ocppTransactionId ?? null) : undefined;
  const startSchedule =
    i.kind === 'Relative' ? undefined : (i.startSchedule?.getTime() ?? Math.floor(now / 1000) * 1000);
  const draft: TargetedProfile = {
    evseId: i.evseId,
    profile: {
      id: i.profileId ?? 0,
      stackLevel: i.stackLevel,
      purpose: i.purpose,
      kind: i.kind,
      ...(i.recurrencyKind ? { recurrencyKind: i.recurrencyKind } : {}),
      ...(i.validFrom ? { validFrom: i.validFrom.getTime() } : {}),
      ...(i.validTo ? { validTo: i.validTo.getTime() } : {}),
      ...(i.purpose === 'TxProfile' && transactionOnEvse ? { transactionId: transactionOnEvse } : {}),
      schedules: [
        {
          ...(version === 'ocpp2.0.1' ? { id: 1 } : {}),
          ...(startSchedule !== undefined ? { startSchedule } : {}),
          ...(i.duration !== undefined ? { duration: i.duration } : {}),
          chargingRateUnit: i.unit,
          periods: i.periods,
          ...(i.minChargingRate !== undefined ? { minChargingRate: i.minChargingRate } : {}),
        },
      ],
    },
  };
  const installedNeutral = installed.map((r) => r.profile);
  const id = i.profileId ?? replacementId(installedNeutral, draft) ?? Math.max(maxId._max.ocppProfileId ?? 0, 0) + 1;
  const targeted = parseTargetedProfile({ ...draft, profile: { ...draft.profile, id } });
  const problems = validateProfile(targeted, {
    version,
    evseCount: evseCount || undefined,
    transactionOnEvse,
    now,
  });
  if (problems.length) {
    throw new AppError('BAD_INPUT', problems.map((p) => `${p.path}: ${p.message}`).join('; '), {
      details: { problems },
    });
  }
  const payload = version === 'ocpp1.6' ? toSetChargingProfile16(targeted) : toSetChargingProfile201(targeted);
  const p = targeted.profile;
  const row = await sdb.chargingProfile.create({
    data: {
      tenantId: scope.tenantId,
      chargerId: charger.id,
      evseId: targeted.evseId,
      ocppProfileId: p.id,
      purpose: p.purpose,
      kind: p.kind,
      recurrencyKind: p.recurrencyKind ?? null,
      stackLevel: p.stackLevel,
      validFrom: p.validFrom === undefined ? null : new Date(p.validFrom),
      validTo: p.validTo === undefined ? null : new Date(p.validTo),
      transactionId: p.transactionId ?? null,
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
    action: 'SetChargingProfile',
    payload,
    requestedById: scope.userId,
    timeoutMs,
  });
  const answer = answeredStatus(command);
  const base = { commandId: command.id, response: answerOf(command) };
  if (answer !== 'Accepted') {
    const profile = await sdb.chargingProfile.update({
      where: { id: row.id },
      data: { ...base, status: answer ? 'REJECTED' : 'FAILED', endedAt: new Date() },
    });
    return { profile, answer };
  }
  const outcome = installProfile(installedNeutral, targeted, version);
  const replacedIds = outcome.outcome === 'conflict' ? [] : outcome.replaced;
  const replacedRows = installed.filter((r) => replacedIds.includes(r.profile.profile.id)).map((r) => r.id);
  const [, profile] = await db.$transaction([
    db.chargingProfile.updateMany({
      where: { id: { in: replacedRows }, tenantId: scope.tenantId, status: 'ACTIVE' },
      data: { status: 'REPLACED', replacedById: row.id, endedAt: new Date() },
    }),
    db.chargingProfile.update({ where: { id: row.id }, data: { ...base, status: 'ACTIVE' } }),
  ]);
  return { profile, answer };
}
