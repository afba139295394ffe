import type { Db } from '@magma/db';
import type { OcspRequestData } from '@magma/pki';
import { recordChargerMessage } from '../charging/record-charger-message.ts';
import type { ChargerRef } from '../charging/types.ts';
import { checkOcsp, findIssuer } from './check-ocsp.ts';
import type { PlugAndChargeOptions } from './options.ts';
import { trustedCertificates } from './trust-anchors.ts';

export type CertificateStatusAnswer = { status: 'Accepted'; ocspResult: string } | { status: 'Failed'; reason: string };

/**
 * GetCertificateStatus (2.0.1 M06; 1.6 through the Plug & Charge DataTransfer): the OCSP answer for
 * the certificate the charger names, from its responder (or kept from an earlier ask until its
 * nextUpdate), as base64 DER. It is given only once verified against the issuing certificate, which
 * must be among the tenant's trusted contract/V2G certificates.
 */
export async function getCertificateStatus({
  db,
  charger,
  request,
  options,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  request: OcspRequestData;
  options: PlugAndChargeOptions;
  now?: Date;
}): Promise<CertificateStatusAnswer> {
  const issuer = findIssuer(request, await trustedCertificates(db, charger.tenantId));
  const answer: CertificateStatusAnswer = !issuer
    ? { status: 'Failed', reason: 'The issuer is not among the trusted certificates (Settings → Plug & Charge)' }
    : await checkOcsp({
        db,
        tenantId: charger.tenantId,
        data: request,
        responderUrl: request.responderURL,
        issuer,
        options,
        now,
      }).then((o): CertificateStatusAnswer =>
        o.ok
          ? { status: 'Accepted', ocspResult: Buffer.from(o.der).toString('base64') }
          : { status: 'Failed', reason: o.reason },
      );
  await recordChargerMessage({
    db,
    charger,
    action: 'GetCertificateStatus',
    payload: { request, status: answer.status, ...(answer.status === 'Failed' ? { reason: answer.reason } : {}) },
  });
  return answer;
}
