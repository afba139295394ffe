import { describe, expect, it } from 'vitest';
import { renderEmail, TEMPLATE_NAMES, type TemplateName, type TemplateProps } from './render.tsx';
import { aBrand, aSessionReceipt } from './testing/builders.ts';

const greenline = aBrand({
  name: 'Greenline EV',
  logoUrl: null,
  primaryColor: '#0a7d3b',
  accentColor: '#f2b705',
  senderName: 'Greenline',
  senderEmail: 'receipts@greenline.example',
  supportEmail: 'care@greenline.example',
});

const PROPS: { [K in TemplateName]: TemplateProps[K] } = {
  'session-receipt': aSessionReceipt(),
  'payment-receipt': {
    reference: 'pay-6f1c',
    amountMinor: 50000,
    currency: 'INR',
    paidAt: new Date('2026-11-24T09:58:00Z'),
    description: 'charging at DC-60 #2',
    method: 'UPI',
    gatewayReference: 'pay_G8VQzjPLoAvm6D',
  },
  'refund-notice': {
    refundReference: 'rfnd_FP8QHiV938haTz',
    paymentReference: 'pay-6f1c',
    amountMinor: 6197,
    currency: 'INR',
    reason: 'This is the unused part of your prepaid amount.',
  },
  'refund-failed': {
    paymentReference: 'PAY-6F1C',
    amountMinor: 8200,
    currency: 'INR',
  },
  invitation: {
    inviteeName: 'Asha',
    inviterName: 'Ravi Kumar',
    organizationName: 'Koramangala Parking LLP',
    roleLabel: 'a site manager',
    acceptUrl: 'https://charge.greenline.example/invite/accept?token=abc123',
    expiresAt: new Date('2026-12-01T00:00:00Z'),
  },
};

describe('session receipt', () => {
  it('shows the brand, every priced line and the total', async () => {
    const { html, text, subject } = await renderEmail({
      brand: aBrand(),
      template: 'session-receipt',
      props: aSessionReceipt(),
    });
    expect(subject).toBe('Voltway receipt VW-2026-000123: ₹438.03 for 18.456 kWh');
    for (const body of [html, text]) {
      expect(body).toContain('Voltway');
      for (const [dimension, quantity, unitPrice, amount, tax] of [
        ['Energy', '18.456 kWh', '₹18.00/kWh', '₹332.21', '₹59.80'],
        ['Idle fee', '7 min', '₹2.00/min', '₹14.00', '₹2.52'],
        ['Session fee', '1', '₹25.00', '₹25.00', '₹4.50'],
      ]) {
        for (const cell of [dimension, quantity, unitPrice, amount, tax]) expect(body).toContain(cell);
      }
      expect(body).toContain('₹371.21'); // subtotal
      expect(body).toContain('₹66.82'); // tax
      expect(body).toContain('GST (18%)');
      expect(body).toContain('₹438.03'); // total
      expect(body).toContain('₹61.97'); // refunded
    }
  });

  it('uses the brand’s colours, font and logo', async () => {
    const { html } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props: aSessionReceipt() });
    expect(html).toContain('#2f54eb');
    expect(html).toContain('DejaVu Sans');
    expect(html).toContain('https://cdn.voltway.example/logo.png');
  });

  it.each([
    [
      'below the gateway’s minimum refund',
      { reason: 'below-minimum', amountMinor: 50, minimumMinor: 100 } as const,
      '₹0.50 of your prepaid amount was not refunded: it is below the ₹1.00 minimum refund of the payment gateway.',
    ],
    [
      'declined by the gateway',
      { reason: 'declined', amountMinor: 8200 } as const,
      'The refund of the unused ₹82.00 was declined by the payment gateway. The operator has been notified and will return it to you.',
    ],
  ])('says honestly when unused money was not refunded: %s', async (_, unrefunded, sentence) => {
    const props = aSessionReceipt({ refundMinor: undefined, unrefunded });
    const { html, text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props });
    for (const body of [html, text]) {
      expect(body).toContain('Not refunded');
      expect(body).not.toContain('Refunded to you');
      expect(body).not.toContain('on its way back');
    }
    expect(text.replace(/\s+/g, ' ')).toContain(sentence);
  });

  it('says nothing about unrefunded money when everything unused went back', async () => {
    const { text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props: aSessionReceipt() });
    expect(text).toContain('on its way back');
    expect(text).not.toContain('Not refunded');
  });

  it('adds a sponsor adjustment into the total', async () => {
    const props = aSessionReceipt({
      adjustments: [{ label: 'Covered by your employer', amountMinor: -10000 }],
      refundMinor: undefined,
    });
    const { text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props });
    expect(text).toContain('Covered by your employer');
    expect(text).toContain('−₹100.00');
    expect(text).toContain('₹338.03');
  });
});

describe('every template', () => {
  it.each(TEMPLATE_NAMES)('%s names the brand and never says Magma for another brand', async (template) => {
    const { html, text, subject } = await renderEmail({ brand: greenline, template, props: PROPS[template] } as never);
    expect(`${subject}\n${html}\n${text}`).toContain('Greenline EV');
    expect(`${subject}\n${html}\n${text}`.toLowerCase()).not.toContain('magma');
    expect(html).toContain('#0a7d3b');
    expect(text).toContain('care@greenline.example');
  });

  it('the invitation carries the set-password link', async () => {
    const { html, text } = await renderEmail({ brand: greenline, template: 'invitation', props: PROPS.invitation });
    expect(html).toContain('href="https://charge.greenline.example/invite/accept?token=abc123"');
    expect(text).toContain('https://charge.greenline.example/invite/accept?token=abc123');
    expect(text).toContain('Ravi Kumar invited you to join Koramangala Parking LLP on Greenline EV');
  });

  it('the refund notice states the amount', async () => {
    const { subject, text } = await renderEmail({
      brand: greenline,
      template: 'refund-notice',
      props: PROPS['refund-notice'],
    });
    expect(subject).toBe('Greenline EV: ₹61.97 refunded');
    expect(text).toContain('rfnd_FP8QHiV938haTz');
  });

  it('the failed-refund notice says the refund failed and that the operator will return it', async () => {
    const { subject, text } = await renderEmail({
      brand: greenline,
      template: 'refund-failed',
      props: PROPS['refund-failed'],
    });
    expect(subject).toBe('Greenline EV: your refund of ₹82.00 did not go through');
    expect(text.replace(/\s+/g, ' ')).toContain(
      'The refund of ₹82.00 to your original payment method failed at the payment gateway. Greenline EV has been notified and will return it to you another way.',
    );
    expect(text).toContain('PAY-6F1C');
  });

  it('refuses a brand with a malformed colour', async () => {
    await expect(
      renderEmail({
        brand: aBrand({ primaryColor: 'blue' }),
        template: 'payment-receipt',
        props: PROPS['payment-receipt'],
      }),
    ).rejects.toThrow();
  });
});
