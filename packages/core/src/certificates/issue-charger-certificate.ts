import type { Db } from '@magma/db';
import { CsrRejected, type CertificateSigningUse } from '@magma/pki';
import { recordChargerMessage, type ChargerRef } from '../charging/index.ts';
import type { CertificateAuthority } from './authority.ts';

// The CSMS's half of a charger's SignCertificate (2.0.1 A02/A03, 1.6 security extension): the CSR
// is signed at once, the certificate stored as SENDING, and the charger answered Accepted; the
// certificate then goes to it in a CertificateSigned of its own (deliverIssuedCertificate). A CSR
// we will not sign (bad signature, another charger's CN, a key we do not accept) is answered
// Rejected, with the reason kept in the charger's message log.

export type IssueOutcome = { accepted: true; issuedId: string } | { accepted: false; reason: string };

export async function issueChargerCertificate({
  db,
  ca,
  charger,
  identity,
  csr,
  use,
}: {
  db: Db;
  ca: CertificateAuthority;
  charger: ChargerRef;
  identity: string;
  csr: string;
  use: CertificateSigningUse;
}): Promise<IssueOutcome> {
  try {
    const signed = await ca.sign({ tenantId: charger.tenantId, csrPem: csr, use, identity });
    const row = await db.issuedCertificate.create({
      data: {
        tenantId: charger.tenantId,
        chargerId: charger.chargerId,
        certificateType: use,
        serialNumber: signed.serialNumber,
        commonName: signed.commonName,
        notBefore: signed.notBefore,
        notAfter: signed.notAfter,
        certificatePem: signed.certificateChainPem,
        csrPem: csr,
      },
    });
    return { accepted: true, issuedId: row.id };
  } catch (e) {
    if (!(e instanceof CsrRejected)) throw e;
    await recordChargerMessage({
      db,
      charger,
      action: 'SignCertificate.Rejected',
      payload: { certificateType: use, reason: e.message },
    });
    return { accepted: false, reason: e.message };
  }
}
