import { describe, expect, it } from 'vitest';
import { frameBytes, mergeReplies, splitCall } from './split-call.ts';
import { limitsFrom } from './variable-limits.ts';
import { parseVariableKey, variableKeyOf } from './variable-key.ts';

const get = (n: number) => ({
  getVariableData: Array.from({ length: n }, (_, i) => ({
    component: { name: 'OCPPCommCtrlr' },
    variable: { name: `V${i}` },
  })),
});

describe('parseVariableKey', () => {
  it.each([
    [
      'OCPPCommCtrlr.HeartbeatInterval',
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
    ],
    [
      'OCPPCommCtrlr/HeartbeatInterval',
      { component: { name: 'OCPPCommCtrlr' }, variable: { name: 'HeartbeatInterval' } },
    ],
    [
      'DeviceDataCtrlr/ItemsPerMessage[GetVariables]',
      { component: { name: 'DeviceDataCtrlr' }, variable: { name: 'ItemsPerMessage', instance: 'GetVariables' } },
    ],
    [
      'Connector[left]@1.2/AvailabilityState',
      {
        component: { name: 'Connector', instance: 'left', evse: { id: 1, connectorId: 2 } },
        variable: { name: 'AvailabilityState' },
      },
    ],
    ['EVSE@3/Power', { component: { name: 'EVSE', evse: { id: 3 } }, variable: { name: 'Power' } }],
  ])('%s', (key, expected) => {
    expect(parseVariableKey(key)).toEqual(expected);
    if (key.includes('/')) expect(variableKeyOf(parseVariableKey(key))).toBe(key);
  });

  it.each(['/X', 'A@x/B', 'A[/B', 'A/B/C', 'A@1.2.3/B'])('refuses %s', (key) => {
    expect(() => parseVariableKey(key)).toThrow(/Not a variable key/);
  });
});

describe('splitCall', () => {
  it('sends one request when the charger reported no limits', () => {
    expect(splitCall('GetVariables', get(30), undefined)).toHaveLength(1);
  });

  it('keeps ItemsPerMessage, in order', () => {
    const parts = splitCall('GetVariables', get(5), { items: 2 });
    expect(parts.map((p) => (p.getVariableData as unknown[]).length)).toEqual([2, 2, 1]);
    expect(
      parts.flatMap((p) => (p.getVariableData as { variable: { name: string } }[]).map((d) => d.variable.name)),
    ).toEqual(['V0', 'V1', 'V2', 'V3', 'V4']);
  });

  it('keeps BytesPerMessage for the whole frame', () => {
    const one = frameBytes('GetVariables', get(1));
    const parts = splitCall('GetVariables', get(10), { bytes: one + 80 });
    for (const p of parts) expect(frameBytes('GetVariables', p)).toBeLessThanOrEqual(one + 80);
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.flatMap((p) => p.getVariableData as unknown[])).toHaveLength(10);
  });

  it('GetReport parts get their own requestIds', () => {
    const payload = { requestId: 40, componentVariable: [{ component: { name: 'A' } }, { component: { name: 'B' } }] };
    expect(splitCall('GetReport', payload, { items: 1 }).map((p) => p.requestId)).toEqual([40, 41]);
  });

  it('merges the answers into one reply', () => {
    expect(
      mergeReplies('GetVariables', [{ getVariableResult: [{ a: 1 }] }, { getVariableResult: [{ a: 2 }] }]),
    ).toEqual({ getVariableResult: [{ a: 1 }, { a: 2 }] });
    expect(mergeReplies('GetReport', [{ status: 'EmptyResultSet' }, { status: 'Accepted' }])).toMatchObject({
      status: 'Accepted',
    });
  });
});

