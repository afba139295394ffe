export { createCertificateAuthority, type CaMaterial, type CaPair } from './authority.ts';
export {
  CERTIFICATE_SIGNING_USES,
  CsrRejected,
  MAX_CSR_CHARS,
  readCsr,
  signCsr,
  type CertificateSigningUse,
  type IssuedCertificate,
  type Issuer,
} from './sign-csr.ts';
export { verifyChain, type ChainVerdict } from './verify-chain.ts';
export { certificateHashData, type CertificateHashData } from './hash-data.ts';
export { readCertificate, type CertificateSummary } from './read-certificate.ts';
