import { describe, expect, it } from 'vitest';
import { parseConfigurationReply } from './get-charger-detail.ts';
import { buildChargerCall, chargerActionSchema } from './send-charger-action.ts';

type Action = Parameters<typeof buildChargerCall>[1];

const at = new Date('2026-12-01T02:00:00.000Z');

describe('buildChargerCall', () => {
  it.each([
    [
      { kind: 'updateFirmware', location: 'https://fw.example/x.bin', retrieveAt: at },
      'UpdateFirmware',
      { location: 'https://fw.example/x.bin', retrieveDate: at.toISOString() },
      'UpdateFirmware',
      { requestId: 7, firmware: { location: 'https://fw.example/x.bin', retrieveDateTime: at.toISOString() } },
    ],
    [
      { kind: 'getDiagnostics', location: 'ftp://logs.example/' },
      'GetDiagnostics',
      { location: 'ftp://logs.example/' },
      'GetLog',
      { logType: 'DiagnosticsLog', requestId: 7, log: { remoteLocation: 'ftp://logs.example/' } },
    ],
    [
      { kind: 'getConfiguration', keys: ['OCPPCommCtrlr.HeartbeatInterval'] },
      'GetConfiguration',
      { key: ['OCPPCommCtrlr.HeartbeatInterval'] },
      'GetVariables',
      { getVariableData: [{ component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } }] },
    ],
    [{ kind: 'reset', hard: true }, 'Reset', { type: 'Hard' }, 'Reset', { type: 'Immediate' }],
    [{ kind: 'clearCache' }, 'ClearCache', {}, 'ClearCache', {}],
    [
      { kind: 'limitPower', kw: 7.4 },
      'SetChargingProfile',
      {
        connectorId: 0,
        csChargingProfiles: {
          chargingProfileId: 900_001,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: {
            startSchedule: at.toISOString(),
            chargingRateUnit: 'W',
            chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }],
          },
        },
      },
      'SetChargingProfile',
      {
        evseId: 0,
        chargingProfile: {
          id: 900_001,
          stackLevel: 0,
          chargingProfilePurpose: 'TxDefaultProfile',
          chargingProfileKind: 'Absolute',
          chargingSchedule: [
            {
              id: 1,
              startSchedule: at.toISOString(),
              chargingRateUnit: 'W',
              chargingSchedulePeriod: [{ startPeriod: 0, limit: 7400 }],
            },
          ],
        },
      },
    ],
    [
      { kind: 'clearPowerLimit' },
      'ClearChargingProfile',
      { id: 900_001, connectorId: 0, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 },
      'ClearChargingProfile',
      {
        chargingProfileId: 900_001,
        chargingProfileCriteria: { evseId: 0, chargingProfilePurpose: 'TxDefaultProfile', stackLevel: 0 },
      },
    ],
    [
      { kind: 'dataTransfer', vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' },
      'DataTransfer',
      { vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' },
      'DataTransfer',
      { vendorId: 'com.example', messageId: 'Ping', data: '{"n":1}' },
    ],
    [
      { kind: 'dataTransfer', vendorId: 'com.example', data: '' },
      'DataTransfer',
      { vendorId: 'com.example' },
      'DataTransfer',
      { vendorId: 'com.example' },
    ],
  ] as const)('%o', (action, a16, p16, a201, p201) => {
    expect(buildChargerCall('OCPP16', action as Action, 7, at.getTime() + 400)).toEqual({ action: a16, payload: p16 });
    expect(buildChargerCall('OCPP201', action as Action, 7, at.getTime() + 400)).toEqual({
      action: a201,
      payload: p201,
    });
  });

  it('asks a 1.6 charger for all keys, and a 2.0.1 charger for the variables the page shows', () => {
    expect(buildChargerCall('OCPP16', { kind: 'getConfiguration', keys: [] })).toEqual({
      action: 'GetConfiguration',
      payload: {},
    });
    const { payload } = buildChargerCall('OCPP201', { kind: 'getConfiguration', keys: [] });
    expect((payload as { getVariableData: unknown[] }).getVariableData.length).toBeGreaterThan(3);
  });
});

describe('chargerActionSchema', () => {
  it.each([
    [{ kind: 'updateFirmware', location: 'javascript:alert(1)', retrieveAt: at }],
    [{ kind: 'unlock', evseId: 0 }],
    [{ kind: 'trigger', message: 'Reset' }],
    [{ kind: 'format-disk' }],
  ])('refuses %o', (action) => {
    expect(chargerActionSchema.safeParse(action).success).toBe(false);
  });
});

describe('parseConfigurationReply', () => {
  it('reads GetVariables results as component.variable keys', () => {
    expect(
      parseConfigurationReply('GetVariables', {
        getVariableResult: [
          {
            attributeStatus: 'Accepted',
            component: { name: 'OCPPCommCtrlr' },
            variable: { name: 'HeartbeatInterval' },
            attributeValue: '300',
          },
          { attributeStatus: 'UnknownVariable', component: { name: 'TxCtrlr' }, variable: { name: 'Nope' } },
        ],
      }),
    ).toEqual([
      { key: 'OCPPCommCtrlr.HeartbeatInterval', value: '300', readonly: null, status: 'Accepted' },
      { key: 'TxCtrlr.Nope', value: null, readonly: null, status: 'UnknownVariable' },
    ]);
  });

  it('ignores replies of the wrong shape', () => {
    expect(parseConfigurationReply('GetConfiguration', { configurationKey: 'x' })).toEqual([]);
    expect(parseConfigurationReply('GetVariables', null)).toEqual([]);
  });
});
