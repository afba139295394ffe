import { parseTargetedProfile, type OcppVersion, type TargetedProfile } from '@magma/allocator/profiles';
import type { ChargerCommandModel, Db, Prisma } from '@magma/db';
import type { Bus } from '../bus/types.ts';
import { sendChargerCommand } from '../commands/send-charger-command.ts';
import { AppError } from '../errors/app-error.ts';
import type { ScopedDb } from '../tenancy/scoped-db.ts';

// What the smart-charging use cases share: the charger as the scope sees it, the profiles the
// CSMS believes installed on it (its ACTIVE rows), and sending one command while keeping the row
// of an attempt that never reached the charger (offline is an answer the operator sees).

export type ProfileCharger = { id: string; protocol: 'OCPP16' | 'OCPP201' };

export const versionOf = (c: ProfileCharger): OcppVersion => (c.protocol === 'OCPP16' ? 'ocpp1.6' : 'ocpp2.0.1');

export async function chargerInScope(sdb: ScopedDb, chargerId: string): Promise<ProfileCharger> {
  const charger = await sdb.charger.findFirst({ where: { id: chargerId }, select: { id: true, protocol: true } });
  if (!charger) throw new AppError('NOT_FOUND', 'No such charger');
  return charger;
}

export type InstalledRow = { id: string; profile: TargetedProfile };

/** The charger's ACTIVE profiles as the neutral shape, with their rows. */
export async function installedProfiles(sdb: ScopedDb, chargerId: string): Promise<InstalledRow[]> {
  const rows = await sdb.chargingProfile.findMany({
    where: { chargerId, status: 'ACTIVE' },
    orderBy: { createdAt: 'asc' },
    select: { id: true, profile: true },
  });
  return rows.map((r) => ({ id: r.id, profile: parseTargetedProfile(r.profile) }));
}

/** Sends one call and resolves with its final row, also when the charger was offline. */
export async function sendCommand(args: {
  db: Db;
  bus: Bus;
  tenantId: string;
  chargerId: string;
  action: string;
  payload: object;
  requestedById: string | null;
  timeoutMs?: number;
}): Promise<ChargerCommandModel> {
  try {
    return await sendChargerCommand({
      db: args.db,
      bus: args.bus,
      tenantId: args.tenantId,
      chargerId: args.chargerId,
      action: args.action,
      payload: args.payload as Record<string, unknown>,
      requestedById: args.requestedById,
      source: 'smart-charging',
      timeoutMs: args.timeoutMs,
    });
  } catch (e) {
    const commandId =
      AppError.is(e) && e.code === 'CHARGER_OFFLINE'
        ? (e.details as { commandId?: string } | undefined)?.commandId
        : undefined;
    if (!commandId) throw e;
    return args.db.chargerCommand.findUniqueOrThrow({ where: { id: commandId } });
  }
}

/** The charger's status field of a RESPONDED command, else null. */
export function answeredStatus(row: ChargerCommandModel): string | null {
  if (row.status !== 'RESPONDED') return null;
  const status = (row.response as { status?: unknown } | null)?.status;
  return typeof status === 'string' ? status : null;
}

/** What the row keeps of the charger's answer: the reply, or why there was none. */
export function answerOf(row: ChargerCommandModel): Prisma.InputJsonObject {
  if (row.status === 'RESPONDED') return (row.response ?? {}) as Prisma.InputJsonObject;
  return { commandStatus: row.status, ...(row.error ? { error: row.error } : {}) };
}
