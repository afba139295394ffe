import { describe, expect, it } from 'vitest';
import { withPlausibleTimes } from './charger-clock.ts';

const receivedAt = new Date('2026-12-01T10:00:00Z');
const registeredAt = new Date('2026-06-01T00:00:00Z');
const bounds = { receivedAt, registeredAt };

describe('withPlausibleTimes', () => {
  it.each([
    ['the Unix epoch', '1970-01-01T00:00:00Z', true],
    ['an RTC reset to 2000', '2000-01-01T00:00:00Z', true],
    ['31 days before registration', '2026-05-01T00:00:00Z', true],
    ['29 days before registration (commissioned offline)', '2026-05-03T00:00:00Z', false],
    ['a week ago', '2026-11-24T10:00:00Z', false],
    ['4 minutes ahead', '2026-12-01T10:04:00Z', false],
    ['6 minutes ahead', '2026-12-01T10:06:00Z', true],
    ['years ahead', '2099-01-01T00:00:00Z', true],
  ])('%s is replaced: %s', (_name, sent, replaced) => {
    const r = withPlausibleTimes({ connectorId: 1, timestamp: sent }, bounds);
    expect(r.params.timestamp).toBe(replaced ? receivedAt.toISOString() : sent);
    expect(r.replaced).toEqual(replaced ? [{ path: 'timestamp', sent }] : []);
  });

  it('replaces nested times and leaves the rest of the payload, and an untouched payload, as they are', () => {
    const params = {
      transactionId: 7,
      timestamp: '2026-12-01T09:59:00Z',
      transactionData: [
        { timestamp: '2026-12-01T09:58:00Z', sampledValue: [{ value: '10' }] },
        { timestamp: '1970-01-01T00:00:05Z', sampledValue: [{ value: '12' }] },
      ],
    };
    const r = withPlausibleTimes(params, bounds);
    expect(r.replaced).toEqual([{ path: 'transactionData[1].timestamp', sent: '1970-01-01T00:00:05Z' }]);
    expect(r.params.transactionData[1]).toEqual({
      timestamp: receivedAt.toISOString(),
      sampledValue: [{ value: '12' }],
    });
    expect(r.params.transactionData[0]).toBe(params.transactionData[0]);
    expect(params.transactionData[1]!.timestamp).toBe('1970-01-01T00:00:05Z');
    const untouched = { timestamp: '2026-12-01T09:59:00Z' };
    expect(withPlausibleTimes(untouched, bounds).params).toBe(untouched);
  });
});
