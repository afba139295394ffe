export {
  localCertificateAuthority,
  type CertificateAuthority,
  type SignedCertificate,
  type TrustAnchors,
} from './authority.ts';
export * from './schemas.ts';
export { issueChargerCertificate, type IssueOutcome } from './issue-charger-certificate.ts';
export { deliverIssuedCertificate } from './deliver-certificate.ts';
export { installCertificate } from './install-certificate.ts';
export { requestInstalledCertificates } from './request-installed-certificates.ts';
export { deleteInstalledCertificate } from './delete-installed-certificate.ts';
export { triggerCertificateRenewal, renewalTrigger } from './trigger-certificate-renewal.ts';
export { listChargerCertificates } from './list-charger-certificates.ts';
export { renewExpiringCertificates, RENEW_DAYS_BEFORE } from './renew-expiring-certificates.ts';
export { verifyChargerCertificate } from './verify-charger-certificate.ts';
