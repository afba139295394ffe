import { describe, expect, it } from 'vitest';
import { commandFor } from './command-for.ts';

describe('commandFor', () => {
  it.each([
    [{ kind: 'reset', hard: true }, 'Reset', { type: 'Hard' }, 'Reset', { type: 'Immediate' }],
    [{ kind: 'reset' }, 'Reset', { type: 'Soft' }, 'Reset', { type: 'OnIdle' }],
    [
      { kind: 'unlock', evseId: 2 },
      'UnlockConnector',
      { connectorId: 2 },
      'UnlockConnector',
      { evseId: 2, connectorId: 1 },
    ],
    [
      { kind: 'remoteStop', transactionId: '42' },
      'RemoteStopTransaction',
      { transactionId: 42 },
      'RequestStopTransaction',
      { transactionId: '42' },
    ],
    [
      { kind: 'availability', evseId: 0, available: false },
      'ChangeAvailability',
      { connectorId: 0, type: 'Inoperative' },
      'ChangeAvailability',
      { operationalStatus: 'Inoperative' },
    ],
    [
      { kind: 'trigger', message: 'Heartbeat' },
      'TriggerMessage',
      { requestedMessage: 'Heartbeat' },
      'TriggerMessage',
      { requestedMessage: 'Heartbeat' },
    ],
  ] as const)('%o', (command, a16, p16, a201, p201) => {
    expect(commandFor({ protocol: 'OCPP16', ...command })).toEqual({ action: a16, payload: p16 });
    expect(commandFor({ protocol: 'OCPP201', ...command })).toEqual({ action: a201, payload: p201 });
  });

  it.each([
    [1, { connectorId: 1 }, { evseId: 1 }],
    [0, { connectorId: 0 }, {}],
  ])(
    'reserveNow on connector %i: 1.6 names the connector (0 = any), 2.0.1 omits evseId for any',
    (evseId, c16, c201) => {
      const expiresAt = new Date('2026-12-01T10:00:00.000Z');
      const command = {
        kind: 'reserveNow',
        reservationId: 7,
        evseId,
        idTag: 'CARD-1',
        parentIdTag: 'FLEET',
        expiresAt,
      } as const;
      expect(commandFor({ protocol: 'OCPP16', ...command })).toEqual({
        action: 'ReserveNow',
        payload: {
          ...c16,
          expiryDate: expiresAt.toISOString(),
          idTag: 'CARD-1',
          parentIdTag: 'FLEET',
          reservationId: 7,
        },
      });
      expect(commandFor({ protocol: 'OCPP201', ...command, idTokenType: 'ISO14443' })).toEqual({
        action: 'ReserveNow',
        payload: {
          ...c201,
          id: 7,
          expiryDateTime: expiresAt.toISOString(),
          idToken: { idToken: 'CARD-1', type: 'ISO14443' },
          groupIdToken: { idToken: 'FLEET', type: 'Central' },
        },
      });
    },
  );

  it('remote start names a Central token and a remoteStartId on 2.0.1', () => {
    const { action, payload } = commandFor({
      protocol: 'OCPP201',
      kind: 'remoteStart',
      idTag: 'APP-1',
      evseId: 1,
      remoteStartId: 7,
    });
    expect(action).toBe('RequestStartTransaction');
    expect(payload).toEqual({ remoteStartId: 7, idToken: { idToken: 'APP-1', type: 'Central' }, evseId: 1 });
  });
});
