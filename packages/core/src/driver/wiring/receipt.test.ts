import { parseTariffDefinition, priceSession, type PricedLine } from '@magma/tariff';
import { describe, expect, it } from 'vitest';
import { billedAmounts } from '../../tariffs/billed-amounts.ts';
import { lineViews } from './pricing.ts';
import { paymentReceiptContent, sessionReceiptContent } from './receipt.ts';

const HOUR = 3_600_000;

/** One session priced by the engine: 60 min of charging, 10 kWh delivered. */
function priced(components: unknown[]): PricedLine[] {
  const def = parseTariffDefinition({ elements: [{ label: 'Standard', components }] });
  const t0 = Date.parse('2026-11-24T10:00:00Z');
  return priceSession(def, {
    samples: [
      { at: t0, energyWh: 0, powerW: 10_000 },
      { at: t0 + HOUR, energyWh: 10_000, powerW: 10_000 },
    ],
    timeZone: 'Asia/Kolkata',
    startedAt: t0,
    endedAt: t0 + HOUR,
  }).lines;
}

describe('receipt lines (issue #16)', () => {
  it.each([
    // 60 min at ₹60/hour = ₹60.00: the unit price reads per hour, the quantity in minutes
    {
      price: { dimension: 'TIME', priceMinor: 6000, per: 'hour' },
      quantity: '60 min',
      per: 'h',
      unitPrice: 6000,
      amount: 6000,
    },
    // 60 min at ₹1.50/minute = ₹90.00
    {
      price: { dimension: 'TIME', priceMinor: 150, per: 'minute' },
      quantity: '60 min',
      per: 'min',
      unitPrice: 150,
      amount: 9000,
    },
    // 10 kWh at ₹18/kWh = ₹180.00
    {
      price: { dimension: 'ENERGY', priceMinor: 1800 },
      quantity: '10.00 kWh',
      per: 'kWh',
      unitPrice: 1800,
      amount: 18000,
    },
    { price: { dimension: 'FLAT', priceMinor: 2500 }, quantity: '1', per: 'session', unitPrice: 2500, amount: 2500 },
  ])('$price.dimension per $price.per: $quantity × $unitPrice/$per', ({ price, quantity, per, unitPrice, amount }) => {
    const [line] = lineViews(priced([price]));
    expect(line).toMatchObject({ quantity, per, unitPriceMinor: unitPrice, amountMinor: amount });
  });

  it('the email gets the price’s unit, not the quantity’s: "60 min" at ₹60.00/h', () => {
    const lines = lineViews(priced([{ dimension: 'TIME', priceMinor: 6000, per: 'hour' }]));
    // ₹60.00 + 18% = ₹10.80 GST
    const amounts = billedAmounts({ subtotalMinor: 6000, taxMinor: 1080, sponsorMinor: 0, taxRateBps: 1800 });
    const content = sessionReceiptContent({
      db: undefined as never,
      locale: null,
      tenantId: 't',
      to: 'driver@example.in',
      sessionId: 'abcdef12-0000',
      transactionId: 'tx',
      priced: { costMinor: 7080, taxMinor: 1080, sponsorMinor: 0, taxRateBps: 1800, currency: 'INR', lines, amounts },
      paidMinor: 10000,
      refundMinor: 2920,
      unrefunded: null,
      energyWh: 10_000,
      startedAt: new Date(),
      endedAt: new Date(),
      chargerLabel: 'DC-1 #1',
      siteName: null,
      timeZone: 'Asia/Kolkata',
      paymentId: 'pay12345-xyz',
      sessionLink: { url: 'https://demo.example.in/s/open/x', expiresAt: new Date('2026-12-12T10:00:00Z') },
    });
    expect(content).toMatchObject({
      sessionUrl: 'https://demo.example.in/s/open/x',
      sessionUrlExpiresAt: new Date('2026-12-12T10:00:00Z'),
    });
    expect(content.lines).toEqual([
      {
        dimension: 'Charging time · Standard',
        quantity: 60,
        unit: 'min',
        unitPriceMinor: 6000,
        per: 'h',
        amountMinor: 6000,
        taxMinor: 1080,
      },
    ]);
    expect(content.refund).toEqual({ amountMinor: 2920, reference: 'ABCDEF12-R', paymentReference: 'PAY12345' });
  });
});

describe('payment email content', () => {
  const input = {
    db: undefined as never,
    locale: null,
    tenantId: '11111111-1111-4111-8111-111111111111',
    to: 'driver@example.in',
    sessionId: '22222222-2222-4222-8222-222222222222',
    paymentId: 'abcdef12-3333-4333-8333-333333333333',
    amountMinor: 20000,
    currency: 'INR',
    paidAt: new Date('2026-11-24T10:00:00Z'),
    gatewayReference: 'pay_G8VQzjPLoAvm6D',
    chargerLabel: 'DC-60 #2',
    siteName: 'Koramangala',
    timeZone: 'Asia/Kolkata',
    sessionLink: { url: 'https://demo.example.in/s/open/x', expiresAt: new Date('2026-12-01T10:00:00Z') },
  };

  it('carries the amount, the charger and the session link', () => {
    expect(paymentReceiptContent(input)).toEqual({
      reference: 'ABCDEF12',
      amountMinor: 20000,
      currency: 'INR',
      paidAt: input.paidAt,
      description: 'DC-60 #2, Koramangala',
      gatewayReference: 'pay_G8VQzjPLoAvm6D',
      timeZone: 'Asia/Kolkata',
      sessionUrl: 'https://demo.example.in/s/open/x',
      sessionUrlExpiresAt: input.sessionLink.expiresAt,
    });
  });

  it('leaves out what it does not have', () => {
    const c = paymentReceiptContent({ ...input, siteName: null, gatewayReference: null, sessionLink: null });
    expect(c.description).toBe('DC-60 #2');
    expect(c).not.toHaveProperty('sessionUrl');
    expect(c).not.toHaveProperty('gatewayReference');
  });
});
