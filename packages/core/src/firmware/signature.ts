import { createVerify, X509Certificate } from 'node:crypto';
import { AppError } from '../errors/app-error.ts';

// A firmware signature as OCPP carries it (FirmwareType.signature): base64 of the signature over
// the whole file, SHA-256 with the signing certificate's key (RSA PKCS#1 v1.5 or ECDSA, DER).

export function parseSigningCertificate(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new AppError('BAD_INPUT', 'The signing certificate is not a PEM X.509 certificate', {
      details: [{ path: 'signingCertificate', message: 'Not a PEM X.509 certificate' }],
    });
  }
}

export type SignatureCheck = {
  update(chunk: Uint8Array): void;
  /** True when the signature is the file's under the certificate's key. */
  verify(): boolean;
};

export function signatureCheck({ certificate, signature }: { certificate: string; signature: string }): SignatureCheck {
  const cert = parseSigningCertificate(certificate);
  const verifier = createVerify('sha256');
  return {
    update: (chunk) => void verifier.update(chunk),
    verify: () => {
      try {
        return verifier.verify(cert.publicKey, Buffer.from(signature, 'base64'));
      } catch {
        return false;
      }
    },
  };
}
