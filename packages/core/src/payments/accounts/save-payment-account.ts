import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@magma/db';
import { accountCredentialsSchema, primarySecret, sealSecrets, type CredentialKeyring } from '@magma/payments';
import { recordAudit } from '../../audit/record-audit.ts';
import { AppError } from '../../errors/app-error.ts';
import { assertAdmin, type Scope } from '../../tenancy/scope.ts';
import { scopedDb } from '../../tenancy/scoped-db.ts';
import { accountAad } from './gateway-registry.ts';
import { paymentAccountView } from './payment-account-view.ts';

export const MAX_PAYMENT_ACCOUNTS = 20;

export const savePaymentAccountInput = z.object({
  label: z.string().trim().min(1, 'Give the account a name').max(80, 'A name is at most 80 characters'),
  environment: z.enum(['sandbox', 'production']),
  credentials: accountCredentialsSchema,
});

/**
 * Adds one of the operator's own gateway accounts. The secrets are sealed before they reach the
 * database (an AES-256-GCM data key wrapped by the current key of PAYMENT_CREDENTIALS_KEYS, bound
 * to this tenant and account) and never read back to the browser. The tenant's first account
 * becomes its default.
 */
export async function savePaymentAccount({
  db,
  scope,
  keyring,
  input,
}: {
  db: Db;
  scope: Scope;
  keyring: CredentialKeyring | null;
  input: unknown;
}) {
  assertAdmin(scope);
  if (!keyring) {
    throw new AppError(
      'CONFLICT',
      'This deployment has no PAYMENT_CREDENTIALS_KEYS, so gateway secrets cannot be stored',
    );
  }
  const parsed = savePaymentAccountInput.safeParse(input);
  if (!parsed.success) {
    throw new AppError('BAD_INPUT', parsed.error.issues[0]?.message ?? 'Invalid account', {
      details: parsed.error.issues,
    });
  }
  const { label, environment, credentials } = parsed.data;
  const id = randomUUID();
  const sealed = sealSecrets(keyring, credentials.secrets, accountAad({ tenantId: scope.tenantId, id }));
  const secret = primarySecret(credentials);
  const sdb = scopedDb(db, scope);
  const row = await sdb.$transaction(async (tx) => {
    const existing = await tx.paymentAccount.count({ where: { disabledAt: null } });
    if (existing >= MAX_PAYMENT_ACCOUNTS) {
      throw new AppError('CONFLICT', `An operator can keep at most ${MAX_PAYMENT_ACCOUNTS} payment accounts`);
    }
    const created = await tx.paymentAccount.create({
      data: {
        id,
        tenantId: scope.tenantId,
        provider: credentials.provider,
        label,
        publicId: credentials.publicId,
        secretLast4: secret.slice(-4),
        sealed,
        kekId: sealed.kekId,
        environment,
        isDefault: existing === 0,
      },
    });
    await recordAudit(tx, scope, {
      action: 'payments.account_added',
      entityType: 'PaymentAccount',
      entityId: id,
      after: { provider: credentials.provider, label, publicId: credentials.publicId, environment },
    });
    return created;
  });
  return paymentAccountView(row);
}
