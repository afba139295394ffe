import { AsnConvert } from '@peculiar/asn1-schema';
import { OCSPRequest, Request, TBSRequest } from '@peculiar/asn1-ocsp';
import { fromCertId, toCertId, type OcspHashData } from './cert-id.ts';

/** An unsigned OCSP request (RFC 6960) for one certificate, DER-encoded: the body of the HTTP POST. */
export function buildOcspRequest(data: OcspHashData): Uint8Array {
  const request = new OCSPRequest({
    tbsRequest: new TBSRequest({ requestList: [new Request({ reqCert: toCertId(data) })] }),
  });
  return new Uint8Array(AsnConvert.serialize(request));
}

/** The certificates an OCSP request asks about (a responder's side). Throws on a malformed request. */
export function parseOcspRequest(der: Uint8Array): (OcspHashData | null)[] {
  const request = AsnConvert.parse(der, OCSPRequest);
  return request.tbsRequest.requestList.map((r) => fromCertId(r.reqCert));
}
