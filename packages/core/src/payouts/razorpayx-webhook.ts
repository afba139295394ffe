import type { Db } from '@magma/db';
import type { CredentialKeyring } from '@magma/payments';
import { applyPayoutEvents } from './apply-payout-events.ts';
import { razorpayXForTenant } from './payout-rail-account.ts';

export type PayoutWebhookOutcome = { status: number; body: { ok: boolean; applied?: number; error?: string } };

/**
 * A RazorpayX payout webhook at a tenant's host: the signature (HMAC-SHA256 of the raw body under
 * the tenant's own webhook secret, compared in constant time) is checked before anything is read,
 * then each payout event is applied once per (payout, status) and only forward. A refused delivery
 * changes nothing; a repeated or late one is answered 200 and changes nothing either.
 */
export async function handleRazorpayXPayoutWebhook({
  db,
  keyring,
  tenantId,
  rawBody,
  headers,
  now = new Date(),
}: {
  db: Db;
  keyring: CredentialKeyring | null;
  tenantId: string;
  rawBody: Buffer | string;
  headers: Record<string, string | string[] | undefined>;
  now?: Date;
}): Promise<PayoutWebhookOutcome> {
  const provider = await razorpayXForTenant({ db, tenantId, keyring });
  if (!provider) return { status: 404, body: { ok: false, error: 'No RazorpayX account is set up here' } };
  const verified = provider.verifyWebhook({ rawBody, headers });
  if (!verified.ok) {
    return { status: verified.reason === 'bad-payload' ? 400 : 401, body: { ok: false, error: verified.message } };
  }
  const applied = await applyPayoutEvents({ db, tenantId, events: verified.events, source: 'razorpayx-webhook', now });
  return { status: 200, body: { ok: true, applied } };
}
