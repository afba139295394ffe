export { brandSchema, fromAddress, type Brand } from './brand.ts';
export { formatMoney, formatEnergy, formatQuantity, formatDateTime } from './format.ts';
export { renderEmail, TEMPLATE_NAMES, type TemplateName, type TemplateProps, type RenderedEmail } from './render.tsx';
export { sendEmail, type EmailAttachment, type SendEmailInput, type SendEmailResult } from './send-email.ts';
export {
  unrefundedText,
  type SessionReceiptProps,
  type ReceiptAmount,
  type ReceiptLine,
  type UnrefundedAmount,
} from './templates/session-receipt.tsx';
export { REFUND_TIME, refundTaxNote } from './templates/refund-terms.ts';
export type { PaymentReceiptProps } from './templates/payment-receipt.tsx';
export type { RefundNoticeProps } from './templates/refund-notice.tsx';
export type { RefundFailedProps } from './templates/refund-failed.tsx';
export type { InvitationProps } from './templates/invitation.tsx';
export type { StatementReadyProps } from './templates/statement-ready.tsx';
export type { WebhookDisabledProps } from './templates/webhook-disabled.tsx';
export type { FaultOpenedProps } from './templates/fault-opened.tsx';
