import { AppError } from '../errors/app-error.ts';
import type { Command16Action, Command201Action } from './actions.ts';

// One button, both protocols: the UI asks for a kind of command and gets the action and payload
// that the charger's OCPP version expects.

/** TriggerMessage's requestedMessage: the 1.6 MessageTrigger and 2.0.1 MessageTriggerEnumType values. */
export const TRIGGER_MESSAGES_16 = [
  'BootNotification',
  'DiagnosticsStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'StatusNotification',
] as const;
export const TRIGGER_MESSAGES_201 = [
  'BootNotification',
  'LogStatusNotification',
  'FirmwareStatusNotification',
  'Heartbeat',
  'MeterValues',
  'SignChargingStationCertificate',
  'SignV2GCertificate',
  'StatusNotification',
  'TransactionEvent',
  'SignCombinedCertificate',
  'PublishFirmwareStatusNotification',
] as const;
export type TriggerMessage = (typeof TRIGGER_MESSAGES_16)[number] | (typeof TRIGGER_MESSAGES_201)[number];

export function isTriggerOf(protocol: 'OCPP16' | 'OCPP201', message: string): boolean {
  return ((protocol === 'OCPP16' ? TRIGGER_MESSAGES_16 : TRIGGER_MESSAGES_201) as readonly string[]).includes(message);
}

export type NeutralCommand =
  | { kind: 'reset'; hard?: boolean }
  | { kind: 'unlock'; evseId: number; connectorId?: number }
  | { kind: 'remoteStart'; idTag: string; evseId?: number; remoteStartId?: number }
  | { kind: 'remoteStop'; transactionId: string }
  /** evseId 0: the whole charger; 2.0.1 may name one connector of the EVSE. */
  | { kind: 'availability'; evseId: number; connectorId?: number; available: boolean }
  | { kind: 'configure'; component?: string; variable: string; value: string }
  /** 1.6: evseId is the connectorId; 2.0.1: the EVSE and optionally its connector. */
  | { kind: 'trigger'; message: TriggerMessage; evseId?: number; connectorId?: number }
  /** 2.0.1 GetTransactionStatus: of one transaction, or (without id) whether any message is queued. */
  | { kind: 'transactionStatus'; transactionId?: string }
  | { kind: 'clearCache' }
  | { kind: 'getLocalListVersion' }
  | { kind: 'cancelReservation'; reservationId: number }
  | {
      kind: 'reserveNow';
      reservationId: number;
      /** 0: any connector (1.6 connectorId 0), any EVSE (2.0.1 without evseId). */
      evseId: number;
      idTag: string;
      parentIdTag?: string | null;
      /** The 2.0.1 IdTokenType of idTag (ISO14443, Central, …). */
      idTokenType?: string;
      expiresAt: Date;
    }
  | { kind: 'dataTransfer'; vendorId: string; messageId?: string; data?: string };

export type CommandFor<P extends 'OCPP16' | 'OCPP201'> = {
  action: P extends 'OCPP16' ? Command16Action : Command201Action;
  payload: Record<string, unknown>;
};

type Built = { action: Command16Action | Command201Action; payload: Record<string, unknown> };

type SharedCommand = Extract<
  NeutralCommand,
  { kind: 'clearCache' | 'getLocalListVersion' | 'cancelReservation' | 'dataTransfer' }
>;

// Commands whose action and payload are the same in OCPP 1.6 and 2.0.1.
function sameInBothVersions(c: SharedCommand): Built {
  switch (c.kind) {
    case 'clearCache':
      return { action: 'ClearCache', payload: {} };
    case 'getLocalListVersion':
      return { action: 'GetLocalListVersion', payload: {} };
    case 'cancelReservation':
      return { action: 'CancelReservation', payload: { reservationId: c.reservationId } };
    case 'dataTransfer':
      return {
        action: 'DataTransfer',
        payload: {
          vendorId: c.vendorId,
          ...(c.messageId ? { messageId: c.messageId } : {}),
          ...(c.data ? { data: c.data } : {}),
        },
      };
  }
}

