import type { KeyObject } from 'node:crypto';
import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import {
  BasicOCSPResponse,
  CertStatus,
  id_pkix_ocsp_basic,
  OCSPResponse,
  OCSPResponseStatus,
  ResponderID,
  ResponseBytes,
  ResponseData,
  RevokedInfo,
  SingleResponse,
} from '@peculiar/asn1-ocsp';
import { Certificate } from '@peculiar/asn1-x509';
import { signatureAlgorithmFor, signWith } from './algorithms.ts';
import { toCertId, type OcspHashData } from './cert-id.ts';

export type OcspAnswer = {
  certificate: OcspHashData;
  status: 'good' | 'revoked' | 'unknown';
  revokedAt?: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
};

/**
 * A signed basic OCSP response (DER) from a responder: the issuing CA itself (signer = issuer) or a
 * delegated responder certificate with OCSPSigning, included in the response.
 */
export function signOcspResponse({
  answers,
  signer,
  signerKey,
  delegated = false,
  producedAt = new Date(),
}: {
  answers: OcspAnswer[];
  signer: Certificate;
  signerKey: KeyObject;
  delegated?: boolean;
  producedAt?: Date;
}): Uint8Array {
  const tbs = new ResponseData({
    responderID: new ResponderID({ byName: signer.tbsCertificate.subject }),
    producedAt,
    responses: answers.map(
      (a) =>
        new SingleResponse({
          certID: toCertId(a.certificate),
          certStatus:
            a.status === 'good'
              ? new CertStatus({ good: null })
              : a.status === 'revoked'
                ? new CertStatus({ revoked: new RevokedInfo({ revocationTime: a.revokedAt ?? a.thisUpdate }) })
                : new CertStatus({ unknown: null }),
          thisUpdate: a.thisUpdate,
          nextUpdate: a.nextUpdate,
        }),
    ),
  });
  const basic = new BasicOCSPResponse({
    tbsResponseData: tbs,
    signatureAlgorithm: signatureAlgorithmFor(signerKey),
    signature: signWith(signerKey, AsnConvert.serialize(tbs)),
    certs: delegated ? [signer] : undefined,
  });
  return new Uint8Array(
    AsnConvert.serialize(
      new OCSPResponse({
        responseStatus: OCSPResponseStatus.successful,
        responseBytes: new ResponseBytes({
          responseType: id_pkix_ocsp_basic,
          response: new OctetString(AsnConvert.serialize(basic)),
        }),
      }),
    ),
  );
}

/** An unsuccessful OCSP response (malformedRequest, unauthorized…): status only, unsigned. */
export const ocspErrorResponse = (status: OCSPResponseStatus) =>
  new Uint8Array(AsnConvert.serialize(new OCSPResponse({ responseStatus: status })));
