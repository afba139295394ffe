import { describe, expect, it } from 'vitest';
import { percentToBps, rupeesToPaise } from './amounts.ts';

describe('settlement form amounts', () => {
  it.each([
    ['70', 7000],
    ['12.5', 1250],
    ['0.1', 10],
    ['0.05', 5],
    ['100', 10_000],
    ['', 0],
    ['100.01', null],
    ['0.125', null],
    ['-1', null],
    ['7O', null],
  ])('percent %j is %j basis points', (text, bps) => {
    expect(percentToBps(text)).toBe(bps);
  });

  it.each([
    ['2.5', 250],
    ['1.10', 110],
    ['0.07', 7],
    ['', 0],
    ['1.005', null],
    ['₹2', null],
  ])('rupees %j are %j paise', (text, paise) => {
    expect(rupeesToPaise(text)).toBe(paise);
  });
});
