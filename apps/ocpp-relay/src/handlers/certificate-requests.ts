import { deliverIssuedCertificate, issueChargerCertificate } from '@magma/core/certificates';
import { recordChargerMessage } from '@magma/core/charging';
import { defineHandler, type HandlerContext } from './types.ts';

// Certificate requests (1.6 security extension SignCertificate; 2.0.1 A02/A03 SignCertificate, M
// ISO 15118 Get15118EVCertificate and GetCertificateStatus). SignCertificate is signed by the
// operator's CA (@magma/core/certificates): answered Accepted once the certificate is stored, then
// sent to the charger in a CertificateSigned of its own; a CSR we do not sign is answered Rejected.
// Without a CSR signature CA (no PAYMENT_CREDENTIALS_KEYS to seal its keys) the relay says so.
// The EV contract certificate and OCSP requests are answered as each message defines when this
// CSMS cannot serve them (Failed, the reason in statusInfo), after keeping the request in the
// charger's message log, where the operator sees that the charger asked.

const NO_CERTIFICATE_AUTHORITY = {
  reasonCode: 'UnsupportedRequest',
  additionalInfo: 'This CSMS has no certificate authority; the request is kept in the charger message log',
};

/** Signs the CSR now, answers, and sends the certificate after the answer has left. */
async function signCertificate(
  { db, conn, bus, certificates, log }: HandlerContext,
  p: { csr: string; certificateType?: string },
): Promise<{ accepted: boolean; reason?: string }> {
  const use = p.certificateType === 'V2GCertificate' ? 'V2GCertificate' : 'ChargingStationCertificate';
  await recordChargerMessage({ db, charger: conn.charger, action: 'SignCertificate', payload: { ...p } });
  if (!certificates || !bus) return { accepted: false, reason: NO_CERTIFICATE_AUTHORITY.additionalInfo };
  const outcome = await issueChargerCertificate({
    db,
    ca: certificates,
    charger: conn.charger,
    identity: conn.identity,
    csr: p.csr,
    use,
  });
  if (!outcome.accepted) return { accepted: false, reason: outcome.reason };
  // The command goes through the bus to this relay's own listener: after this answer is written.
  setTimeout(() => {
    deliverIssuedCertificate({ db, bus, issuedId: outcome.issuedId }).catch((error: unknown) =>
      log.error('CertificateSigned not sent', { identity: conn.identity, error }),
    );
  }, 50);
  return { accepted: true };
}

export const certificateRequests16 = {
  SignCertificate: defineHandler<{ csr: string }>(async (ctx, p) => ({
    status: (await signCertificate(ctx, p)).accepted ? 'Accepted' : 'Rejected',
  })),
};

export const certificateRequests201 = {
  SignCertificate: defineHandler<{ csr: string; certificateType?: string }>(async (ctx, p) => {
    const { accepted, reason } = await signCertificate(ctx, p);
    if (accepted) return { status: 'Accepted' };
    return {
      status: 'Rejected',
      statusInfo:
        reason === NO_CERTIFICATE_AUTHORITY.additionalInfo
          ? NO_CERTIFICATE_AUTHORITY
          : { reasonCode: 'InvalidCSR', additionalInfo: (reason ?? '').slice(0, 512) },
    };
  }),
};
