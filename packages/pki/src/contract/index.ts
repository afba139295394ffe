export { emaidOf, isEmaid, normalizeEmaid } from './emaid.ts';
export {
  CERTIFICATE_STATUSES,
  subjectCn,
  validateContractChain,
  type AuthorizeCertificateStatus,
  type ChainCheck,
} from './validate-chain.ts';
