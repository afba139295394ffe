export {
  consoleCommandInput,
  listConsoleCommands,
  sendConsoleCommand,
  MAX_CONSOLE_PAYLOAD_BYTES,
  type ConsoleCommand,
  type ConsoleResult,
} from './send-console-command.ts';
export { requestSchemaErrors, type SchemaError } from './official-schemas.ts';
