import { crypto, x509 } from './crypto.ts';

// OCPP's CertificateHashDataType (2.0.1 and the 1.6 security extension): SHA-256 of the issuer's
// DER-encoded name and of the issuer's public key (the BIT STRING's value), and the serial number
// in hexadecimal, as a charger reports it in GetInstalledCertificateIds and as DeleteCertificate
// names a certificate.

export type CertificateHashData = {
  hashAlgorithm: 'SHA256';
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
};

const hex = (b: ArrayBuffer) => Buffer.from(b).toString('hex');

/** A self-signed certificate (a root) is its own issuer; otherwise pass the issuer's certificate. */
export async function certificateHashData(certificatePem: string, issuerPem?: string): Promise<CertificateHashData> {
  const cert = new x509.X509Certificate(certificatePem);
  const issuer = issuerPem ? new x509.X509Certificate(issuerPem) : cert;
  const issuerName = issuer.subjectName.toArrayBuffer();
  const spki = new Uint8Array(issuer.publicKey.rawData);
  const keyBits = subjectPublicKeyBits(spki);
  return {
    hashAlgorithm: 'SHA256',
    issuerNameHash: hex(await crypto.subtle.digest('SHA-256', issuerName)),
    issuerKeyHash: hex(await crypto.subtle.digest('SHA-256', keyBits)),
    serialNumber: cert.serialNumber.replace(/^0+(?=.)/, '').toLowerCase(),
  };
}

/** The subjectPublicKey BIT STRING's content (without its unused-bits octet) from a DER SPKI. */
function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  let i = 0;
  const readLen = (): number => {
    const first = spki[i++]!;
    if (first < 0x80) return first;
    let len = 0;
    for (let n = first & 0x7f; n > 0; n--) len = (len << 8) | spki[i++]!;
    return len;
  };
  i++; // SEQUENCE
  readLen();
  i++; // AlgorithmIdentifier SEQUENCE
  i += readLen();
  i++; // BIT STRING
  const len = readLen();
  return spki.subarray(i + 1, i + len);
}
