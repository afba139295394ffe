// @peculiar/x509 (PEM parsing) resolves its parsers through tsyringe, which needs Reflect metadata.
import 'reflect-metadata';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { CertID } from '@peculiar/asn1-ocsp';
import {
  AlgorithmIdentifier,
  AuthorityInfoAccessSyntax,
  Certificate,
  id_ad_ocsp,
  id_pe_authorityInfoAccess,
} from '@peculiar/asn1-x509';
import { X509Certificate } from '@peculiar/x509';
import { digest, hashAlgorithmOfOid, hashOid, type HashAlgorithm } from './algorithms.ts';

/**
 * OCPP 2.0.1 OCSPRequestDataType (also CertificateHashDataType without responderURL): hex strings,
 * the serial number without leading zeroes.
 */
export type OcspHashData = {
  hashAlgorithm: HashAlgorithm;
  issuerNameHash: string;
  issuerKeyHash: string;
  serialNumber: string;
};
export type OcspRequestData = OcspHashData & { responderURL: string };

const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(new Uint8Array(b)).toString('hex');

/** Serial numbers compare without case and leading zeroes (OCPP sends them that way). */
export const normalizeSerial = (serial: string) => serial.toLowerCase().replace(/^0+(?=.)/, '');
const normalizeHex = (h: string) => h.toLowerCase();

/** A DER or PEM certificate as its ASN.1 structure. Throws on anything else. */
export function parseCertificate(input: string | ArrayBuffer | Uint8Array): Certificate {
  const raw = typeof input === 'string' ? new X509Certificate(input).rawData : input;
  return AsnConvert.parse(raw instanceof Uint8Array ? raw : new Uint8Array(raw), Certificate);
}

/** Every certificate in a PEM bundle, in order. */
export function splitPem(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

export const serialOf = (certificate: Certificate) => normalizeSerial(hex(certificate.tbsCertificate.serialNumber));

/** The hash data a charger sends for `certificate`, whose issuer is `issuer`. */
export function ocspHashData(
  certificate: Certificate,
  issuer: Certificate,
  hashAlgorithm: HashAlgorithm = 'SHA256',
): OcspHashData {
  return {
    hashAlgorithm,
    issuerNameHash: hex(digest(hashAlgorithm, AsnConvert.serialize(issuer.tbsCertificate.subject))),
    issuerKeyHash: hex(digest(hashAlgorithm, issuer.tbsCertificate.subjectPublicKeyInfo.subjectPublicKey)),
    serialNumber: serialOf(certificate),
  };
}

/** The OCSP responder URLs of a certificate's Authority Information Access extension. */
export function ocspResponderUrls(certificate: Certificate): string[] {
  const ext = certificate.tbsCertificate.extensions?.find((e) => e.extnID === id_pe_authorityInfoAccess);
  if (!ext) return [];
  const aia = AsnConvert.parse(ext.extnValue, AuthorityInfoAccessSyntax);
  return aia
    .filter((d) => d.accessMethod === id_ad_ocsp && d.accessLocation.uniformResourceIdentifier)
    .map((d) => d.accessLocation.uniformResourceIdentifier!);
}

export const toCertId = (data: OcspHashData): CertID =>
  new CertID({
    hashAlgorithm: new AlgorithmIdentifier({ algorithm: hashOid(data.hashAlgorithm), parameters: null }),
    issuerNameHash: new OctetString(Buffer.from(data.issuerNameHash, 'hex')),
    issuerKeyHash: new OctetString(Buffer.from(data.issuerKeyHash, 'hex')),
    serialNumber: new Uint8Array(Buffer.from(serialHex(data.serialNumber), 'hex')).buffer,
  });

// DER INTEGER content: even length, and a leading 00 when the top bit is set (serials are positive).
function serialHex(serial: string) {
  let s = normalizeSerial(serial);
  if (s.length % 2) s = `0${s}`;
  if (parseInt(s.slice(0, 2), 16) >= 0x80) s = `00${s}`;
  return s;
}

export function fromCertId(id: CertID): OcspHashData | null {
  const hashAlgorithm = hashAlgorithmOfOid(id.hashAlgorithm.algorithm);
  if (!hashAlgorithm) return null;
  return {
    hashAlgorithm,
    issuerNameHash: hex(id.issuerNameHash.buffer),
    issuerKeyHash: hex(id.issuerKeyHash.buffer),
    serialNumber: normalizeSerial(hex(id.serialNumber)),
  };
}

export const sameCertificate = (a: OcspHashData, b: OcspHashData) =>
  a.hashAlgorithm === b.hashAlgorithm &&
  normalizeHex(a.issuerNameHash) === normalizeHex(b.issuerNameHash) &&
  normalizeHex(a.issuerKeyHash) === normalizeHex(b.issuerKeyHash) &&
  normalizeSerial(a.serialNumber) === normalizeSerial(b.serialNumber);
