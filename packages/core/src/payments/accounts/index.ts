export {
  createGatewayRegistry,
  openAccountCredentials,
  PAYMENTS_NOT_SET_UP,
  type GatewayRegistry,
  type GatewayRegistryConfig,
  type TenantGateway,
} from './gateway-registry.ts';
export { savePaymentAccount, savePaymentAccountInput, MAX_PAYMENT_ACCOUNTS } from './save-payment-account.ts';
export {
  listPaymentAccounts,
  setDefaultPaymentAccount,
  removePaymentAccount,
  testPaymentAccount,
  accountIdInput,
  setDefaultAccountInput,
} from './manage-payment-accounts.ts';
export { setPaymentsMode, paymentsModeInput } from './set-payments-mode.ts';
export { rewrapPaymentAccounts } from './rewrap-payment-accounts.ts';
export { paymentAccountView, webhookPath, type PaymentAccountView } from './payment-account-view.ts';
export { parseCredentialKeys, type CredentialKeyring } from '@magma/payments';
