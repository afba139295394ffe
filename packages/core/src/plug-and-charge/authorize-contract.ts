import type { Db } from '@magma/db';
import {
  emaidOf,
  normalizeEmaid,
  ocspHashData,
  ocspResponderUrls,
  parseCertificate,
  splitPem,
  validateContractChain,
  type AuthorizeCertificateStatus,
  type OcspRequestData,
  type X509Asn1Certificate as Certificate,
} from '@magma/pki';
import { checkIdToken } from '../charging/check-id-token.ts';
import type { ChargerRef, IdTokenCheck } from '../charging/types.ts';
import { checkOcsp, findIssuer } from './check-ocsp.ts';
import type { PlugAndChargeOptions } from './options.ts';
import { trustedCertificates } from './trust-anchors.ts';

export type ContractAuthorization = {
  idTokenInfo: IdTokenCheck;
  certificateStatus: AuthorizeCertificateStatus;
  /** Why the certificate was not accepted (kept in the charger's message log). */
  reason: string | null;
};

type CertVerdict = { status: AuthorizeCertificateStatus; reason: string | null; emaid: string | null };

/**
 * 2.0.1 Authorize for ISO 15118 Plug & Charge (C07): the contract certificate chain the charger
 * sends (`certificate`, PEM) is validated against the tenant's trusted V2G/MO roots and each of its
 * certificates is checked with its OCSP responder; when the charger validated the chain itself and
 * sends only `iso15118CertificateHashData`, each entry is checked with its responderURL, the answer
 * verified against the issuing certificate among the trusted ones. The id token is the eMAID (from
 * the certificate's CN when there is one) under the tenant's usual id-token rules; a certificate
 * not accepted makes the token Invalid, and a valid certificate whose token is blocked or expired
 * is ContractCancelled.
 */
export async function authorizeContract({
  db,
  charger,
  idToken,
  certificate,
  hashData,
  options,
  now = new Date(),
}: {
  db: Db;
  charger: ChargerRef;
  idToken: string;
  certificate?: string;
  hashData?: readonly OcspRequestData[];
  options: PlugAndChargeOptions;
  now?: Date;
}): Promise<ContractAuthorization> {
  const trusted = await trustedCertificates(db, charger.tenantId);
  const verdict = certificate
    ? await checkChain({ db, tenantId: charger.tenantId, pem: certificate, trusted, options, now })
    : await checkHashData({ db, tenantId: charger.tenantId, hashData: hashData ?? [], trusted, options, now });
  const token = verdict.emaid ?? idToken;
  let check = await checkIdToken({ db, tenantId: charger.tenantId, token, now });
  if (check.idTokenId === null && normalizeEmaid(token) !== token.toUpperCase())
    check = await checkIdToken({ db, tenantId: charger.tenantId, token: normalizeEmaid(token), now });

  let { status, reason } = verdict;
  if (status === 'Accepted' && (check.status === 'Blocked' || check.status === 'Expired')) {
    status = 'ContractCancelled';
    reason = `the contract's id token is ${check.status.toLowerCase()}`;
  }
  const idTokenInfo: IdTokenCheck = status === 'Accepted' ? check : { ...check, status: 'Invalid' };
  await db.chargerMessage.create({
    data: {
      tenantId: charger.tenantId,
      chargerId: charger.chargerId,
      action: 'Authorize',
      payload: { token, status: idTokenInfo.status, certificateStatus: status, ...(reason ? { reason } : {}) },
    },
  });
  return { idTokenInfo, certificateStatus: status, reason };
}

async function checkChain({
  db,
  tenantId,
  pem,
  trusted,
  options,
  now,
}: {
  db: Db;
  tenantId: string;
  pem: string;
  trusted: Certificate[];
  options: PlugAndChargeOptions;
  now: Date;
}): Promise<CertVerdict> {
  let certs: Certificate[];
  try {
    certs = splitPem(pem).map((p) => parseCertificate(p));
  } catch {
    return {
      status: 'NoCertificateAvailable',
      reason: 'the certificate is not a readable X.509 certificate',
      emaid: null,
    };
  }
  const [leaf, ...intermediates] = certs;
  if (!leaf) return { status: 'NoCertificateAvailable', reason: 'no certificate was sent', emaid: null };
  const emaid = emaidOf(leaf);
  const chain = validateContractChain({ leaf, intermediates, trusted, now });
  if (!chain.ok) return { status: chain.status, reason: chain.reason, emaid };
  if (!emaid) return { status: 'CertChainError', reason: 'the contract certificate names no eMAID', emaid: null };
  // Every certificate below the root, with its issuer: the leaf's OCSP answer is required, a sub-CA's when it names a responder.
  for (let n = 0; n < chain.chain.length - 1; n++) {
    const cert = chain.chain[n]!;
    const issuer = chain.chain[n + 1]!;
    const url = ocspResponderUrls(cert)[0];
    if (!url) {
      if (n === 0)
        return { status: 'CertChainError', reason: 'the contract certificate names no OCSP responder', emaid };
      continue;
    }
    const verdict = await ocspVerdict({ db, tenantId, data: ocspHashData(cert, issuer), url, issuer, options, now });
    if (verdict) return { ...verdict, emaid };
  }
  return { status: 'Accepted', reason: null, emaid };
}

async function checkHashData({
  db,
  tenantId,
  hashData,
  trusted,
  options,
  now,
}: {
  db: Db;
  tenantId: string;
  hashData: readonly OcspRequestData[];
  trusted: Certificate[];
  options: PlugAndChargeOptions;
  now: Date;
}): Promise<CertVerdict> {
  if (hashData.length === 0)
    return { status: 'NoCertificateAvailable', reason: 'no certificate or hash data was sent', emaid: null };
  for (const data of hashData) {
    const issuer = findIssuer(data, trusted);
    if (!issuer)
      return {
        status: 'CertChainError',
        reason: 'the issuer is not among the trusted contract certificates',
        emaid: null,
      };
    const verdict = await ocspVerdict({ db, tenantId, data, url: data.responderURL, issuer, options, now });
    if (verdict) return { ...verdict, emaid: null };
  }
  return { status: 'Accepted', reason: null, emaid: null };
}

/** Null when the certificate is good; else the refusal. */
async function ocspVerdict(args: {
  db: Db;
  tenantId: string;
  data: OcspRequestData | ReturnType<typeof ocspHashData>;
  url: string;
  issuer: Certificate;
  options: PlugAndChargeOptions;
  now: Date;
}): Promise<{ status: AuthorizeCertificateStatus; reason: string } | null> {
  const outcome = await checkOcsp({ ...args, responderUrl: args.url });
  if (!outcome.ok) return { status: 'CertChainError', reason: outcome.reason };
  if (outcome.status === 'revoked') return { status: 'CertificateRevoked', reason: 'OCSP: revoked' };
  if (outcome.status === 'unknown')
    return { status: 'CertChainError', reason: 'OCSP: the responder does not know the certificate' };
  return null;
}
