export * from './types.ts';
export { meterReadings, type MeterReadings } from './meter-readings.ts';
export { checkIdToken } from './check-id-token.ts';
export { authorizeIdToken } from './authorize-id-token.ts';
export { bootCharger, type BootInfo, type BootResult } from './boot-charger.ts';
export { touchChargers } from './touch-chargers.ts';
export {
  beatRelayInstance,
  endRelayInstance,
  isRelayInstanceAlive,
  sweepDeadRelays,
  RELAY_BEAT_MS,
  RELAY_STALE_MS,
} from './relay-instance.ts';
export { markChargerOnline, markChargerOffline, releaseRelayInstance, openOfflineFault } from './charger-presence.ts';
export {
  boundedPayload,
  MAX_LOGGED_PAYLOAD_BYTES,
  recordChargerMessage,
  type ChargerStatusField,
  type TruncatedPayload,
} from './record-charger-message.ts';
export { recordStatus, type StatusInput } from './record-status.ts';
export { OCCUPIED_REFINED } from './charging-state.ts';
export {
  startTransaction,
  startKeyOf,
  type StartTransactionInput,
  type StartTransactionResult,
} from './start-transaction.ts';
export { closeSupersededTransactions, SUPERSEDED_STOP_REASON } from './close-superseded-transactions.ts';
export { stopTransaction, type StopTransactionInput, type StopTransactionResult } from './stop-transaction.ts';
export {
  recordTransactionEvent,
  type TransactionEventInput,
  type TransactionEventResult,
} from './transaction-event.ts';
export { recordMeterValues, type MeterValuesInput } from './record-meter-values.ts';
export { MeterWriter, type MeterWrite, type MeterWriterOptions } from './write-meter-values.ts';
export { priceEndedTransaction } from './price-ended-transaction.ts';
export { openEventFault } from './open-event-fault.ts';
export { TOKEN_CONFLICT, REPEATED_STARTED } from './transaction-attribution.ts';
