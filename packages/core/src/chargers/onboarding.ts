import { z } from 'zod';
import type { Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import { scopedDb } from '../tenancy/scoped-db.ts';
import { assertAdmin, type Scope } from '../tenancy/scope.ts';
import { importChargers, type ImportChargersResult } from './import-chargers.ts';
import { recordAudit } from '../audit/record-audit.ts';

// How chargers join an operator's network, run by its admins: what happens to a charger that
// connects with an identity nobody registered (refuse it, hold it for approval, or accept it),
// approving or refusing the ones held, and registering many at once from a CSV file.

export const UNKNOWN_CHARGER_POLICIES = ['REJECT', 'PENDING', 'ACCEPT'] as const;

export const unknownChargerPolicyInput = z.object({ policy: z.enum(UNKNOWN_CHARGER_POLICIES) });

/** An upload of at most this many bytes and chargers: a file with a password per charger takes
 * about 20 ms of hashing per row, so a larger fleet goes in several files or through the CLI. */
export const MAX_IMPORT_BYTES = 1_000_000;
export const MAX_IMPORT_ROWS = 2_000;

/**
 * The tenant's policy for unknown identities, the chargers waiting for approval (oldest first), and
 * the limits of a CSV upload (so the form can check a file before sending it).
 */
export async function getOnboarding({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  const sdb = scopedDb(db, scope);
  const [tenant, waiting] = await Promise.all([
    sdb.tenant.findFirstOrThrow({ select: { unknownChargerPolicy: true } }),
    sdb.charger.findMany({
      where: { registration: 'PENDING' },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        identity: true,
        protocol: true,
        registration: true,
        vendorName: true,
        model: true,
        firmwareVersion: true,
        createdAt: true,
      },
    }),
  ]);
  return {
    policy: tenant.unknownChargerPolicy,
    waiting,
    importLimits: { bytes: MAX_IMPORT_BYTES, rows: MAX_IMPORT_ROWS },
  };
}

export async function setUnknownChargerPolicy({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof unknownChargerPolicyInput>;
}) {
  assertAdmin(scope);
  const { policy } = unknownChargerPolicyInput.parse(input);
  await scopedDb(db, scope).$transaction(async (tx) => {
    const before = await tx.tenant.findFirstOrThrow({ select: { unknownChargerPolicy: true } });
    await tx.tenant.update({ where: { id: scope.tenantId }, data: { unknownChargerPolicy: policy } });
    await recordAudit(tx, scope, {
      action: 'tenant.unknown_charger_policy_changed',
      entityType: 'Tenant',
      entityId: scope.tenantId,
      before: { policy: before.unknownChargerPolicy },
      after: { policy },
    });
  });
  return { policy };
}

export const chargerRegistrationInput = z.object({
  chargerId: z.uuid(),
  registration: z.enum(['ACCEPTED', 'REJECTED']),
});

/**
 * Approves or refuses a charger. The charger hears it at its next BootNotification (a Pending
 * charger repeats its boot after the interval it was given; a Rejected one is told Rejected).
 */
export async function setChargerRegistration({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof chargerRegistrationInput>;
}) {
  assertAdmin(scope);
  const { chargerId, registration } = chargerRegistrationInput.parse(input);
  return scopedDb(db, scope).$transaction(async (tx) => {
    const before = await tx.charger.findFirst({ where: { id: chargerId }, select: { registration: true } });
    if (!before) throw new AppError('NOT_FOUND', 'No such charger');
    const after = await tx.charger.update({
      where: { id: chargerId },
      data: { registration },
      select: { id: true, identity: true, registration: true },
    });
    await recordAudit(tx, scope, {
      action: 'charger.registration_changed',
      entityType: 'Charger',
      entityId: chargerId,
      before: { registration: before.registration },
      after: { identity: after.identity, registration },
    });
    return after;
  });
}

export const importChargersInput = z.object({
  csv: z.string().min(1, 'The CSV file is empty').max(MAX_IMPORT_BYTES, 'The CSV file is larger than 1 MB'),
});

/** Bulk onboarding into the admin's own tenant (see importChargers: all rows or none). */
export async function importChargersCsv({
  db,
  scope,
  input,
}: {
  db: Db;
  scope: Scope;
  input: z.input<typeof importChargersInput>;
}): Promise<ImportChargersResult> {
  assertAdmin(scope);
  const { csv } = importChargersInput.parse(input);
  const result = await importChargers({ db, tenantId: scope.tenantId, csv, maxRows: MAX_IMPORT_ROWS });
  if (result.created > 0)
    await recordAudit(db, scope, {
      action: 'charger.imported',
      entityType: 'Charger',
      after: { created: result.created, bytes: Buffer.byteLength(csv) },
    });
  return result;
}
