import { crypto, type CryptoKeyPair, EC_KEY, EC_SIGN, exportKey, randomSerial, x509 } from './crypto.ts';

// A certificate authority for one operator: a self-signed root (what chargers install as their
// CSMSRootCertificate/V2GRootCertificate to trust us) and an issuing sub-CA under it that signs the
// charging station and V2G certificates. The root's key is only used here, once; keeping the
// issuing key separate lets an operator replace it without chargers reinstalling the root.

/** One certificate with its private key (PKCS#8 DER, base64): the caller seals it at rest. */
export type CaMaterial = { certificatePem: string; privateKeyPkcs8: string; serialNumber: string; notAfter: Date };
export type CaPair = { root: CaMaterial; issuing: CaMaterial };

const DAY_MS = 86_400_000;

export async function createCertificateAuthority({
  organization,
  now = new Date(),
  rootValidityDays = 365 * 20,
  issuingValidityDays = 365 * 10,
}: {
  /** The operator's name: the O of every certificate this CA issues. */
  organization: string;
  now?: Date;
  rootValidityDays?: number;
  issuingValidityDays?: number;
}): Promise<CaPair> {
  const o = escapeDn(organization);
  const rootKeys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = new Date(now.getTime() - 60_000);
  const rootSerial = randomSerial();
  const rootNotAfter = new Date(now.getTime() + rootValidityDays * DAY_MS);
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: rootSerial,
    name: `CN=${o} Root CA, O=${o}`,
    notBefore,
    notAfter: rootNotAfter,
    keys: rootKeys,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 1, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const issuingKeys = (await crypto.subtle.generateKey(EC_KEY, true, ['sign', 'verify'])) as CryptoKeyPair;
  const issuingSerial = randomSerial();
  const issuingNotAfter = new Date(Math.min(now.getTime() + issuingValidityDays * DAY_MS, rootNotAfter.getTime()));
  const issuing = await x509.X509CertificateGenerator.create({
    serialNumber: issuingSerial,
    subject: `CN=${o} Charging Station CA, O=${o}`,
    issuer: root.subject,
    notBefore,
    notAfter: issuingNotAfter,
    publicKey: issuingKeys.publicKey,
    signingKey: rootKeys.privateKey,
    signingAlgorithm: EC_SIGN,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(issuingKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  return {
    root: {
      certificatePem: root.toString('pem'),
      privateKeyPkcs8: await exportKey(rootKeys.privateKey),
      serialNumber: rootSerial,
      notAfter: rootNotAfter,
    },
    issuing: {
      certificatePem: issuing.toString('pem'),
      privateKeyPkcs8: await exportKey(issuingKeys.privateKey),
      serialNumber: issuingSerial,
      notAfter: issuingNotAfter,
    },
  };
}

/** An RDN value with the characters RFC 4514 gives meaning escaped. */
export function escapeDn(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}
