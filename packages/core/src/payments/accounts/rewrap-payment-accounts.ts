import type { Db } from '@magma/db';
import { rewrapSecrets, sealedSchema, type CredentialKeyring } from '@magma/payments';
import { accountAad } from './gateway-registry.ts';

/**
 * After a new key is put first in PAYMENT_CREDENTIALS_KEYS: re-wraps every account's data key under
 * it (the secrets' ciphertext is unchanged), so the old key can then be removed. A platform
 * maintenance task across tenants, so it takes the unscoped client. Safe to run again.
 */
export async function rewrapPaymentAccounts({ db, keyring }: { db: Db; keyring: CredentialKeyring }) {
  const stale = await db.paymentAccount.findMany({
    where: { kekId: { not: keyring.current.id } },
    select: { id: true, tenantId: true, sealed: true, kekId: true },
  });
  for (const a of stale) {
    const sealed = rewrapSecrets(keyring, sealedSchema.parse(a.sealed), accountAad(a));
    // Conditional on the key it was read under, so a concurrent save is not overwritten.
    await db.paymentAccount.updateMany({ where: { id: a.id, kekId: a.kekId }, data: { sealed, kekId: sealed.kekId } });
  }
  return { rewrapped: stale.length };
}