describe('limitsFrom', () => {
  it('reads the newest DeviceDataCtrlr limits from reports and answers', () => {
    const report = (instance: string, name: string, value: string) => ({
      component: { name: 'DeviceDataCtrlr' },
      variable: { name, instance },
      variableAttribute: [{ type: 'Actual', value }],
    });
    expect(
      limitsFrom([
        {
          action: 'GetVariables',
          body: {
            getVariableResult: [
              {
                attributeStatus: 'Accepted',
                attributeValue: '4',
                component: { name: 'DeviceDataCtrlr' },
                variable: { name: 'ItemsPerMessage', instance: 'GetVariables' },
              },
            ],
          },
        },
        {
          action: 'NotifyReport',
          body: {
            reportData: [
              report('GetVariables', 'ItemsPerMessage', '9'),
              report('SetVariables', 'BytesPerMessage', '500'),
            ],
          },
        },
        { action: 'GetConfiguration', body: { configurationKey: [{ key: 'GetConfigurationMaxKeys', value: '3' }] } },
      ]),
    ).toEqual({ GetVariables: { items: 4 }, SetVariables: { bytes: 500 }, GetConfiguration: { items: 3 } });
  });
});

describe('variable monitoring in parts', () => {
  const monitors = (n: number) => ({
    setMonitoringData: Array.from({ length: n }, (_, i) => ({
      value: i,
      type: 'UpperThreshold',
      severity: 5,
      component: { name: 'EVSE', evse: { id: 1 } },
      variable: { name: 'Power' },
    })),
  });

  it('SetVariableMonitoring keeps ItemsPerMessage and BytesPerMessage, and the results come back as one list', () => {
    expect(splitCall('SetVariableMonitoring', monitors(5), { items: 2 }).map((p) => p.setMonitoringData)).toEqual([
      monitors(5).setMonitoringData.slice(0, 2),
      monitors(5).setMonitoringData.slice(2, 4),
      monitors(5).setMonitoringData.slice(4),
    ]);
    const one = frameBytes('SetVariableMonitoring', monitors(1));
    const parts = splitCall('SetVariableMonitoring', monitors(6), { bytes: one + 100 });
    expect(parts.length).toBeGreaterThan(2);
    for (const p of parts) expect(frameBytes('SetVariableMonitoring', p)).toBeLessThanOrEqual(one + 100);
    expect(
      mergeReplies('SetVariableMonitoring', [
        { setMonitoringResult: [{ id: 1 }, { id: 2 }] },
        { setMonitoringResult: [{ id: 3 }] },
      ]),
    ).toEqual({ setMonitoringResult: [{ id: 1 }, { id: 2 }, { id: 3 }] });
  });

  it('ClearVariableMonitoring splits its ids', () => {
    expect(splitCall('ClearVariableMonitoring', { id: [1, 2, 3] }, { items: 2 })).toEqual([
      { id: [1, 2] },
      { id: [3] },
    ]);
    expect(
      mergeReplies('ClearVariableMonitoring', [
        { clearMonitoringResult: [{ id: 1, status: 'Accepted' }] },
        { clearMonitoringResult: [{ id: 3, status: 'NotFound' }] },
      ]),
    ).toEqual({
      clearMonitoringResult: [
        { id: 1, status: 'Accepted' },
        { id: 3, status: 'NotFound' },
      ],
    });
  });

  it('reads the MonitoringCtrlr limits, not a DeviceDataCtrlr variable of the same instance', () => {
    const data = (component: string, name: string, instance: string, value: string) => ({
      component: { name: component },
      variable: { name, instance },
      variableAttribute: [{ type: 'Actual', value }],
    });
    expect(
      limitsFrom([
        {
          action: 'NotifyReport',
          body: {
            reportData: [
              data('MonitoringCtrlr', 'ItemsPerMessage', 'SetVariableMonitoring', '3'),
              data('MonitoringCtrlr', 'BytesPerMessage', 'ClearVariableMonitoring', '400'),
              data('DeviceDataCtrlr', 'ItemsPerMessage', 'ClearVariableMonitoring', '1'),
            ],
          },
        },
      ]),
    ).toEqual({ SetVariableMonitoring: { items: 3 }, ClearVariableMonitoring: { bytes: 400 } });
  });
});
