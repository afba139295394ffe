import { describe, expect, it } from 'vitest';
import { decimalToMinor, minorToDecimal } from './money.ts';

describe('rupee/paise conversion', () => {
  it.each([
    [1, '0.01'],
    [10, '0.10'],
    [100, '1.00'],
    [25050, '250.50'],
    [123456789, '1234567.89'],
  ])('%i paise is %s rupees and back', (minor, text) => {
    expect(minorToDecimal(minor)).toBe(text);
    expect(decimalToMinor(text)).toBe(minor);
  });

  it.each([
    [0.1 + 0.2, null],
    [250.5, 25050],
    [10.05, 1005],
    [1, 100],
    ['7', 700],
  ])('reads %s exactly or refuses it', (value, expected) => {
    if (expected === null) expect(() => decimalToMinor(value)).toThrow(RangeError);
    else expect(decimalToMinor(value)).toBe(expected);
  });

  it('refuses amounts with more than two decimals instead of rounding', () => {
    expect(() => decimalToMinor('1.005')).toThrow(RangeError);
  });
});
