// Every CSMS → charger action each protocol defines (the raw console may send any of them). Payloads are validated against the
// official OCPP JSON schema by the relay (strict mode) before they leave.

export const COMMAND_ACTIONS = {
  OCPP16: [
    'Reset',
    'UnlockConnector',
    'RemoteStartTransaction',
    'RemoteStopTransaction',
    'ChangeAvailability',
    'ChangeConfiguration',
    'GetConfiguration',
    'TriggerMessage',
    'UpdateFirmware',
    'GetDiagnostics',
    'ClearCache',
    'SendLocalList',
    'GetLocalListVersion',
    'SetChargingProfile',
    'ClearChargingProfile',
    'GetCompositeSchedule',
    'ReserveNow',
    'CancelReservation',
    'DataTransfer',
    // OCPP 1.6 security extension (the whitepaper's messages, in the official 1.6 schema set).
    'CertificateSigned',
    'DeleteCertificate',
    'ExtendedTriggerMessage',
    'GetInstalledCertificateIds',
    'GetLog',
    'InstallCertificate',
    'SignedUpdateFirmware',
  ],
  OCPP201: [
    'Reset',
    'UnlockConnector',
    'RequestStartTransaction',
    'RequestStopTransaction',
    'ChangeAvailability',
    'SetVariables',
    'GetVariables',
    'TriggerMessage',
    'UpdateFirmware',
    'GetLog',
    'ClearCache',
    'SendLocalList',
    'GetLocalListVersion',
    'SetChargingProfile',
    'ClearChargingProfile',
    'GetCompositeSchedule',
    'GetChargingProfiles',
    'ReserveNow',
    'CancelReservation',
    'DataTransfer',
    // Device model (B) and monitoring (N): packages/core/src/device-model.
    'GetBaseReport',
    'GetReport',
    'SetNetworkProfile',
    'SetVariableMonitoring',
    'SetMonitoringBase',
    'SetMonitoringLevel',
    'GetMonitoringReport',
    'ClearVariableMonitoring',
    // Transactions (E), display messages (O), cost (I): packages/core/src/display-messages, ../cost.
    'GetTransactionStatus',
    'SetDisplayMessage',
    'GetDisplayMessages',
    'ClearDisplayMessage',
    'CostUpdated',
    // The rest of the 2.0.1 CSMS → station actions, reachable through the raw console.
    'CertificateSigned',
    'InstallCertificate',
    'GetInstalledCertificateIds',
    'DeleteCertificate',
    'CustomerInformation',
    'PublishFirmware',
    'UnpublishFirmware',
  ],
} as const;

export type Command16Action = (typeof COMMAND_ACTIONS.OCPP16)[number];
export type Command201Action = (typeof COMMAND_ACTIONS.OCPP201)[number];
export type CommandAction = Command16Action | Command201Action;

export function isCommandAction(protocol: 'OCPP16' | 'OCPP201', action: string): action is CommandAction {
  return (COMMAND_ACTIONS[protocol] as readonly string[]).includes(action);
}

/** Bus message to the relay holding the socket: the row carries action and payload. */
export type RelayCommandMessage = { commandId: string; timeoutMs: number };
/** Bus message back to the sender once the row reached its final status. */
export type CommandReplyMessage = { commandId: string; status: 'RESPONDED' | 'ERROR' | 'TIMEOUT' | 'OFFLINE' };
