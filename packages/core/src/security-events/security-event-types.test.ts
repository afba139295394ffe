import { describe, expect, it } from 'vitest';
import { isCriticalSecurityEvent, SECURITY_EVENT_TYPES } from './security-event-types.ts';

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
});
