import { describe, expect, it } from 'vitest';
import { requestSchemaErrors } from './official-schemas.ts';

describe('requestSchemaErrors (official OCPP schemas)', () => {
  it.each([
    ['OCPP16', 'ChangeAvailability', { connectorId: 1, type: 'Inoperative' }],
    ['OCPP16', 'ExtendedTriggerMessage', { requestedMessage: 'SignChargePointCertificate' }],
    ['OCPP201', 'GetTransactionStatus', {}],
    ['OCPP201', 'CostUpdated', { totalCost: 12.5, transactionId: 'tx-1' }],
    [
      'OCPP201',
      'SetDisplayMessage',
      { message: { id: 1, priority: 'InFront', message: { format: 'URI', content: 'https://a.example/c/X' } } },
    ],
  ] as const)('%s %s with a valid payload has no errors', (protocol, action, payload) => {
    expect(requestSchemaErrors(protocol, action, payload)).toEqual([]);
  });

  it.each([
    ['OCPP16', 'ChangeAvailability', { connectorId: 'one', type: 'Inoperative' }, '/connectorId'],
    ['OCPP201', 'CostUpdated', { totalCost: 1 }, '/'],
    [
      'OCPP201',
      'SetDisplayMessage',
      { message: { id: 1, priority: 'Loud', message: { format: 'URI', content: 'x' } } },
      '/message/priority',
    ],
    ['OCPP201', 'GetTransactionStatus', { transactionId: 'x'.repeat(37) }, '/transactionId'],
  ] as const)('%s %s names what is wrong and where', (protocol, action, payload, path) => {
    const errors = requestSchemaErrors(protocol, action, payload);
    expect(errors[0]).toMatchObject({ path });
    expect(errors[0]!.message.length).toBeGreaterThan(3);
  });
});
