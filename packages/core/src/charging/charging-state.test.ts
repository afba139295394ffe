import { describe, expect, it } from 'vitest';
import { connectorStatusOf } from './charging-state.ts';

describe('connectorStatusOf', () => {
  it.each([
    ['Charging', false, 'CHARGING', ['OCCUPIED', 'AVAILABLE'], ['FAULTED', 'RESERVED', 'UNAVAILABLE']],
    ['SuspendedEV', false, 'SUSPENDED_EV', ['CHARGING'], ['FAULTED']],
    ['SuspendedEVSE', false, 'SUSPENDED_EVSE', ['CHARGING'], ['UNAVAILABLE']],
    ['EVConnected', false, 'OCCUPIED', ['AVAILABLE', 'CHARGING'], ['FAULTED']],
    ['Idle', false, 'AVAILABLE', ['CHARGING'], ['OCCUPIED', 'RESERVED']],
    [undefined, true, 'OCCUPIED', ['CHARGING', 'SUSPENDED_EV'], ['AVAILABLE', 'FAULTED']],
    ['Idle', true, 'AVAILABLE', ['SUSPENDED_EVSE'], ['OCCUPIED']],
  ] as const)('%s (ended: %s) → %s', (chargingState, ended, status, replaces, leaves) => {
    const change = connectorStatusOf({ chargingState, ended });
    expect(change?.status).toBe(status);
    for (const s of replaces) expect(change?.from).toContain(s);
    for (const s of leaves) expect(change?.from).not.toContain(s);
  });

  it('an Updated without a charging state leaves the connector alone', () => {
    expect(connectorStatusOf({ ended: false })).toBeNull();
  });
});
