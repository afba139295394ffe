import { x509 } from './crypto.ts';

export type CertificateSummary = {
  /** Normalised PEM (one certificate, 64-character lines). */
  pem: string;
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: Date;
  notAfter: Date;
  isCa: boolean;
};

/** One X.509 certificate from PEM (or bare base64 DER); null when it is not one. */
export function readCertificate(text: string): CertificateSummary | null {
  try {
    const cert = new x509.X509Certificate(text.trim());
    return {
      pem: cert.toString('pem'),
      subject: cert.subject,
      issuer: cert.issuer,
      // Hex without leading zeroes, as OCPP's CertificateHashData gives it.
      serialNumber: cert.serialNumber.replace(/^0+(?=.)/, '').toLowerCase(),
      notBefore: cert.notBefore,
      notAfter: cert.notAfter,
      isCa: cert.getExtension(x509.BasicConstraintsExtension)?.ca === true,
    };
  } catch {
    return null;
  }
}
