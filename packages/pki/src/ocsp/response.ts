import { AsnConvert } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  id_kp_OCSPSigning,
  id_pkix_ocsp_basic,
  OCSPResponse,
  OCSPResponseStatus,
} from '@peculiar/asn1-ocsp';
import { Certificate, ExtendedKeyUsage, id_ce_extKeyUsage } from '@peculiar/asn1-x509';
import { publicKeyOf, signedBy, verifySignature } from './algorithms.ts';
import { fromCertId, sameCertificate, type OcspHashData } from './cert-id.ts';

export type OcspCertStatus = 'good' | 'revoked' | 'unknown';

export type OcspCheck =
  | {
      ok: true;
      status: OcspCertStatus;
      thisUpdate: Date;
      /** Null: the responder gives no next update; the answer is fresh only now. */
      nextUpdate: Date | null;
      revokedAt: Date | null;
    }
  | { ok: false; reason: string };

/** Clock tolerance for thisUpdate in the future (responders' clocks drift a little). */
const SKEW_MS = 5 * 60_000;

/**
 * Reads and verifies a DER OCSP response about `certificate` (its hash data), issued by `issuer`:
 * the response is signed by the issuer itself or by a responder certificate the issuer signed with
 * the OCSPSigning extended key usage (RFC 6960 4.2.2.2), it is about this certificate, and it is
 * current (thisUpdate not in the future, nextUpdate not past). Anything else is not an answer.
 */
export function verifyOcspResponse({
  der,
  certificate,
  issuer,
  now = new Date(),
}: {
  der: Uint8Array;
  certificate: OcspHashData;
  issuer: Certificate;
  now?: Date;
}): OcspCheck {
  let basic: BasicOCSPResponse;
  try {
    const response = AsnConvert.parse(der, OCSPResponse);
    if (response.responseStatus !== OCSPResponseStatus.successful)
      return {
        ok: false,
        reason: `responder answered ${OCSPResponseStatus[response.responseStatus] ?? response.responseStatus}`,
      };
    if (!response.responseBytes || response.responseBytes.responseType !== id_pkix_ocsp_basic)
      return { ok: false, reason: 'not a basic OCSP response' };
    basic = AsnConvert.parse(response.responseBytes.response.buffer, BasicOCSPResponse);
  } catch {
    return { ok: false, reason: 'not an OCSP response' };
  }
  const tbs = basic.tbsResponseDataRaw ?? AsnConvert.serialize(basic.tbsResponseData);
  const signer = [issuer, ...(basic.certs ?? []).filter((c) => isDelegatedResponder(c, issuer, now))].find((c) =>
    verifySignature(basic.signatureAlgorithm, tbs, basic.signature, publicKeyOf(c)),
  );
  if (!signer) return { ok: false, reason: 'the response is not signed by the issuer or its OCSP responder' };

  const single = basic.tbsResponseData.responses.find((r) => {
    const id = fromCertId(r.certID);
    return id !== null && sameCertificate(id, certificate);
  });
  if (!single) return { ok: false, reason: 'the response is about another certificate' };
  if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS)
    return { ok: false, reason: 'thisUpdate is in the future' };
  if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime())
    return { ok: false, reason: 'the response is stale' };
  const status: OcspCertStatus = single.certStatus.revoked
    ? 'revoked'
    : single.certStatus.good !== undefined
      ? 'good'
      : 'unknown';
  return {
    ok: true,
    status,
    thisUpdate: single.thisUpdate,
    nextUpdate: single.nextUpdate ?? null,
    revokedAt: single.certStatus.revoked?.revocationTime ?? null,
  };
}

function isDelegatedResponder(candidate: Certificate, issuer: Certificate, now: Date): boolean {
  const eku = candidate.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_extKeyUsage);
  if (!eku) return false;
  const usages = AsnConvert.parse(eku.extnValue, ExtendedKeyUsage);
  if (!usages.includes(id_kp_OCSPSigning)) return false;
  const validity = candidate.tbsCertificate.validity;
  const at = now.getTime();
  if (validity.notBefore.getTime().getTime() > at || validity.notAfter.getTime().getTime() < at) return false;
  return signedBy(candidate, issuer);
}
