import { describe, expect, it } from 'vitest';
import { formatEnergy, formatMoney, formatQuantity } from './format.ts';
import { fromAddress } from './brand.ts';
import { aBrand } from './testing/builders.ts';

describe('formatting', () => {
  it.each([
    [0, '₹0.00'],
    [5, '₹0.05'],
    [100, '₹1.00'],
    [123456, '₹1,234.56'],
    [12345678, '₹1,23,456.78'],
    [1234567890, '₹1,23,45,678.90'],
    [-6197, '−₹61.97'],
  ])('%i paise is %s', (minor, text) => {
    expect(formatMoney(minor)).toBe(text);
  });

  it('names other currencies by code and refuses fractional paise', () => {
    expect(formatMoney(1050, 'AED')).toBe('AED 10.50');
    // In the currency's own minor unit (ISO 4217): yen have none, dinars three digits.
    expect(formatMoney(1234, 'JPY')).toBe('JPY 1,234');
    expect(formatMoney(1234, 'KWD')).toBe('KWD 1.234');
    expect(formatMoney(5, 'KWD')).toBe('KWD 0.005');
    expect(formatMoney(-21200, 'INR')).toBe('−₹212.00');
    expect(() => formatMoney(10.5)).toThrow(RangeError);
  });

  it.each([
    [18.456, 'kWh', '18.456 kWh'],
    [18.4, 'kWh', '18.4 kWh'],
    [7, 'min', '7 min'],
    [1, '', '1'],
  ])('%d %s reads %s', (q, unit, text) => {
    expect(formatQuantity(q, unit)).toBe(text);
  });

  it('shows energy in kWh from Wh', () => {
    expect(formatEnergy(18_456)).toBe('18.456 kWh');
  });

  it('quotes the sender name and strips characters that would break the header', () => {
    expect(fromAddress(aBrand({ senderName: 'Volt "Way" <Charging>' }))).toBe(
      '"Volt Way Charging" <hello@voltway.example>',
    );
  });
});
