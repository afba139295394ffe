// The security events each OCPP version names, and which of them its specification marks critical
// (a charger SHALL push those to the CSMS; here each opens an alert). OCPP 2.0.1 Part 2, Appendix 1
// "Security Events" (v1.3); OCPP 1.6 "Improved security for OCPP 1.6-J", its list of security
// events. A type outside the list (the lists are not exhaustive; a vendor may add its own) is stored
// and shown, and raises no alert.

export type SecurityProtocol = 'OCPP16' | 'OCPP201';

const CRITICAL_201 = [
  'FirmwareUpdated',
  'SettingSystemTime',
  'StartupOfTheDevice',
  'ResetOrReboot',
  'SecurityLogWasCleared',
  'MemoryExhaustion',
  'TamperDetectionActivated',
  'InvalidFirmwareSignature',
  'InvalidFirmwareSigningCertificate',
  'InvalidCsmsCertificate',
  'InvalidChargingStationCertificate',
  'InvalidTLSVersion',
  'InvalidTLSCipherSuite',
  'MaintenanceLoginAccepted',
  'MaintenanceLoginFailed',
] as const;

const OTHER_201 = [
  'FailedToAuthenticateAtCsms',
  'CsmsFailedToAuthenticate',
  'ReconfigurationOfSecurityParameters',
  'InvalidMessages',
  'AttemptedReplayAttacks',
] as const;

const CRITICAL_16 = [
  'FirmwareUpdated',
  'SettingSystemTime',
  'StartupOfTheDevice',
  'ResetOrReboot',
  'SecurityLogWasCleared',
  'MemoryExhaustion',
  'TamperDetectionActivated',
] as const;

const OTHER_16 = [
  'FailedToAuthenticateAtCentralSystem',
  'CentralSystemFailedToAuthenticate',
  'ReconfigurationOfSecurityParameters',
  'InvalidMessages',
  'AttemptedReplayAttacks',
  'InvalidFirmwareSignature',
  'InvalidFirmwareSigningCertificate',
  'InvalidCentralSystemCertificate',
  'InvalidChargePointCertificate',
  'InvalidTLSVersion',
  'InvalidTLSCipherSuite',
] as const;

const CRITICAL: Record<SecurityProtocol, ReadonlySet<string>> = {
  OCPP201: new Set(CRITICAL_201),
  OCPP16: new Set(CRITICAL_16),
};

/** Every type a version's specification lists, critical ones first (the panel's filter offers them). */
export const SECURITY_EVENT_TYPES: Record<SecurityProtocol, readonly string[]> = {
  OCPP201: [...CRITICAL_201, ...OTHER_201],
  OCPP16: [...CRITICAL_16, ...OTHER_16],
};

/** Whether the version's specification marks this security event type critical. */
export function isCriticalSecurityEvent(protocol: SecurityProtocol, type: string): boolean {
  return CRITICAL[protocol].has(type);
}

// Which events open an alert. "Critical" in the specifications means the charger must push the event
// at once, and it includes routine ones (every boot, reset, firmware install and clock change): as
// alerts they would bury the ones an operator must act on. An alert opens for the events that say
// something is wrong or under attack, in either version, critical or not.
const ALERTING: ReadonlySet<string> = new Set([
  'SecurityLogWasCleared',
  'MemoryExhaustion',
  'TamperDetectionActivated',
  'InvalidFirmwareSignature',
  'InvalidFirmwareSigningCertificate',
  'InvalidCsmsCertificate',
  'InvalidCentralSystemCertificate',
  'InvalidChargingStationCertificate',
  'InvalidChargePointCertificate',
  'InvalidTLSVersion',
  'InvalidTLSCipherSuite',
  'MaintenanceLoginFailed',
  'AttemptedReplayAttacks',
  'FailedToAuthenticateAtCsms',
  'FailedToAuthenticateAtCentralSystem',
  'CsmsFailedToAuthenticate',
  'CentralSystemFailedToAuthenticate',
]);

/** Whether a security event of this type opens an alert for the operator. */
export function opensSecurityAlert(type: string): boolean {
  return ALERTING.has(type);
}
