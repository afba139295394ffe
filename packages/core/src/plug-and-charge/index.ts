export { DEFAULT_PNC_OPTIONS, type PlugAndChargeOptions } from './options.ts';
export { authorizeContract, type ContractAuthorization } from './authorize-contract.ts';
export { getCertificateStatus, type CertificateStatusAnswer } from './get-certificate-status.ts';
export { requestEvCertificate } from './request-ev-certificate.ts';
export { checkOcsp, findIssuer, type OcspOutcome } from './check-ocsp.ts';
export { createHubjectProvider, type HubjectConfig } from './hubject-client.ts';
export {
  contractCertificateProvider,
  getPlugAndChargeSettings,
  savePlugAndChargeSettings,
  savePlugAndChargeSettingsInput,
  PROVIDER_KINDS,
} from './settings.ts';
export {
  addTrustAnchors,
  addTrustAnchorsInput,
  listTrustAnchors,
  removeTrustAnchor,
  trustedCertificates,
} from './trust-anchors.ts';
// The OCPP vocabulary of @magma/pki the relay's handlers use (it depends on @magma/core only).
export { HASH_ALGORITHMS, ocspHashData, parseCertificate, verifyOcspResponse } from '@magma/pki';
