import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, Name } from '@peculiar/asn1-x509';
import { signedBy } from '../ocsp/algorithms.ts';

/** The certificateStatus values of OCPP 2.0.1 AuthorizeCertificateStatusEnumType. */
export const CERTIFICATE_STATUSES = [
  'Accepted',
  'SignatureError',
  'CertificateExpired',
  'CertificateRevoked',
  'NoCertificateAvailable',
  'CertChainError',
  'ContractCancelled',
] as const;
export type AuthorizeCertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export type ChainCheck =
  | { ok: true; chain: Certificate[] }
  | { ok: false; status: Exclude<AuthorizeCertificateStatus, 'Accepted'>; reason: string };

/** ISO 15118-2: contract certificate, up to two MO sub-CAs, the root. */
const MAX_DEPTH = 4;

const nameKey = (name: Name) => Buffer.from(AsnConvert.serialize(name)).toString('hex');
const validAt = (c: Certificate, now: Date) =>
  c.tbsCertificate.validity.notBefore.getTime().getTime() <= now.getTime() &&
  now.getTime() <= c.tbsCertificate.validity.notAfter.getTime().getTime();

/**
 * Validates a contract certificate chain: from the leaf, each certificate is signed by the next
 * (found among the intermediates the charger sent and the configured certificates by issuer name),
 * ending at a configured root (V2G root or MO root); every certificate on the way is valid now.
 * Returns the chain leaf first, root last.
 */
export function validateContractChain({
  leaf,
  intermediates,
  trusted,
  now = new Date(),
}: {
  leaf: Certificate;
  intermediates: readonly Certificate[];
  /** Configured roots and sub-CAs; a chain must end at a self-signed one of these. */
  trusted: readonly Certificate[];
  now?: Date;
}): ChainCheck {
  const chain: Certificate[] = [leaf];
  const trustedKeys = new Set(trusted.map((c) => Buffer.from(AsnConvert.serialize(c)).toString('hex')));
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    if (!validAt(current, now))
      return {
        ok: false,
        status: 'CertificateExpired',
        reason: `${subjectCn(current) ?? 'a certificate'} is not valid now`,
      };
    const isTrusted = trustedKeys.has(Buffer.from(AsnConvert.serialize(current)).toString('hex'));
    const selfIssued = nameKey(current.tbsCertificate.issuer) === nameKey(current.tbsCertificate.subject);
    if (isTrusted && selfIssued) {
      if (!signedBy(current, current))
        return { ok: false, status: 'SignatureError', reason: 'the root does not verify' };
      return { ok: true, chain };
    }
    const issuerName = nameKey(current.tbsCertificate.issuer);
    const candidates = [...intermediates, ...trusted].filter((c) => nameKey(c.tbsCertificate.subject) === issuerName);
    if (candidates.length === 0)
      return { ok: false, status: 'CertChainError', reason: 'the chain does not lead to a configured root' };
    const issuer = candidates.find((c) => signedBy(current, c));
    if (!issuer)
      return {
        ok: false,
        status: 'SignatureError',
        reason: `${subjectCn(current) ?? 'a certificate'} does not verify with its issuer`,
      };
    chain.push(issuer);
    current = issuer;
  }
  return { ok: false, status: 'CertChainError', reason: 'the chain is longer than ISO 15118 allows' };
}

/** Whether a certificate names itself as its issuer (a root). */
export const isSelfIssued = (c: Certificate) => nameKey(c.tbsCertificate.issuer) === nameKey(c.tbsCertificate.subject);

const CN = '2.5.4.3';

/** The subject common name, if any. */
export function subjectCn(certificate: Certificate): string | null {
  for (const rdn of certificate.tbsCertificate.subject) {
    for (const atv of rdn) {
      if (atv.type !== CN) continue;
      return atv.value.toString();
    }
  }
  return null;
}
