import { describe, expect, it } from 'vitest';
import { isCriticalSecurityEvent, opensSecurityAlert, SECURITY_EVENT_TYPES } from './security-event-types.ts';

describe('critical security events', () => {
  it.each([
    ['OCPP201', 'TamperDetectionActivated', true],
    ['OCPP201', 'InvalidCsmsCertificate', true],
    ['OCPP201', 'InvalidTLSVersion', true],
    ['OCPP201', 'MaintenanceLoginFailed', true],
    ['OCPP201', 'InvalidMessages', false],
    ['OCPP201', 'AttemptedReplayAttacks', false],
    ['OCPP201', 'ReconfigurationOfSecurityParameters', false],
    ['OCPP201', 'InvalidCentralSystemCertificate', false], // 1.6's name, not 2.0.1's
    ['OCPP16', 'TamperDetectionActivated', true],
    ['OCPP16', 'SecurityLogWasCleared', true],
    ['OCPP16', 'InvalidCentralSystemCertificate', false],
    ['OCPP16', 'InvalidTLSVersion', false],
    ['OCPP16', 'MaintenanceLoginFailed', false], // not in 1.6's list
    ['OCPP201', 'AcmeDoorOpened', false],
  ] as const)('%s %s: %s', (protocol, type, critical) => {
    expect(isCriticalSecurityEvent(protocol, type)).toBe(critical);
  });

  it('lists each version’s types once', () => {
    for (const types of Object.values(SECURITY_EVENT_TYPES)) expect(new Set(types).size).toBe(types.length);
    expect(SECURITY_EVENT_TYPES.OCPP201).toHaveLength(20);
    expect(SECURITY_EVENT_TYPES.OCPP16).toHaveLength(18);
  });

  it('opens alerts for threats, not for the routine critical ones (boot, reset, firmware installed, clock set)', () => {
    for (const type of [
      'StartupOfTheDevice',
      'ResetOrReboot',
      'FirmwareUpdated',
      'SettingSystemTime',
      'InvalidMessages',
    ])
      expect(opensSecurityAlert(type)).toBe(false);
    for (const type of [
      'TamperDetectionActivated',
      'InvalidTLSVersion',
      'InvalidFirmwareSignature',
      'MaintenanceLoginFailed',
    ])
      expect(opensSecurityAlert(type)).toBe(true);
    // Every alerting type is one the specifications name.
    const named = new Set([...SECURITY_EVENT_TYPES.OCPP201, ...SECURITY_EVENT_TYPES.OCPP16]);
    for (const type of [
      'CsmsFailedToAuthenticate',
      'CentralSystemFailedToAuthenticate',
      'InvalidChargePointCertificate',
    ])
      expect(named.has(type) && opensSecurityAlert(type)).toBe(true);
  });
});
