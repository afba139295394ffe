import { describe, expect, it } from 'vitest';
import { diffInventory, inventoryItems, monitorItems, placeOf, reportProgress } from './report-items.ts';

const item = (key: string, value: string, extra: Record<string, unknown> = {}) => ({
  key,
  attributes: [{ type: 'Actual', value, mutability: 'ReadWrite', persistent: false, constant: false, ...extra }],
  characteristics: null,
});

describe('placeOf', () => {
  it.each([
    [{ name: 'OCPPCommCtrlr' }, { name: 'HeartbeatInterval' }, 'OCPPCommCtrlr/HeartbeatInterval'],
    [
      { name: 'DeviceDataCtrlr' },
      { name: 'ItemsPerMessage', instance: 'GetReport' },
      'DeviceDataCtrlr/ItemsPerMessage[GetReport]',
    ],
    [{ name: 'EVSE', evse: { id: 2 } }, { name: 'Power' }, 'EVSE@2/Power'],
    [{ name: 'Connector', instance: 'x', evse: { id: 1, connectorId: 2 } }, { name: 'Type' }, 'Connector[x]@1.2/Type'],
  ])('%o %o is %s', (component, variable, key) => {
    expect(placeOf(component, variable).key).toBe(key);
  });
});

describe('inventoryItems and monitorItems', () => {
  it('reads the schema defaults (Actual, ReadWrite, not persistent, not constant)', () => {
    const [i] = inventoryItems([
      {
        component: { name: 'EVSE', evse: { id: 1 } },
        variable: { name: 'Power' },
        variableAttribute: [{ value: '7' }],
        variableCharacteristics: { dataType: 'decimal', unit: 'W', maxLimit: 22000, supportsMonitoring: true },
      },
    ]);
    expect(i).toMatchObject({
      key: 'EVSE@1/Power',
      evseId: 1,
      connectorId: null,
      attributes: [{ type: 'Actual', value: '7', mutability: 'ReadWrite', persistent: false, constant: false }],
      characteristics: {
        unit: 'W',
        dataType: 'decimal',
        minLimit: null,
        maxLimit: 22000,
        valuesList: null,
        supportsMonitoring: true,
      },
    });
  });
  it('has one monitor per variableMonitoring entry', () => {
    const ms = monitorItems([
      {
        component: { name: 'EVSE', evse: { id: 1 } },
        variable: { name: 'Power' },
        variableMonitoring: [
          { id: 3, transaction: false, value: 11000, type: 'UpperThreshold', severity: 4 },
          { id: 4, transaction: true, value: 1.5, type: 'Delta', severity: 8 },
        ],
      },
    ]);
    expect(ms.map((m) => [m.monitorId, m.key, m.type, m.value, m.transaction])).toEqual([
      [3, 'EVSE@1/Power', 'UpperThreshold', '11000', false],
      [4, 'EVSE@1/Power', 'Delta', '1.5', true],
    ]);
  });
});

describe('reportProgress', () => {
  it.each([
    [[0, 1, 2], 2, true, []],
    [[2, 0], 2, false, [1]],
    [[0, 1], null, false, []],
    [[0, 3], null, false, [1, 2]],
    [[0], 0, true, []],
  ] as const)('parts %o, last %s: complete %s, missing %o', (held, last, complete, missing) => {
    expect(reportProgress(held, last)).toEqual({ complete, missing });
  });
});

describe('diffInventory', () => {
  const before = [item('A/x', '1'), item('B/y', '2'), item('C/z', '3')];
  it('a full report adds, changes and removes', () => {
    const d = diffInventory(before, [item('A/x', '1'), item('B/y', '5'), item('D/w', '4')], true);
    expect(d).toEqual({
      added: 1,
      removed: 1,
      changed: 1,
      entries: [
        { key: 'B/y', change: 'changed', before: '2', after: '5' },
        { key: 'C/z', change: 'removed', before: '3' },
        { key: 'D/w', change: 'added', after: '4' },
      ],
    });
  });
  it('a partial report removes nothing', () => {
    expect(diffInventory(before, [item('B/y', '2')], false)).toMatchObject({ added: 0, removed: 0, changed: 0 });
  });
  it('a change of mutability alone is a change, shown by attributes', () => {
    const d = diffInventory(before, [item('A/x', '1', { mutability: 'ReadOnly' })], false);
    expect(d.entries).toEqual([{ key: 'A/x', change: 'changed', before: 'Actual=1', after: 'Actual=1 (ReadOnly)' }]);
  });
  it('key order of stored JSON does not make a change', () => {
    const stored = [
      {
        key: 'A/x',
        attributes: [{ constant: false, persistent: false, mutability: 'ReadWrite', value: '1', type: 'Actual' }],
        characteristics: null,
      },
    ];
    expect(diffInventory(stored, [item('A/x', '1')], true).changed).toBe(0);
  });
});
