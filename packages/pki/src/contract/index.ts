export { emaidOf, isEmaid, normalizeEmaid } from './emaid.ts';
export {
  CERTIFICATE_STATUSES,
  isSelfIssued,
  subjectCn,
  validateContractChain,
  type AuthorizeCertificateStatus,
  type ChainCheck,
} from './validate-chain.ts';
export type { ContractCertificateProvider, EvCertificateRequest, EvCertificateResult } from './provider.ts';
