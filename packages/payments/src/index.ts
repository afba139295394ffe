export type * from './types.ts';
export { PaymentError, type PaymentErrorCode } from './errors.ts';
export { minorToDecimal, decimalToMinor } from './money.ts';
export { MIN_REFUND_MINOR } from './min-refund.ts';
export { createRazorpayProvider, type RazorpayConfig } from './razorpay/razorpay-provider.ts';
export { createPhonePeProvider, type PhonePeConfig } from './phonepe/phonepe-provider.ts';
export { createJuspayProvider, type JuspayConfig } from './juspay/juspay-provider.ts';
export {
  createTestGateway,
  type TestGateway,
  type TestGatewayConfig,
  type ApprovalPage,
  type Decision,
  type DecisionResult,
} from './test-gateway/test-gateway.ts';
export { createPaymentProvider, type PaymentProviderConfig } from './create-provider.ts';
export {
  parseCredentialKeys,
  sealSecrets,
  openSecrets,
  rewrapSecrets,
  sealedSchema,
  type CredentialKeyring,
  type Sealed,
} from './credentials/sealed-secrets.ts';
export {
  accountCredentialsSchema,
  accountProvider,
  primarySecret,
  type AccountCredentials,
  type AccountProviderName,
  type GatewayEndpoints,
} from './credentials/account-credentials.ts';
export type * from './payouts/types.ts';
export {
  createRazorpayXProvider,
  RAZORPAYX_MIN_PAYOUT_MINOR,
  type RazorpayXConfig,
} from './payouts/razorpayx-provider.ts';
export {
  checkRazorpayXAccount,
  razorpayXCredentialsSchema,
  type RazorpayXCredentials,
  type RailCheck,
} from './payouts/razorpayx-account.ts';
export {
  createOfflinePayoutProvider,
  bankUploadCsv,
  parseReconciliationCsv,
  MAX_RECONCILIATION_BYTES,
  BANK_UPLOAD_COLUMNS,
  RTGS_MIN_MINOR,
  type Reconciliation,
  type ReconciliationProblem,
} from './payouts/offline.ts';
export { transitionPayout, isFinal, isReturned, type PayoutTransition } from './payouts/transitions.ts';
export {
  createRazorpayRouteClient,
  routeReference,
  ROUTE_REF_NOTE,
  type RazorpayRouteClient,
  type RouteConfig,
  type LinkedAccountInput,
  type LinkedAccount,
  type RouteTransferRequest,
  type RouteTransfer,
  type RouteTransferStatus,
  type RouteEvent,
  type RouteReversal,
} from './payouts/razorpay-route.ts';
