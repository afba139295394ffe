export * from './actions.ts';
export {
  commandFor,
  isTriggerOf,
  TRIGGER_MESSAGES_16,
  TRIGGER_MESSAGES_201,
  type NeutralCommand,
  type CommandFor,
  type TriggerMessage,
} from './command-for.ts';
export { sendChargerCommand, type SendChargerCommandInput } from './send-charger-command.ts';
export { executeChargerCommand, type CallOutcome, type ChargerCall } from './execute-charger-command.ts';
export { parseVariableKey, variableKeyOf, type ComponentVariable } from './variable-key.ts';
export { splitCall, mergeReplies, type CallLimits, type MessageLimits } from './split-call.ts';
export { readCallLimits } from './variable-limits.ts';
