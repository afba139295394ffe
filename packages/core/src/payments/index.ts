export { createPayment, type CreatePaymentInput, type CreatedPayment } from './create-payment.ts';
export { recordPaymentEvent, type RecordPaymentEventResult } from './record-payment-event.ts';
export { refundPayment, declinedRefundOf, type RefundPaymentResult, type DeclinedRefund } from './refund-payment.ts';
export { applySignal, deriveStatus, type PaymentSignal } from './payment-state.ts';
export { syncPaymentStatus, type SyncPaymentResult } from './sync-payment-status.ts';
export * from './accounts/index.ts';
export * from './payer-identity.ts';
