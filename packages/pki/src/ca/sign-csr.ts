import type { webcrypto } from 'node:crypto';
import { EC_SIGN, importSigningKey, randomSerial, x509 } from './crypto.ts';
import { escapeDn } from './authority.ts';

// Signs a charger's PKCS#10 request (2.0.1 A02/A03, 1.6 security extension) into the certificate
// its type names. The request's self-signature must verify and its subject CN must be the charger's
// identity: a charger asks for its own certificate only. The subject we issue is ours to say
// (CN = identity, O = the operator, as A00 asks), whatever else the request's subject holds.

export const CERTIFICATE_SIGNING_USES = ['ChargingStationCertificate', 'V2GCertificate'] as const;
export type CertificateSigningUse = (typeof CERTIFICATE_SIGNING_USES)[number];

/** 2.0.1 SignCertificateRequest.csr is at most 5500 characters; a little room for line endings. */
export const MAX_CSR_CHARS = 5600;

export class CsrRejected extends Error {
  override name = 'CsrRejected';
}

export type Issuer = { certificatePem: string; privateKeyPkcs8: string };

export type IssuedCertificate = {
  certificatePem: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  commonName: string;
};

const DAY_MS = 86_400_000;

/** The CN of a PKCS#10 request, its signature checked; throws CsrRejected naming what is wrong. */
export async function readCsr(csrPem: string): Promise<{ csr: x509.Pkcs10CertificateRequest; commonName: string }> {
  if (csrPem.length > MAX_CSR_CHARS) throw new CsrRejected('The CSR is longer than 5500 characters');
  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(withPemArmour(csrPem));
  } catch {
    throw new CsrRejected('The CSR is not a PKCS#10 request in PEM');
  }
  let valid = false;
  try {
    valid = await csr.verify();
  } catch {
    valid = false;
  }
  if (!valid) throw new CsrRejected("The CSR's signature does not verify");
  const cn = csr.subjectName.getField('CN');
  if (cn.length !== 1 || !cn[0]) throw new CsrRejected('The CSR has no single subject CN');
  return { csr, commonName: cn[0] };
}

export async function signCsr({
  csrPem,
  use,
  issuer,
  expectedCommonName,
  organization,
  validityDays = 365,
  now = new Date(),
}: {
  csrPem: string;
  use: CertificateSigningUse;
  issuer: Issuer;
  /** The charger's identity: the CN the request must carry. */
  expectedCommonName: string;
  organization: string;
  validityDays?: number;
  now?: Date;
}): Promise<IssuedCertificate> {
  const { csr, commonName } = await readCsr(csrPem);
  if (commonName !== expectedCommonName)
    throw new CsrRejected(`The CSR's CN "${commonName.slice(0, 64)}" is not the charger's identity`);
  checkKey(csr.publicKey.algorithm, use);

  const issuerCert = new x509.X509Certificate(issuer.certificatePem);
  const signingKey = await importSigningKey(issuer.privateKeyPkcs8);
  const notBefore = new Date(now.getTime() - 60_000);
  // Never past the issuing CA's own end: a chain must verify for the whole validity.
  const notAfter = new Date(Math.min(now.getTime() + validityDays * DAY_MS, issuerCert.notAfter.getTime()));
  const serialNumber = randomSerial();
  const usages =
    use === 'V2GCertificate'
      ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement
      : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement | x509.KeyUsageFlags.keyEncipherment;
  // The station is a TLS client to us; for the EV (ISO 15118) the SECC is the TLS server.
  const eku = use === 'V2GCertificate' ? x509.ExtendedKeyUsage.serverAuth : x509.ExtendedKeyUsage.clientAuth;
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: `CN=${escapeDn(commonName)}, O=${escapeDn(organization)}`,
    issuer: issuerCert.subject,
    notBefore,
    notAfter,
    publicKey: csr.publicKey,
    signingKey,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      new x509.ExtendedKeyUsageExtension([eku], false),
      await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuerCert),
    ],
  });
  return { certificatePem: cert.toString('pem'), serialNumber, notBefore, notAfter, commonName };
}

function checkKey(alg: webcrypto.KeyAlgorithm, use: CertificateSigningUse): void {
  const named = (alg as webcrypto.EcKeyAlgorithm).namedCurve;
  if (alg.name === 'ECDSA' && (named === 'P-256' || (use !== 'V2GCertificate' && named === 'P-384'))) return;
  const bits = (alg as webcrypto.RsaHashedKeyAlgorithm).modulusLength;
  if (use !== 'V2GCertificate' && alg.name.startsWith('RSA') && bits >= 2048) return;
  throw new CsrRejected(
    use === 'V2GCertificate'
      ? 'A V2G certificate needs an ECDSA P-256 key (ISO 15118-2)'
      : 'The key must be ECDSA P-256/P-384 or RSA of 2048 bits or more',
  );
}

/** Some chargers send the base64 body without the BEGIN/END lines. */
function withPemArmour(text: string): string {
  const t = text.trim();
  if (t.startsWith('-----BEGIN')) return t;
  return `-----BEGIN CERTIFICATE REQUEST-----\n${t}\n-----END CERTIFICATE REQUEST-----`;
}
