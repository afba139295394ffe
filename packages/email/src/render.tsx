import { render } from '@react-email/render';
import type { ReactElement } from 'react';
import { brandSchema, type Brand } from './brand.ts';
import { FaultOpened, faultOpenedSubject, type FaultOpenedProps } from './templates/fault-opened.tsx';
import { Invitation, invitationSubject, type InvitationProps } from './templates/invitation.tsx';
import { PaymentReceipt, paymentReceiptSubject, type PaymentReceiptProps } from './templates/payment-receipt.tsx';
import { RefundFailed, refundFailedSubject, type RefundFailedProps } from './templates/refund-failed.tsx';
import { RefundNotice, refundNoticeSubject, type RefundNoticeProps } from './templates/refund-notice.tsx';
import { SessionReceipt, sessionReceiptSubject, type SessionReceiptProps } from './templates/session-receipt.tsx';
import { StatementReady, statementReadySubject, type StatementReadyProps } from './templates/statement-ready.tsx';
import { WebhookDisabled, webhookDisabledSubject, type WebhookDisabledProps } from './templates/webhook-disabled.tsx';

export type TemplateProps = {
  'session-receipt': SessionReceiptProps;
  'payment-receipt': PaymentReceiptProps;
  'refund-notice': RefundNoticeProps;
  'refund-failed': RefundFailedProps;
  invitation: InvitationProps;
  'statement-ready': StatementReadyProps;
  'webhook-disabled': WebhookDisabledProps;
  'fault-opened': FaultOpenedProps;
};

export type TemplateName = keyof TemplateProps;

type Template<P> = { element: (props: P, brand: Brand) => ReactElement; subject: (props: P, brand: Brand) => string };

const TEMPLATES: { [K in TemplateName]: Template<TemplateProps[K]> } = {
  'session-receipt': { element: (p, brand) => <SessionReceipt {...p} brand={brand} />, subject: sessionReceiptSubject },
  'payment-receipt': { element: (p, brand) => <PaymentReceipt {...p} brand={brand} />, subject: paymentReceiptSubject },
  'refund-notice': { element: (p, brand) => <RefundNotice {...p} brand={brand} />, subject: refundNoticeSubject },
  'refund-failed': { element: (p, brand) => <RefundFailed {...p} brand={brand} />, subject: refundFailedSubject },
  invitation: { element: (p, brand) => <Invitation {...p} brand={brand} />, subject: invitationSubject },
  'statement-ready': { element: (p, brand) => <StatementReady {...p} brand={brand} />, subject: statementReadySubject },
  'webhook-disabled': {
    element: (p, brand) => <WebhookDisabled {...p} brand={brand} />,
    subject: webhookDisabledSubject,
  },
  'fault-opened': { element: (p, brand) => <FaultOpened {...p} brand={brand} />, subject: faultOpenedSubject },
};

export const TEMPLATE_NAMES = Object.keys(TEMPLATES) as TemplateName[];

export type RenderedEmail = { subject: string; html: string; text: string };

export async function renderEmail<T extends TemplateName>({
  brand,
  template,
  props,
}: {
  brand: Brand;
  template: T;
  props: TemplateProps[T];
}): Promise<RenderedEmail> {
  const b = brandSchema.parse(brand);
  const t = TEMPLATES[template] as Template<TemplateProps[T]>;
  const element = t.element(props, b);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: t.subject(props, b), html, text };
}
