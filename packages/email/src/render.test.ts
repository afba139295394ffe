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
    description: 'DC-60 #2',
    method: 'UPI',
    gatewayReference: 'pay_G8VQzjPLoAvm6D',
  },
  'refund-notice': {
    refundReference: 'rfnd_FP8QHiV938haTz',
    paymentReference: 'pay-6f1c',
    amountMinor: 6197,
    currency: 'INR',
    reason: 'The charger did not start, so nothing was charged',
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
  'statement-ready': {
    vendorName: 'Sunrise Malls',
    period: '16 Nov – 22 Nov 2026',
    currency: 'INR',
    sessions: 1234,
    energyWh: 12_345_678,
    grossMinor: 123_456_789,
    vendorShareMinor: 7_000_000,
    tdsMinor: 7000,
    tcsMinor: 0,
    netPayableMinor: 6_993_000,
    carriedForwardMinor: 0,
    filename: 'statement-2026-11-16-sunrise-malls.pdf',
  },
  'webhook-disabled': {
    endpointUrl: 'https://erp.greenline.example/hooks/csms',
    description: 'ERP sync',
    reason: 'Every delivery failed for 24 h (57 attempts in a row)',
    disabledAt: new Date('2026-12-05T06:30:00Z'),
  },
  'fault-opened': {
    items: [
      {
        charger: 'BLR-011',
        site: 'Indiranagar Café',
        evseId: 1,
        codes: ['GroundFailure'],
        count: 1,
        firstAt: new Date('2026-12-05T06:30:00Z'),
        lastAt: new Date('2026-12-05T06:30:00Z'),
        open: true,
      },
    ],
    timeZone: 'Asia/Kolkata',
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
    const props = aSessionReceipt({ refund: undefined, unrefunded });
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

  it('shows a time line’s unit price as priced: ₹60.00/h, not ₹60.00/min (issue #16)', async () => {
    // 60 min at ₹60/hour = ₹60.00; GST 18% = ₹10.80
    const props = aSessionReceipt({
      lines: [
        {
          dimension: 'Charging time',
          quantity: 60,
          unit: 'min',
          unitPriceMinor: 6000,
          per: 'h',
          amountMinor: 6000,
          taxMinor: 1080,
        },
      ],
      charges: { taxableMinor: 6000, taxMinor: 1080, totalMinor: 7080 },
      driver: { taxableMinor: 6000, taxMinor: 1080, totalMinor: 7080 },
      paidMinor: undefined,
      refund: undefined,
    });
    const { html, text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props });
    for (const body of [html, text]) {
      expect(body).toContain('60 min');
      expect(body).toContain('₹60.00/h');
      expect(body).not.toContain('₹60.00/min');
    }
  });

  it('a sponsored session states the driver’s taxable value and GST, and the sponsor’s share (issue #16)', async () => {
    // price ₹396.00 + GST ₹71.28 = ₹467.28; sponsor ₹106.20 = ₹90.00 + ₹16.20;
    // driver ₹361.08 = ₹306.00 + GST ₹55.08 (36108 / 1.18 = 30600)
    const props = aSessionReceipt({
      charges: { taxableMinor: 39600, taxMinor: 7128, totalMinor: 46728 },
      sponsor: { label: 'Paid by Sunrise Malls', taxableMinor: 9000, taxMinor: 1620, totalMinor: 10620 },
      driver: { taxableMinor: 30600, taxMinor: 5508, totalMinor: 36108 },
      paidMinor: undefined,
      refund: undefined,
    });
    const { text, subject } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Charges before tax ₹396.00');
    expect(flat).toContain('GST (18%) ₹71.28');
    expect(flat).toContain('Paid by Sunrise Malls (₹90.00 + GST (18%) ₹16.20) −₹106.20');
    expect(flat).toContain('Your taxable value ₹306.00');
    expect(flat).toContain('Your GST (18%) ₹55.08');
    expect(flat).toContain('Total you pay ₹361.08');
    expect(subject).toContain('₹361.08');
  });

  it('an overrun past the prepaid amount shows what was waived and bills the prepaid amount (issue #16)', async () => {
    // ₹90.00 + GST ₹16.20 = ₹106.20, paid ₹100.00: ₹6.20 waived; billed 10000 / 1.18 = 8474.58 → ₹84.75 + ₹15.25
    const props = aSessionReceipt({
      charges: { taxableMinor: 9000, taxMinor: 1620, totalMinor: 10620 },
      writtenOff: { taxableMinor: 525, taxMinor: 95, totalMinor: 620 },
      driver: { taxableMinor: 8475, taxMinor: 1525, totalMinor: 10000 },
      paidMinor: 10000,
      refund: undefined,
    });
    const { text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Charges ₹106.20');
    expect(flat).toContain('Beyond your prepaid amount, waived −₹6.20');
    expect(flat).toContain('Your taxable value ₹84.75');
    expect(flat).toContain('Your GST (18%) ₹15.25');
    expect(flat).toContain('Total you pay ₹100.00');
    expect(flat).toContain('Paid in advance ₹100.00');
    expect(flat).toContain('The ₹6.20 beyond it is waived by Voltway');
    expect(flat).not.toContain('Total ₹106.20');
  });

  it('is also the refund’s notice: amount, references, time and tax treatment, in one email (issue #16)', async () => {
    const { text } = await renderEmail({ brand: aBrand(), template: 'session-receipt', props: aSessionReceipt() });
    const flat = text.replace(/\s+/g, ' ');
    expect(flat).toContain('Refunded to you ₹61.97');
    expect(flat).toContain('Refund reference VW-2026-000123-R');
    expect(flat).toContain(
      'The unused ₹61.97 of your prepaid amount is on its way back to your original payment method; banks usually take 5–7 working days to show it. The refund carries no GST: GST is charged only on the charging you used, as shown above.',
    );
  });
});

