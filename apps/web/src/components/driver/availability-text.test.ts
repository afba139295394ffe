import { availabilityOf, type EvseTransaction } from '@magma/core/driver';
import type { ConnectorStatus } from '@magma/db';
import { describe, expect, it } from 'vitest';
import { availabilityText } from './availability-text.ts';

const STATUSES: ConnectorStatus[] = [
  'AVAILABLE',
  'PREPARING',
  'CHARGING',
  'SUSPENDED_EVSE',
  'SUSPENDED_EV',
  'FINISHING',
  'RESERVED',
  'UNAVAILABLE',
  'FAULTED',
  'OCCUPIED',
  'UNKNOWN',
];
const TRANSACTIONS: EvseTransaction[] = ['none', 'unauthorized', 'authorized'];

const every = STATUSES.flatMap((status) =>
  [true, false].flatMap((online) =>
    [true, false].flatMap((hasPrice) =>
      [true, false].flatMap((heldByDriver) =>
        TRANSACTIONS.map((transaction) => availabilityOf({ status, online, hasPrice, heldByDriver, transaction })),
      ),
    ),
  ),
);

describe('availabilityText', () => {
  it.each([...new Set(every.map((a) => a.message))])('“%s” has a Hindi sentence', (message) => {
    const a = every.find((x) => x.message === message)!;
    expect(availabilityText(a, 'en')).toBe(message);
    expect(availabilityText(a, 'hi')).toMatch(/[\u0900-\u097F]/);
  });
});
