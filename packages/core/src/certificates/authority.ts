import type { Db, Prisma } from '@magma/db';
import { openSecrets, sealedSchema, sealSecrets, type CredentialKeyring } from '@magma/payments';
import { createCertificateAuthority, signCsr, type CertificateSigningUse } from '@magma/pki';
import { AppError } from '../errors/app-error.ts';

// The CSMS's certificate authority, behind an interface so an operator's own (external) CA can take
// its place: sign a charger's CSR, and say which certificates anchor the operator's chargers.
//
// The built-in one keeps one CA per operator (tenant), not one for the platform: a charger's
// certificate then proves which operator it belongs to, a leaked operator key reaches that
// operator's chargers only, and an operator leaving takes its CA with it. Each CA is a root (what
// chargers install as CSMSRootCertificate / V2GRootCertificate) and an issuing sub-CA; both keys
// are sealed with PAYMENT_CREDENTIALS_KEYS like gateway secrets, the tenant id as associated data
// (a sealed value copied onto another tenant's row does not open). The CA is made on first use.

export type SignedCertificate = {
  /** The charger's certificate followed by the issuing CA's (what CertificateSigned carries). */
  certificateChainPem: string;
  certificatePem: string;
  serialNumber: string;
  commonName: string;
  notBefore: Date;
  notAfter: Date;
};

export type TrustAnchors = { roots: string[]; intermediates: string[] };

export type CertificateAuthority = {
  sign(args: {
    tenantId: string;
    csrPem: string;
    use: CertificateSigningUse;
    /** The charger's identity: the CSR's CN must be this. */
    identity: string;
  }): Promise<SignedCertificate>;
  /** The operator's roots and issuing CAs, for verifying its chargers' client certificates. */
  trustAnchors(tenantId: string): Promise<TrustAnchors>;
  /** The operator's root in PEM (created if it has none yet), for installing on chargers. */
  rootCertificate(tenantId: string): Promise<string>;
};

const aadOf = (tenantId: string) => `ca:${tenantId}`;

export function localCertificateAuthority({
  db,
  keyring,
  validityDays = 365,
}: {
  db: Db;
  /** Null: no PAYMENT_CREDENTIALS_KEYS, so no key can be sealed or opened; signing is refused. */
  keyring: CredentialKeyring | null;
  validityDays?: number;
}): CertificateAuthority {
  function ring(): CredentialKeyring {
    if (!keyring)
      throw new AppError('UPSTREAM', 'The certificate authority needs PAYMENT_CREDENTIALS_KEYS to seal its keys');
    return keyring;
  }

  async function caOf(tenantId: string) {
    const found = await db.certificateAuthority.findUnique({ where: { tenantId } });
    if (found) return found;
    const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
    const pair = await createCertificateAuthority({ organization: tenant.name });
    const sealed = sealSecrets(
      ring(),
      { root: pair.root.privateKeyPkcs8, issuing: pair.issuing.privateKeyPkcs8 },
      aadOf(tenantId),
    );
    // Two first uses at once: one CA is kept, the other's insert does nothing.
    await db.certificateAuthority.createMany({
      data: [
        {
          tenantId,
          rootCertificatePem: pair.root.certificatePem,
          issuingCertificatePem: pair.issuing.certificatePem,
          sealedKeys: sealed as unknown as Prisma.InputJsonObject,
          rootNotAfter: pair.root.notAfter,
          issuingNotAfter: pair.issuing.notAfter,
        },
      ],
      skipDuplicates: true,
    });
    return db.certificateAuthority.findUniqueOrThrow({ where: { tenantId } });
  }

  return {
    async sign({ tenantId, csrPem, use, identity }) {
      const ca = await caOf(tenantId);
      const keys = openSecrets(ring(), sealedSchema.parse(ca.sealedKeys), aadOf(tenantId));
      const tenant = await db.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
      const issued = await signCsr({
        csrPem,
        use,
        issuer: { certificatePem: ca.issuingCertificatePem, privateKeyPkcs8: keys.issuing! },
        expectedCommonName: identity,
        organization: tenant.name,
        validityDays,
      });
      return {
        ...issued,
        certificateChainPem: `${issued.certificatePem.trim()}\n${ca.issuingCertificatePem.trim()}\n`,
      };
    },
    async trustAnchors(tenantId) {
      const ca = await db.certificateAuthority.findUnique({ where: { tenantId } });
      return ca
        ? { roots: [ca.rootCertificatePem], intermediates: [ca.issuingCertificatePem] }
        : { roots: [], intermediates: [] };
    },
    async rootCertificate(tenantId) {
      return (await caOf(tenantId)).rootCertificatePem;
    },
  };
}
