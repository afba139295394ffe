import { describe, expect, it } from 'vitest';
import { commandFor, isTriggerOf, TRIGGER_MESSAGES_16, TRIGGER_MESSAGES_201 } from './command-for.ts';

describe('TriggerMessage, GetTransactionStatus and ChangeAvailability per connector', () => {
  it.each([
    ['OCPP16', 'DiagnosticsStatusNotification', true],
    ['OCPP16', 'LogStatusNotification', false],
    ['OCPP16', 'TransactionEvent', false],
    ['OCPP201', 'SignCombinedCertificate', true],
    ['OCPP201', 'PublishFirmwareStatusNotification', true],
    ['OCPP201', 'DiagnosticsStatusNotification', false],
  ] as const)('%s defines %s: %s', (protocol, message, defined) => {
    expect(isTriggerOf(protocol, message)).toBe(defined);
  });

  it('lists the 6 triggers of 1.6 and the 11 of 2.0.1', () => {
    expect(TRIGGER_MESSAGES_16).toHaveLength(6);
    expect(TRIGGER_MESSAGES_201).toHaveLength(11);
  });

  it.each([
    [{ evseId: 2 }, { connectorId: 2 }, { evse: { id: 2 } }],
    [{ evseId: 2, connectorId: 1 }, { connectorId: 2 }, { evse: { id: 2, connectorId: 1 } }],
    [{}, {}, {}],
  ])('a trigger for %o names the connector (1.6) or the EVSE and connector (2.0.1)', (where, p16, p201) => {
    expect(commandFor({ protocol: 'OCPP16', kind: 'trigger', message: 'StatusNotification', ...where })).toEqual({
      action: 'TriggerMessage',
      payload: { requestedMessage: 'StatusNotification', ...p16 },
    });
    expect(commandFor({ protocol: 'OCPP201', kind: 'trigger', message: 'StatusNotification', ...where })).toEqual({
      action: 'TriggerMessage',
      payload: { requestedMessage: 'StatusNotification', ...p201 },
    });
  });

  it('makes one connector of a 2.0.1 EVSE inoperative', () => {
    expect(
      commandFor({ protocol: 'OCPP201', kind: 'availability', evseId: 1, connectorId: 2, available: false }),
    ).toEqual({
      action: 'ChangeAvailability',
      payload: { operationalStatus: 'Inoperative', evse: { id: 1, connectorId: 2 } },
    });
  });

  it('asks GetTransactionStatus with or without a transaction id, and refuses it on 1.6', () => {
    expect(commandFor({ protocol: 'OCPP201', kind: 'transactionStatus', transactionId: 'tx-1' })).toEqual({
      action: 'GetTransactionStatus',
      payload: { transactionId: 'tx-1' },
    });
    expect(commandFor({ protocol: 'OCPP201', kind: 'transactionStatus' }).payload).toEqual({});
    expect(() => commandFor({ protocol: 'OCPP16', kind: 'transactionStatus' })).toThrow(/2\.0\.1/);
  });
});