describe('session receipt link', () => {
  it('offers "Your session" with its link and until when it works, and nothing without one', async () => {
    const url = 'https://charge.greenline.example/s/open/33333333-3333-4333-8333-333333333333.abc.mac';
    const withLink = await renderEmail({
      brand: greenline,
      template: 'session-receipt',
      props: { ...aSessionReceipt(), sessionUrl: url, sessionUrlExpiresAt: new Date('2026-12-12T04:30:00Z') },
    });
    expect(withLink.html).toContain(`href="${url}"`);
    expect(withLink.html).toContain('Your session');
    expect(withLink.text.replace(/\s+/g, ' ')).toContain('It opens this session on any phone or computer until');
    const without = await renderEmail({ brand: greenline, template: 'session-receipt', props: aSessionReceipt() });
    expect(without.html).not.toContain('Your session');
  });
});

describe('payment receipt link', () => {
  it('offers "Follow your session" with its link and until when it works, and nothing without one', async () => {
    const url = 'https://charge.greenline.example/s/open/33333333-3333-4333-8333-333333333333.abc.mac';
    const withLink = await renderEmail({
      brand: greenline,
      template: 'payment-receipt',
      props: {
        ...PROPS['payment-receipt'],
        sessionUrl: url,
        sessionUrlExpiresAt: new Date('2026-12-12T04:30:00Z'),
      },
    });
    expect(withLink.html).toContain(`href="${url}"`);
    expect(withLink.html).toContain('Follow your session');
    expect(withLink.text.replace(/\s+/g, ' ')).toContain('It opens your session on any phone or computer until');
    const without = await renderEmail({
      brand: greenline,
      template: 'payment-receipt',
      props: PROPS['payment-receipt'],
    });
    expect(without.html).not.toContain('Follow your session');
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

  it('the webhook notice names the endpoint, why it stopped and how to enable it again', async () => {
    const { subject, text } = await renderEmail({
      brand: greenline,
      template: 'webhook-disabled',
      props: PROPS['webhook-disabled'],
    });
    expect(subject).toBe('Greenline EV: a webhook endpoint was disabled after failing');
    expect(text).toContain('https://erp.greenline.example/hooks/csms');
    expect(text).toContain('Every delivery failed for 24 h (57 attempts in a row)');
    expect(text).toContain('Settings → Webhooks');
  });

  it('the invitation carries the set-password link', async () => {
    const { html, text } = await renderEmail({ brand: greenline, template: 'invitation', props: PROPS.invitation });
    expect(html).toContain('href="https://charge.greenline.example/invite/accept?token=abc123"');
    expect(text).toContain('https://charge.greenline.example/invite/accept?token=abc123');
    expect(text).toContain('Ravi Kumar invited you to join Koramangala Parking LLP on Greenline EV');
  });

  it.each([
    [
      'another organisation on the brand',
      'Koramangala Parking LLP',
      'Greenline EV',
      'Koramangala Parking LLP on Greenline EV',
    ],
    ["the operator's own brand", 'Voltway Mobility', 'Voltway Mobility', 'Voltway Mobility'],
    ['the same name in other letter case', 'voltway mobility ', 'Voltway Mobility', 'Voltway Mobility'],
  ])('the invitation names %s once', async (_case, organizationName, brandName, named) => {
    const brand = aBrand({ ...greenline, name: brandName });
    const { subject, text, html } = await renderEmail({
      brand,
      template: 'invitation',
      props: { ...PROPS.invitation, organizationName },
    });
    expect(subject).toBe(`Ravi Kumar invited you to ${named}`);
    expect(text).toContain(`Ravi Kumar invited you to join ${named} as a site manager.`);
    expect(`${subject}\n${text}\n${html}`).not.toContain(`${brandName} on ${brandName}`);
  });

  // The two invitations the product sends: a new tenant's first admin (from the platform console) and
  // a user an operator admin invites. The brand is always the tenant's own name (apps/web email-brand).
  it.each([
    {
      case: "a new tenant's first admin, invited by the platform admin",
      brandName: 'Voltway Mobility',
      props: {
        inviterName: 'platform@magma.test',
        organizationName: 'Voltway Mobility',
        roleLabel: 'an administrator',
      },
      subject: 'platform@magma.test invited you to Voltway Mobility',
      sentence: 'platform@magma.test invited you to join Voltway Mobility as an administrator.',
    },
    {
      case: "a vendor's user, invited by the operator's admin",
      brandName: 'Voltway Mobility',
      props: { inviterName: 'admin@voltway.in', organizationName: 'Sunrise Malls', roleLabel: 'a site owner' },
      subject: 'admin@voltway.in invited you to Sunrise Malls on Voltway Mobility',
      sentence: 'admin@voltway.in invited you to join Sunrise Malls on Voltway Mobility as a site owner.',
    },
  ])('the invitation to $case reads plainly', async ({ brandName, props, subject, sentence }) => {
    const rendered = await renderEmail({
      brand: aBrand({ ...greenline, name: brandName }),
      template: 'invitation',
      props: { ...PROPS.invitation, inviteeName: undefined, ...props },
    });
    expect(rendered.subject).toBe(subject);
    expect(rendered.text).toContain(`Hello, ${sentence}`);
    expect(rendered.text).toContain('Set your password to get started');
    const all = `${rendered.subject}\n${rendered.text}\n${rendered.html}`;
    expect(all).not.toMatch(/join (.+) on \1\b/);
    expect(all).not.toContain(`${brandName} on ${brandName}`);
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

  it.each(['The charger did not start, so nothing was charged', 'The charger did not start, so nothing was charged.'])(
    'the refund notice reads in whole sentences, with the receipt’s refund time and its tax: %s',
    async (reason) => {
      const { text } = await renderEmail({
        brand: greenline,
        template: 'refund-notice',
        props: { ...PROPS['refund-notice'], reason },
      });
      expect(text.replace(/\s+/g, ' ')).toContain(
        'We have refunded ₹61.97 to your original payment method. The charger did not start, so nothing was charged. ',
      );
      expect(text.replace(/\s+/g, ' ')).toContain(
        'Banks usually take 5–7 working days to show it on your statement. The refund carries no GST: no charging was supplied, so none was charged.',
      );
      expect(text).not.toContain('up to 7');
    },
  );

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

describe('statement ready', () => {
  it('states the week, the figures with Indian grouping and the net payable, and names the attached PDF', async () => {
    const { subject, text } = await renderEmail({
      brand: greenline,
      template: 'statement-ready',
      props: PROPS['statement-ready'],
    });
    expect(subject).toBe('Greenline EV statement for 16 Nov – 22 Nov 2026: ₹69,930.00 payable');
    for (const shown of [
      'Hello Sunrise Malls',
      'statement-2026-11-16-sunrise-malls.pdf',
      '1,234',
      '12345.678 kWh',
      '₹12,34,567.89',
      '₹70,000.00',
      '₹70.00',
    ])
      expect(text).toContain(shown);
    expect(text).not.toContain('TCS');
    expect(text).not.toContain('Carried forward');
  });

  it('says nothing is payable, and shows what is carried forward, when the week owes the operator', async () => {
    const { text } = await renderEmail({
      brand: greenline,
      template: 'statement-ready',
      props: { ...PROPS['statement-ready'], netPayableMinor: 0, carriedForwardMinor: -4500 },
    });
    expect(text).toContain('Nothing is payable this week');
    expect(text).toContain('−₹45.00');
  });
});
