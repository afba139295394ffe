// A test PKI for ISO 15118 Plug & Charge: a V2G root, an MO sub-CA, contract certificates with an
// eMAID in the CN and an OCSP responder URL, and a delegated OCSP signer. Used by tests, the test
// contract certificate provider and the simulator demo; never by production paths.
import 'reflect-metadata';
import { KeyObject, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { Certificate } from '@peculiar/asn1-x509';
import { parseCertificate } from '../ocsp/cert-id.ts';

x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

type Keys = webcrypto.CryptoKeyPair;

export type TestAuthority = {
  certificate: Certificate;
  pem: string;
  keys: Keys;
  /** The private key as node:crypto sees it (OCSP signing). */
  signingKey: KeyObject;
};

export type TestContract = TestAuthority & { emaid: string };

const generate = () => webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']);

export async function wrap(cert: x509.X509Certificate, keys: Keys): Promise<TestAuthority> {
  return {
    certificate: parseCertificate(new Uint8Array(cert.rawData)),
    pem: cert.toString('pem'),
    keys,
    signingKey: KeyObject.from(keys.privateKey),
  };
}

export async function issue({
  subject,
  issuer,
  ca,
  ocspUrl,
  notBefore,
  notAfter,
  extraExtensions = [],
}: {
  subject: string;
  issuer: { pem: string; keys: Keys } | null;
  ca: boolean;
  ocspUrl?: string;
  notBefore: Date;
  notAfter: Date;
  extraExtensions?: x509.Extension[];
}): Promise<TestAuthority> {
  const keys = await generate();
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(ca, ca ? 2 : undefined, true),
    new x509.KeyUsagesExtension(
      ca
        ? x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign
        : x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyAgreement,
      true,
    ),
    ...extraExtensions,
  ];
  if (ocspUrl) extensions.push(new x509.AuthorityInfoAccessExtension({ ocsp: ocspUrl }));
  const common = { serialNumber: serial(), notBefore, notAfter, extensions, signingAlgorithm: SIGN };
  const cert = issuer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject,
        issuer: new x509.X509Certificate(issuer.pem).subject,
        publicKey: keys.publicKey as never,
        signingKey: issuer.keys.privateKey as never,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name: subject, keys: keys as never });
  return wrap(cert, keys);
}

let counter = 0;
const serial = () => {
  const bytes = webcrypto.getRandomValues(new Uint8Array(12));
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return Buffer.from(bytes).toString('hex') + (++counter).toString(16).padStart(4, '0');
};

export type TestPki = {
  root: TestAuthority;
  subCa: TestAuthority;
  /** Delegated OCSP responder for the sub-CA's certificates (OCSPSigning). */
  responder: TestAuthority;
  issueContract: (opts: { emaid: string; notBefore?: Date; notAfter?: Date }) => Promise<TestContract>;
};

/** A fresh V2G root → MO sub-CA, whose contract certificates name `ocspUrl` as their responder. */
export async function createTestPki({
  ocspUrl,
  name = 'Magma Test',
}: {
  ocspUrl: string;
  name?: string;
}): Promise<TestPki> {
  const now = Date.now();
  const validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  const root = await issue({
    subject: `CN=${name} V2G Root CA, O=${name}, DC=V2G`,
    issuer: null,
    ca: true,
    ...validity,
  });
  const subCa = await issue({
    subject: `CN=${name} MO Sub-CA, O=${name}`,
    issuer: root,
    ca: true,
    ocspUrl,
    ...validity,
  });
  const responder = await issue({
    subject: `CN=${name} MO OCSP Responder, O=${name}`,
    issuer: subCa,
    ca: false,
    ...validity,
    extraExtensions: [new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.ocspSigning])],
  });
  return {
    root,
    subCa,
    responder,
    issueContract: async ({ emaid, notBefore = validity.notBefore, notAfter = new Date(now + 30 * DAY) }) => ({
      ...(await issue({ subject: `CN=${emaid}, O=${name}`, issuer: subCa, ca: false, ocspUrl, notBefore, notAfter })),
      emaid,
    }),
  };
}
