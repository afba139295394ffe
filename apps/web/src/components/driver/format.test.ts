import { describe, expect, it } from 'vitest';
import { formatMoney as emailMoney } from '@magma/email';
import { aboutKwh, money, wholeMoney } from './format.ts';

describe('driver page money', () => {
  it('uses the currency’s own ISO 4217 minor unit, as the emails do', () => {
    expect(money(123456, 'INR')).toBe('₹1,234.56');
    expect(money(1234, 'JPY')).toBe('JPY 1,234');
    expect(money(1234, 'KWD')).toBe('KWD 1.234');
    expect(money(null)).toBe('—');
    for (const [m, c] of [
      [20000, 'INR'],
      [1234, 'JPY'],
      [5, 'KWD'],
      [-6197, 'INR'],
    ] as const) {
      expect(money(m, c)).toBe(emailMoney(m, c));
    }
  });

  it('states limits in whole units when they have no minor part', () => {
    expect(wholeMoney(5000, 'INR')).toBe('₹50');
    expect(wholeMoney(200000, 'INR')).toBe('₹2,000');
    expect(wholeMoney(5050, 'INR')).toBe('₹50.50');
  });

  it('reads an energy estimate with at most one decimal and grouped thousands', () => {
    expect(aboutKwh(529_661_012)).toBe('5,29,661 kWh');
    expect(aboutKwh(10_049)).toBe('10 kWh');
    expect(aboutKwh(10_050)).toBe('10.1 kWh');
  });
});
