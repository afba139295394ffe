import type { Db } from '@magma/db';
import type { EvCertificateRequest, EvCertificateResult } from '@magma/pki';
import { recordChargerMessage } from '../charging/record-charger-message.ts';
import type { ChargerRef } from '../charging/types.ts';
import type { PlugAndChargeOptions } from './options.ts';
import { contractCertificateProvider } from './settings.ts';

/**
 * Get15118EVCertificate (2.0.1 M01/M02; 1.6 through DataTransfer): forwards the EV's EXI request to
 * the tenant's contract certificate provider. No provider, a provider error or one that does not
 * answer in time is Failed with the reason; the charger may ask again.
 */
export async function requestEvCertificate({
  db,
  charger,
  request,
  options,
}: {
  db: Db;
  charger: ChargerRef;
  request: EvCertificateRequest;
  options: PlugAndChargeOptions;
}): Promise<EvCertificateResult> {
  const provider = await contractCertificateProvider({ db, tenantId: charger.tenantId, options });
  const result: EvCertificateResult = provider
    ? await provider.getEvCertificate(request)
    : { status: 'Failed', reason: 'No contract certificate provider is set up (Settings → Plug & Charge)' };
  await recordChargerMessage({
    db,
    charger,
    action: 'Get15118EVCertificate',
    payload: {
      action: request.action,
      iso15118SchemaVersion: request.iso15118SchemaVersion,
      provider: provider?.name ?? null,
      status: result.status,
      ...(result.status === 'Failed' ? { reason: result.reason } : {}),
    },
  });
  return result;
}
