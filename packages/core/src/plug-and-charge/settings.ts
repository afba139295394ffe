import type { Db } from '@magma/db';
import { openSecrets, sealSecrets, sealedSchema, type CredentialKeyring } from '@magma/payments';
import type { ContractCertificateProvider } from '@magma/pki';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import { webhookUrlProblem } from '../webhooks/send-webhook.ts';
import { assertAdmin, scopedDb, type Scope } from '../tenancy/index.ts';
import { createHubjectProvider } from './hubject-client.ts';
import type { PlugAndChargeOptions } from './options.ts';

export const PROVIDER_KINDS = ['NONE', 'TEST', 'HUBJECT'] as const;

const url = z.url().max(500);
// One object (the REST document needs one): the Hubject fields are required when it is chosen.
export const savePlugAndChargeSettingsInput = z.object({
  provider: z.enum(PROVIDER_KINDS),
  hubjectBaseUrl: url.optional(),
  hubjectTokenUrl: url.optional(),
  hubjectClientId: z.string().trim().min(1, 'The client id is required').max(200).optional(),
  /** Absent on an update: the stored secret stays. */
  hubjectClientSecret: z.string().min(1).max(500).optional(),
});

export const PNC_SETTINGS_VIEW = {
  provider: true,
  hubjectBaseUrl: true,
  hubjectTokenUrl: true,
  hubjectClientId: true,
  hubjectSecretLast4: true,
  updatedAt: true,
} as const;

const aadOf = (tenantId: string) => `plug-and-charge:${tenantId}`;

export async function getPlugAndChargeSettings({ db, scope }: { db: Db; scope: Scope }) {
  assertAdmin(scope);
  const row = await scopedDb(db, scope).plugAndChargeSettings.findFirst({ select: PNC_SETTINGS_VIEW });
  return (
    row ?? {
      provider: 'NONE' as const,
      hubjectBaseUrl: null,
      hubjectTokenUrl: null,
      hubjectClientId: null,
      hubjectSecretLast4: null,
      updatedAt: null,
    }
  );
}

function keyringOf(options: Pick<PlugAndChargeOptions, 'keyring'>): CredentialKeyring {
  if (!options.keyring)
    throw new AppError('CONFLICT', 'The Hubject secret cannot be stored: PAYMENT_CREDENTIALS_KEYS is not set');
  return options.keyring;
}

export async function savePlugAndChargeSettings({
  db,
  scope,
  options,
  input,
}: {
  db: Db;
  scope: Scope;
  options: PlugAndChargeOptions;
  input: z.input<typeof savePlugAndChargeSettingsInput>;
}) {
  assertAdmin(scope);
  const i = savePlugAndChargeSettingsInput.parse(input);
  const sdb = scopedDb(db, scope);
  const existing = await sdb.plugAndChargeSettings.findFirst({ select: { id: true, hubjectSecretSealed: true } });
  let data: Record<string, unknown> = { provider: i.provider };
  if (i.provider === 'HUBJECT') {
    for (const path of ['hubjectBaseUrl', 'hubjectTokenUrl', 'hubjectClientId'] as const)
      if (!i[path])
        throw new AppError('BAD_INPUT', `${path} is required for Hubject`, {
          details: [{ path, message: 'Required' }],
        });
    for (const [path, value] of [
      ['hubjectBaseUrl', i.hubjectBaseUrl],
      ['hubjectTokenUrl', i.hubjectTokenUrl],
    ] as const) {
      const problem = webhookUrlProblem(value ?? '', options.allowPrivateAddresses)?.replace(
        'webhooks go',
        'requests go',
      );
      if (problem) throw new AppError('BAD_INPUT', problem, { details: [{ path, message: problem }] });
    }
    if (!i.hubjectClientSecret && !existing?.hubjectSecretSealed)
      throw new AppError('BAD_INPUT', 'The client secret is required', {
        details: [{ path: 'hubjectClientSecret', message: 'Required' }],
      });
    data = {
      ...data,
      hubjectBaseUrl: i.hubjectBaseUrl,
      hubjectTokenUrl: i.hubjectTokenUrl,
      hubjectClientId: i.hubjectClientId,
      ...(i.hubjectClientSecret
        ? {
            hubjectSecretSealed: sealSecrets(
              keyringOf(options),
              { clientSecret: i.hubjectClientSecret },
              aadOf(scope.tenantId),
            ),
            hubjectSecretLast4: i.hubjectClientSecret.slice(-4),
          }
        : {}),
    };
  }
  if (existing) await sdb.plugAndChargeSettings.update({ where: { id: existing.id }, data });
  else await sdb.plugAndChargeSettings.create({ data: { ...data, tenantId: scope.tenantId } as never });
  return getPlugAndChargeSettings({ db, scope });
}

/**
 * The tenant's contract certificate provider, as configured (the relay's side): null for none.
 * TEST loads the test PKI only when chosen, so production paths never carry it otherwise.
 */
export async function contractCertificateProvider({
  db,
  tenantId,
  options,
}: {
  db: Db;
  tenantId: string;
  options: PlugAndChargeOptions;
}): Promise<ContractCertificateProvider | null> {
  const row = await db.plugAndChargeSettings.findFirst({ where: { tenantId } });
  if (!row || row.provider === 'NONE') return null;
  if (row.provider === 'TEST') return testProvider();
  if (
    !row.hubjectBaseUrl ||
    !row.hubjectTokenUrl ||
    !row.hubjectClientId ||
    !row.hubjectSecretSealed ||
    !options.keyring
  )
    return null;
  const clientSecret = openSecrets(
    options.keyring,
    sealedSchema.parse(row.hubjectSecretSealed),
    aadOf(tenantId),
  ).clientSecret;
  if (!clientSecret) return null;
  return createHubjectProvider({
    baseUrl: row.hubjectBaseUrl,
    tokenUrl: row.hubjectTokenUrl,
    clientId: row.hubjectClientId,
    clientSecret,
    timeoutMs: options.providerTimeoutMs ?? 20_000,
    allowPrivateAddresses: options.allowPrivateAddresses,
  });
}

let test: Promise<ContractCertificateProvider> | null = null;
function testProvider(): Promise<ContractCertificateProvider> {
  test ??= import('@magma/pki/testing').then(async ({ createTestPki, createTestContractProvider }) =>
    createTestContractProvider({
      pki: await createTestPki({ ocspUrl: 'http://127.0.0.1/ocsp', name: 'Magma Test Provider' }),
    }),
  );
  return test;
}
