import { firmwareStatus, logStatus } from '../firmware-and-logs.ts';
import { securityEventNotification } from '../security-event.ts';

// The charger-to-CSMS messages of the OCPP 1.6 security extension ("Improved security for OCPP
// 1.6-J"; their schemas ship with ocpp-rpc's 1.6 set, so strict mode validates them): a 1.6
// charger on security profile 2 or 3 reports security events and the progress of signed firmware
// updates and log uploads. Kept in the charger's message log before the answer; security events are
// also stored as such, critical ones opening an alert (../security-event.ts); the statuses also
// land where their unsigned 1.6 counterparts do, and on their request (../firmware-and-logs.ts). SignCertificate is in ../certificate-requests.ts.
export const securityExtension16 = {
  SecurityEventNotification: securityEventNotification,
  SignedFirmwareStatusNotification: firmwareStatus('SignedFirmwareStatusNotification'),
  LogStatusNotification: logStatus('LogStatusNotification'),
};
