// The demo's Plug & Charge PKI: a V2G root and an MO sub-CA whose keys and certificates are fixed in
// this file, so `npm start`'s demo seed (which trusts them for the demo tenant) and the relay's
// simulated EVs (which hold contract certificates issued under them) agree without sharing state or
// reaching the network. These private keys are public: nothing outside the demo and tests may trust
// these certificates. Contract certificates and the delegated OCSP responder are issued at run time.
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { DEMO_PKI_ROOT_PEM, DEMO_PKI_SUB_CA_PEM } from './demo-pki-certificates.ts';
import { issue, wrap, type TestAuthority, type TestPki } from './test-pki.ts';

x509.cryptoProvider.set(webcrypto as never);

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const DAY = 86_400_000;

const ROOT_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgv5u0F+QmwEPvoAc4aB4xW7ydesC8AM3DM5+Qdz+2IzShRANCAARwC+QlGtiOdQRNrMwp/v8owadXX7j+2OyrqbnCzCweRmr/Z/6otKhL2PmdD7YnmIl7dPlVuPU90aRgSyLUMAO2';
const SUB_CA_KEY =
  'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQge3PEkh8n8oCf5dfA4HjJTLpiobQZQHVX0S+uS5drxLahRANCAAQaGEsErb/ZqOhWGKeIUctlD/BFPDivXrr/plLVeL1O2X1qhASacFsr7Cylrdj4XVups02eQsuZTR4+u0AUY4ax';

async function authority(pem: string, pkcs8: string): Promise<TestAuthority> {
  const cert = new x509.X509Certificate(pem);
  const privateKey = await webcrypto.subtle.importKey('pkcs8', Buffer.from(pkcs8, 'base64'), EC, true, ['sign']);
  const publicKey = await cert.publicKey.export(EC, ['verify']);
  return wrap(cert, { privateKey, publicKey } as webcrypto.CryptoKeyPair);
}

/**
 * The demo PKI: the fixed root and sub-CA, a delegated OCSP responder for the sub-CA's
 * certificates, and contract certificates naming `ocspUrl` (a test OCSP responder serving this PKI).
 */
export async function createDemoPki({ ocspUrl }: { ocspUrl: string }): Promise<TestPki> {
  const [root, subCa] = await Promise.all([
    authority(DEMO_PKI_ROOT_PEM, ROOT_KEY),
    authority(DEMO_PKI_SUB_CA_PEM, SUB_CA_KEY),
  ]);
  const now = Date.now();
  const validity = { notBefore: new Date(now - DAY), notAfter: new Date(now + 365 * DAY) };
  const responder = await issue({
    subject: 'CN=Magma Demo MO OCSP Responder, O=Magma Demo',
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
      ...(await issue({
        subject: `CN=${emaid}, O=Magma Demo`,
        issuer: subCa,
        ca: false,
        ocspUrl,
        notBefore,
        notAfter,
      })),
      emaid,
    }),
  };
}
