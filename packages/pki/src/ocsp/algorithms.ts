import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { AsnConvert } from '@peculiar/asn1-schema';
import { AlgorithmIdentifier, Certificate, SubjectPublicKeyInfo } from '@peculiar/asn1-x509';

// The hash and signature algorithms OCPP's OCSPRequestDataType and contract certificates use.
// Signatures go through node:crypto, which reads and writes DER-encoded ECDSA signatures as X.509
// and OCSP carry them (WebCrypto wants the raw r‖s form).

export const HASH_ALGORITHMS = ['SHA256', 'SHA384', 'SHA512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];

const HASH_OID: Record<HashAlgorithm, string> = {
  SHA256: '2.16.840.1.101.3.4.2.1',
  SHA384: '2.16.840.1.101.3.4.2.2',
  SHA512: '2.16.840.1.101.3.4.2.3',
};

export const hashOid = (algorithm: HashAlgorithm) => HASH_OID[algorithm];
export const hashAlgorithmOfOid = (oid: string): HashAlgorithm | null =>
  HASH_ALGORITHMS.find((a) => HASH_OID[a] === oid) ?? null;

export const digest = (algorithm: HashAlgorithm, data: ArrayBuffer | Uint8Array) =>
  createHash(algorithm.toLowerCase()).update(new Uint8Array(data)).digest();

/** Signature algorithm OID → the node hash name, for the algorithms X.509 and OCSP use here. */
const SIGNATURE_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', // ecdsa-with-SHA256
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256', // sha256WithRSAEncryption
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

export function publicKeyOf(certificate: Certificate): KeyObject {
  const spki = AsnConvert.serialize(certificate.tbsCertificate.subjectPublicKeyInfo);
  return createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
}

/** Whether `signature` over `data` verifies with `key` under the algorithm; unknown algorithms never do. */
export function verifySignature(
  algorithm: AlgorithmIdentifier,
  data: ArrayBuffer,
  signature: ArrayBuffer,
  key: KeyObject,
): boolean {
  const hash = SIGNATURE_HASH[algorithm.algorithm];
  if (!hash) return false;
  try {
    return verify(hash, new Uint8Array(data), { key, dsaEncoding: 'der' }, new Uint8Array(signature));
  } catch {
    return false;
  }
}

export function signatureAlgorithmFor(key: KeyObject): AlgorithmIdentifier {
  return key.asymmetricKeyType === 'ec'
    ? new AlgorithmIdentifier({ algorithm: ECDSA_WITH_SHA256 })
    : new AlgorithmIdentifier({ algorithm: SHA256_WITH_RSA, parameters: null });
}

export const signWith = (key: KeyObject, data: ArrayBuffer): ArrayBuffer => {
  const sig = sign('sha256', new Uint8Array(data), { key, dsaEncoding: 'der' });
  return sig.buffer.slice(sig.byteOffset, sig.byteOffset + sig.byteLength) as ArrayBuffer;
};

/** The certificate's own signature, checked against its issuer's public key. */
export const signedBy = (certificate: Certificate, issuer: Certificate): boolean =>
  verifySignature(
    certificate.signatureAlgorithm,
    certificate.tbsCertificateRaw ?? AsnConvert.serialize(certificate.tbsCertificate),
    certificate.signatureValue,
    publicKeyOf(issuer),
  );

export const spkiOf = (certificate: Certificate): SubjectPublicKeyInfo =>
  certificate.tbsCertificate.subjectPublicKeyInfo;
