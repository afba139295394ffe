import { describe, expect, it } from 'vitest';
import {
  DASHBOARD_CATALOGUES,
  DRIVER_CATALOGUES,
  EMAIL_CATALOGUES,
  dashboardT,
  driverT,
  formatClock,
  formatNumber,
  interpolate,
  negotiateLocale,
  placeholdersOf,
  requestLocale,
} from './index.ts';

const DEVANAGARI = /[\u0900-\u097F]/;
// Messages that are the same in both languages: units, codes and formats around a placeholder.
const SAME_IN_BOTH = new Set([
  'connector.perKwh',
  'connector.plusGst',
  'bill.gst',
  'bill.gstPlain',
  'pin.label',
  'receipt.gst',
  'table.id',
  'table.kw',
  'table.soc',
  'nav.api',
]);

describe.each([
  ['driver', DRIVER_CATALOGUES],
  ['email', EMAIL_CATALOGUES],
  ['dashboard', DASHBOARD_CATALOGUES],
] as const)('the %s catalogue', (_name, catalogues) => {
  const en = catalogues.en as Record<string, string>;
  const hi = catalogues.hi as Record<string, string>;

  it('has the same keys in Hindi as in English', () => {
    expect(Object.keys(hi).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en))('%s: the Hindi keeps the English placeholders', (key) => {
    expect(placeholdersOf(hi[key]!)).toEqual(placeholdersOf(en[key]!));
  });

  it.each(Object.keys(en).filter((k) => !SAME_IN_BOTH.has(k)))('%s: is written in Devanagari', (key) => {
    expect(hi[key]).toMatch(DEVANAGARI);
  });
});

describe('negotiateLocale (Accept-Language, RFC 9110)', () => {
  it.each([
    [null, 'en'],
    ['', 'en'],
    ['hi', 'hi'],
    ['hi-IN,hi;q=0.9,en-US;q=0.8,en;q=0.7', 'hi'],
    ['en-IN,en;q=0.9,hi;q=0.8', 'en'],
    ['en;q=0.5,hi;q=0.8', 'hi'],
    ['ta-IN,ta;q=0.9,hi;q=0.5', 'hi'],
    ['ta-IN,*;q=0.5', 'en'],
    ['hi;q=0,en', 'en'],
    ['hi;q=abc', 'en'],
    ['HI-in', 'hi'],
    ['fr-FR, de;q=0.9', 'en'],
    [`${'x'.repeat(600)},hi`, 'en'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateLocale(header)).toBe(expected);
  });

  it('the switch’s cookie wins over the browser, an unknown cookie does not', () => {
    expect(requestLocale({ cookie: 'en', acceptLanguage: 'hi-IN' })).toBe('en');
    expect(requestLocale({ cookie: 'hi', acceptLanguage: 'en' })).toBe('hi');
    expect(requestLocale({ cookie: 'fr', acceptLanguage: 'hi' })).toBe('hi');
  });
});

describe('messages', () => {
  it('fills placeholders and leaves an unknown one visible', () => {
    expect(interpolate('Pay {amount} to {who}', { amount: '₹200' })).toBe('Pay ₹200 to {who}');
  });

  it('translates a driver message with its values', () => {
    expect(driverT('hi')('session.retryAmount', { amount: '₹1,23,456' })).toBe('फिर से कोशिश करें: ₹1,23,456 का भुगतान करें');
    expect(driverT('en')('session.retryAmount', { amount: '₹200' })).toBe('Try again: pay ₹200');
  });

  it('translates a dashboard message with its values, and keeps the English as it was', () => {
    expect(dashboardT('hi')('kpi.connectorsHint', { faulted: 2, offline: 1 })).toBe('2 खराब · 1 ऑफ़लाइन');
    expect(dashboardT('en')('kpi.connectorsHint', { faulted: 2, offline: 1 })).toBe('2 faulted · 1 offline');
    expect(dashboardT('en')('shell.more')).toBe('More');
  });

  it('keeps Indian grouping and Latin digits in Hindi', () => {
    expect(formatNumber(123456.78, 'hi')).toBe('1,23,456.8');
    expect(formatNumber(123456.78, 'en')).toBe('1,23,456.8');
  });

  it('writes clock times in the site’s zone, 24-hour', () => {
    const at = Date.UTC(2026, 11, 5, 12, 30); // 18:00 in Kolkata
    expect(formatClock(at, 'hi', 'Asia/Kolkata')).toBe('18:00');
    expect(formatClock(at, 'en', 'Europe/London')).toBe('12:30');
  });
});
