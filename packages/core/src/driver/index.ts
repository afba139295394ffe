export * from './types.ts';
export * from './session-token.ts';
export * from './driver-session-input.ts';
export * from './get-connector-for-driver.ts';
export * from './start-paid-session.ts';
export * from './handle-payment-webhook.ts';
export { startChargingForSession, failStart } from './start-charging.ts';
export * from './link-driver-transaction.ts';
export * from './find-driver-session.ts';
export * from './get-driver-session.ts';
export * from './stop-driver-session.ts';
export * from './settle-driver-session.ts';
export * from './adjust-settled-session.ts';
export * from './driver-refund.ts';
export * from './notice-failed-refund.ts';
export * from './start-pin-session.ts';
export * from './driver-pin.ts';
export * from './sweep-driver-sessions.ts';
export * from './check-driver-payment.ts';
export * from './refund-start-failure.ts';
export { chargerCommandsPort } from './wiring/charger-commands.ts';
export { paymentsPort } from './wiring/payments.ts';
export { pricingPort, lineViews } from './wiring/pricing.ts';
export {
  sessionReceiptContent,
  paymentReceiptContent,
  receiptNumberOf,
  type SessionReceiptContent,
} from './wiring/receipt.ts';
export type { BilledAmounts, TaxedAmount } from '../tariffs/billed-amounts.ts';
export * from './enforce-driver-limit.ts';
export * from './on-live-event.ts';
export * from './outbox.ts';
export * from './site-stickers.ts';
export { canAdminister, canOperate } from '../tenancy/scope.ts';
export * from './price-schedule.ts';
export * from './session-link.ts';
