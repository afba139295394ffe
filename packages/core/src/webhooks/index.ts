export * from './backoff.ts';
export * from './signing.ts';
export {
  sendWebhook,
  webhookUrlProblem,
  isPrivateAddress,
  RESPONSE_BODY_CAP,
  type SendResult,
} from './send-webhook.ts';
export * from './deliver-webhook.ts';
export * from './manage-endpoints.ts';
export * from './manage-deliveries.ts';
export * from './notify-endpoint-disabled.ts';
/** The keys that seal webhook secrets, for the processes that configure them. */
export { parseCredentialKeys, type CredentialKeyring } from '@magma/payments';
