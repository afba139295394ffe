import { describe, expect, it } from 'vitest';
import { availabilityOf, parseConnectorCode } from './get-connector-for-driver.ts';

describe('parseConnectorCode', () => {
  it.each([
    [['ab12cd3'], { shortCode: 'AB12CD3' }],
    [['DEMO-0001', '2'], { identity: 'DEMO-0001', evseId: 2 }],
    [['CP%2F1', '1'], { identity: 'CP/1', evseId: 1 }],
  ])('%j → %j', (code, expected) => {
    expect(parseConnectorCode(code)).toEqual(expected);
  });

  it.each([[[]], [['DEMO-0001', '0']], [['DEMO-0001', 'x']], [['a', '1', 'b']], [['DEMO-0001', '1000']]])(
    'refuses %j',
    (code) => {
      expect(() => parseConnectorCode(code)).toThrow(/No such connector/);
    },
  );
});

describe('availabilityOf: nobody pays for a connector that cannot start', () => {
  const base = { online: true, hasPrice: true, heldByDriver: false };
  it.each([
    [{ ...base, status: 'AVAILABLE' as const }, 'available', true],
    [{ ...base, status: 'PREPARING' as const }, 'available', true],
    [{ ...base, status: 'AVAILABLE' as const, online: false }, 'offline', false],
    [{ ...base, status: 'FAULTED' as const }, 'faulted', false],
    [{ ...base, status: 'CHARGING' as const }, 'busy', false],
    [{ ...base, status: 'SUSPENDED_EV' as const }, 'busy', false],
    [{ ...base, status: 'AVAILABLE' as const, heldByDriver: true }, 'busy', false],
    [{ ...base, status: 'UNAVAILABLE' as const }, 'unavailable', false],
    [{ ...base, status: 'AVAILABLE' as const, hasPrice: false }, 'unavailable', false],
    // 2.0.1: Occupied is a cable plugged in; the station may already run a transaction nobody authorised.
    [{ ...base, status: 'OCCUPIED' as const }, 'available', true],
    [{ ...base, status: 'OCCUPIED' as const, transaction: 'unauthorized' as const }, 'available', true],
    [{ ...base, status: 'SUSPENDED_EVSE' as const, transaction: 'unauthorized' as const }, 'available', true],
    [{ ...base, status: 'OCCUPIED' as const, transaction: 'authorized' as const }, 'busy', false],
    [{ ...base, status: 'SUSPENDED_EVSE' as const, transaction: 'authorized' as const }, 'busy', false],
    [{ ...base, status: 'CHARGING' as const, transaction: 'unauthorized' as const }, 'busy', false],
    [{ ...base, status: 'OCCUPIED' as const, heldByDriver: true }, 'busy', false],
  ])('%j → %s', (input, state, canStart) => {
    expect(availabilityOf(input)).toMatchObject({ state, canStart });
  });
});
