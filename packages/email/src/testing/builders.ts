import type { Brand } from '../brand.ts';
import type { SessionReceiptProps } from '../templates/session-receipt.tsx';

export const aBrand = (over: Partial<Brand> = {}): Brand => ({
  name: 'Voltway',
  logoUrl: 'https://cdn.voltway.example/logo.png',
  primaryColor: '#2f54eb',
  accentColor: '#13c2c2',
  fontFamily: "'DejaVu Sans', Verdana, sans-serif",
  senderName: 'Voltway Charging',
  senderEmail: 'hello@voltway.example',
  supportEmail: 'help@voltway.example',
  ...over,
});

export const aSessionReceipt = (over: Partial<SessionReceiptProps> = {}): SessionReceiptProps => ({
  receiptNumber: 'VW-2026-000123',
  chargerLabel: 'DC-60 #2',
  siteName: 'Indiranagar Hub',
  startedAt: new Date('2026-11-24T10:00:00Z'),
  endedAt: new Date('2026-11-24T10:42:00Z'),
  energyWh: 18_456,
  currency: 'INR',
  taxRateBps: 1800,
  // 33221 + 1400 + 2500 = 37121 before tax; GST 18% = 6681.78 → 6682 (lines 5980 + 252 + 450)
  lines: [
    {
      dimension: 'Energy',
      quantity: 18.456,
      unit: 'kWh',
      unitPriceMinor: 1800,
      per: 'kWh',
      amountMinor: 33221,
      taxMinor: 5980,
    },
    {
      dimension: 'Idle fee',
      quantity: 7,
      unit: 'min',
      unitPriceMinor: 200,
      per: 'min',
      amountMinor: 1400,
      taxMinor: 252,
    },
    {
      dimension: 'Session fee',
      quantity: 1,
      unit: '',
      unitPriceMinor: 2500,
      per: 'session',
      amountMinor: 2500,
      taxMinor: 450,
    },
  ],
  charges: { taxableMinor: 37121, taxMinor: 6682, totalMinor: 43803 },
  driver: { taxableMinor: 37121, taxMinor: 6682, totalMinor: 43803 },
  paidMinor: 50000,
  // 50000 − 43803 = 6197
  refund: { amountMinor: 6197, reference: 'VW-2026-000123-R', paymentReference: 'PAY-6F1C' },
  ...over,
});