function for16(c: NeutralCommand): Built {
  switch (c.kind) {
    case 'reset':
      return { action: 'Reset', payload: { type: c.hard ? 'Hard' : 'Soft' } };
    case 'unlock':
      return { action: 'UnlockConnector', payload: { connectorId: c.evseId } };
    case 'remoteStart':
      return {
        action: 'RemoteStartTransaction',
        payload: { idTag: c.idTag, ...(c.evseId ? { connectorId: c.evseId } : {}) },
      };
    case 'remoteStop':
      return { action: 'RemoteStopTransaction', payload: { transactionId: Number(c.transactionId) } };
    case 'availability':
      return {
        action: 'ChangeAvailability',
        payload: { connectorId: c.evseId, type: c.available ? 'Operative' : 'Inoperative' },
      };
    case 'configure':
      return { action: 'ChangeConfiguration', payload: { key: c.variable, value: c.value } };
    case 'trigger':
      return {
        action: 'TriggerMessage',
        payload: { requestedMessage: c.message, ...(c.evseId ? { connectorId: c.evseId } : {}) },
      };
    case 'transactionStatus':
      throw new AppError('BAD_INPUT', 'GetTransactionStatus is an OCPP 2.0.1 action: a 1.6 charger has none');
    case 'reserveNow':
      return {
        action: 'ReserveNow',
        payload: {
          connectorId: c.evseId,
          expiryDate: c.expiresAt.toISOString(),
          idTag: c.idTag,
          ...(c.parentIdTag ? { parentIdTag: c.parentIdTag } : {}),
          reservationId: c.reservationId,
        },
      };
    default:
      return sameInBothVersions(c);
  }
}

function for201(c: NeutralCommand): Built {
  switch (c.kind) {
    case 'reset':
      return { action: 'Reset', payload: { type: c.hard ? 'Immediate' : 'OnIdle' } };
    case 'unlock':
      return { action: 'UnlockConnector', payload: { evseId: c.evseId, connectorId: c.connectorId ?? 1 } };
    case 'remoteStart':
      return {
        action: 'RequestStartTransaction',
        payload: {
          remoteStartId: c.remoteStartId ?? Math.floor(Math.random() * 2 ** 31),
          idToken: { idToken: c.idTag, type: 'Central' },
          ...(c.evseId ? { evseId: c.evseId } : {}),
        },
      };
    case 'remoteStop':
      return { action: 'RequestStopTransaction', payload: { transactionId: c.transactionId } };
    case 'availability':
      return {
        action: 'ChangeAvailability',
        payload: {
          operationalStatus: c.available ? 'Operative' : 'Inoperative',
          ...(c.evseId ? { evse: { id: c.evseId, ...(c.connectorId ? { connectorId: c.connectorId } : {}) } } : {}),
        },
      };
    case 'configure':
      return {
        action: 'SetVariables',
        payload: {
          setVariableData: [
            {
              component: { name: c.component ?? 'OCPPCommCtrlr' },
              variable: { name: c.variable },
              attributeValue: c.value,
            },
          ],
        },
      };
    case 'trigger':
      return {
        action: 'TriggerMessage',
        payload: {
          requestedMessage: c.message,
          ...(c.evseId ? { evse: { id: c.evseId, ...(c.connectorId ? { connectorId: c.connectorId } : {}) } } : {}),
        },
      };
    case 'transactionStatus':
      return { action: 'GetTransactionStatus', payload: c.transactionId ? { transactionId: c.transactionId } : {} };
    case 'reserveNow':
      // The group a card belongs to has no type of its own in our data: Central, the CSMS's own.
      return {
        action: 'ReserveNow',
        payload: {
          id: c.reservationId,
          expiryDateTime: c.expiresAt.toISOString(),
          idToken: { idToken: c.idTag, type: c.idTokenType ?? 'Central' },
          ...(c.parentIdTag ? { groupIdToken: { idToken: c.parentIdTag, type: 'Central' } } : {}),
          ...(c.evseId ? { evseId: c.evseId } : {}),
        },
      };
    default:
      return sameInBothVersions(c);
  }
}

export function commandFor<P extends 'OCPP16' | 'OCPP201'>({
  protocol,
  ...command
}: { protocol: P } & NeutralCommand): CommandFor<P> {
  return (
    protocol === 'OCPP16' ? for16(command as NeutralCommand) : for201(command as NeutralCommand)
  ) as CommandFor<P>;
}
