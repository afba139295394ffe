import { describe, expect, it } from 'vitest';
import { idOutOfRange, MAX_ID } from './id-ranges.ts';

describe('idOutOfRange', () => {
  it.each([
    [{ connectorId: 0, errorCode: 'NoError', status: 'Available' }],
    [{ connectorId: 1, transactionId: MAX_ID, meterValue: [] }],
    [{ eventType: 'Started', seqNo: 0, transactionInfo: { transactionId: 'abc', remoteStartId: 7 }, evse: { id: 1 } }],
    // Energy registers are not ids: a lifetime register past 2^31 Wh is a real reading.
    [{ connectorId: 1, idTag: 'A', meterStart: 3_000_000_000, timestamp: 't' }],
    // Request and reservation ids are echoed or logged, never kept in a 32-bit column.
    [{ requestId: 2 ** 40, status: 'Uploaded' }],
    [{ connectorId: 1, idTag: 'A', meterStart: 0, timestamp: 't', reservationId: 2 ** 31 }],
    [{}],
  ])('accepts %j', (params) => {
    expect(idOutOfRange(params)).toBeNull();
  });

  it.each([
    [{ connectorId: MAX_ID + 1 }, 'connectorId 2147483648 is outside 0..2147483647'],
    [{ connectorId: -1 }, 'connectorId -1 is outside 0..2147483647'],
    [{ transactionId: 2 ** 40 }, 'transactionId 1099511627776 is outside 0..2147483647'],
    [{ seqNo: MAX_ID + 1 }, 'seqNo 2147483648 is outside 0..2147483647'],
    [{ evse: { id: 1, connectorId: -2 } }, 'evse.connectorId -2 is outside 0..2147483647'],
    [
      { transactionInfo: { transactionId: 'x', remoteStartId: MAX_ID + 1 } },
      'transactionInfo.remoteStartId 2147483648 is outside 0..2147483647',
    ],
  ])('refuses %j', (params, message) => {
    expect(idOutOfRange(params)).toBe(message);
  });
});
