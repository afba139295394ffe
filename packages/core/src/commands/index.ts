export * from './actions.ts';
export { commandFor, type NeutralCommand, type CommandFor } from './command-for.ts';
export { sendChargerCommand, type SendChargerCommandInput } from './send-charger-command.ts';
export { executeChargerCommand, type CallOutcome, type ChargerCall } from './execute-charger-command.ts';
