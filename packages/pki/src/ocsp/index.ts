export { HASH_ALGORITHMS, type HashAlgorithm } from './algorithms.ts';
export {
  ocspHashData,
  normalizeSerial,
  ocspResponderUrls,
  parseCertificate,
  sameCertificate,
  serialOf,
  splitPem,
  type OcspHashData,
  type OcspRequestData,
} from './cert-id.ts';
export { buildOcspRequest, parseOcspRequest } from './request.ts';
export { verifyOcspResponse, type OcspCertStatus, type OcspCheck } from './response.ts';
export { ocspErrorResponse, signOcspResponse, type OcspAnswer } from './sign-response.ts';
export type { Certificate as X509Asn1Certificate } from '@peculiar/asn1-x509';
