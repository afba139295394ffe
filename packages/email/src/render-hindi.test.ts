import { describe, expect, it } from 'vitest';
import { renderEmail, type TemplateName, type TemplateProps } from './render.tsx';
import { aBrand, aSessionReceipt } from './testing/builders.ts';

// The driver emails in the language the driver chose on the driver pages (#19).

const DEVANAGARI = /[\u0900-\u097F]/;
const flat = (s: string) => s.replace(/\s+/g, ' ');

type DriverTemplate = 'session-receipt' | 'payment-receipt' | 'refund-notice' | 'refund-failed';
const HINDI: { [K in DriverTemplate]: TemplateProps[K] } = {
  'session-receipt': aSessionReceipt({ locale: 'hi' }),
  'payment-receipt': {
    reference: 'PAY-6F1C',
    amountMinor: 12_345_600,
    currency: 'INR',
    paidAt: new Date('2026-11-24T09:58:00Z'),
    description: 'DC-60 #2, Koramangala',
    timeZone: 'Asia/Kolkata',
    locale: 'hi',
  },
  'refund-notice': {
    refundReference: 'RFND-1',
    paymentReference: 'PAY-6F1C',
    amountMinor: 6197,
    currency: 'INR',
    reason: 'चार्जर शुरू नहीं हुआ, इसलिए कुछ नहीं लिया गया',
    locale: 'hi',
  },
  'refund-failed': { paymentReference: 'PAY-6F1C', amountMinor: 8200, currency: 'INR', locale: 'hi' },
};

describe('driver emails in Hindi', () => {
  it.each(Object.keys(HINDI) as DriverTemplate[])('%s: subject, body and lang are Hindi', async (template) => {
    const props = HINDI[template] as TemplateProps[TemplateName];
    const { subject, html, text } = await renderEmail({ brand: aBrand(), template, props: props as never });
    expect(subject).toMatch(DEVANAGARI);
    expect(text).toMatch(DEVANAGARI);
    expect(html).toContain('lang="hi"');
    // No English sentence of the English template is left behind.
    for (const english of ['Thanks for charging', 'Payment received', 'Your refund', 'Questions? Write to']) {
      expect(text).not.toContain(english);
    }
  });

  it('the session receipt: Hindi labels around the same rupee amounts, Indian grouping kept', async () => {
    const { subject, text } = await renderEmail({
      brand: aBrand(),
      template: 'session-receipt',
      props: aSessionReceipt({ locale: 'hi' }),
    });
    expect(subject).toBe('Voltway रसीद VW-2026-000123: 18.456 kWh के लिए ₹438.03');
    const body = flat(text);
    expect(body).toContain('Voltway के साथ चार्ज करने के लिए धन्यवाद');
    expect(body).toContain('कुल ₹438.03');
    expect(body).toContain('GST (18%)');
    expect(body).toContain('आपको लौटाया गया ₹61.97');
    expect(body).toContain('5–7 कार्य दिवस');
  });

  it('the payment receipt keeps Indian grouping in Hindi', async () => {
    const { subject, text } = await renderEmail({
      brand: aBrand(),
      template: 'payment-receipt',
      props: HINDI['payment-receipt'],
    });
    expect(subject).toBe('Voltway: ₹1,23,456.00 का भुगतान मिल गया');
    expect(flat(text)).toContain('DC-60 #2, Koramangala पर चार्जिंग के लिए आपका ₹1,23,456.00 का भुगतान हमें मिल गया है।');
  });

  it('without a locale the emails stay English', async () => {
    const { subject, html } = await renderEmail({
      brand: aBrand(),
      template: 'refund-failed',
      props: { ...HINDI['refund-failed'], locale: undefined },
    });
    expect(subject).toBe('Voltway: your refund of ₹82.00 did not go through');
    expect(html).toContain('lang="en"');
  });
});
