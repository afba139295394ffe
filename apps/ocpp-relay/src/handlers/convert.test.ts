import { describe, expect, it } from 'vitest';
import { AppError } from '@magma/core';
import { idTagInfo16, idTokenInfo201, ocppTime, rawValue16, samplesFrom16, samplesFrom201 } from './convert.ts';

const timestamp = '2026-12-01T10:00:00.000Z';

describe('samplesFrom16', () => {
  it('defaults the measurand to the energy register in Wh and skips values that are not numbers', () => {
    const samples = samplesFrom16([
      {
        timestamp,
        sampledValue: [{ value: '1234.5' }, { value: 'b64:signed', format: 'SignedData' }, { value: '1e400' }],
      },
    ]);
    expect(samples).toEqual([
      {
        timestamp: new Date(timestamp),
        measurand: 'Energy.Active.Import.Register',
        phase: null,
        location: null,
        context: null,
        unit: 'Wh',
        value: 1234.5,
      },
    ]);
  });
});

describe('rawValue16', () => {
  it.each([
    ['12.345', undefined, 12.345],
    ['-3.5', undefined, -3.5],
    ['.5', undefined, 0.5],
    ['1e3', undefined, 1000],
    [' 42 ', undefined, 42],
    ['1234', 'Raw', 1234],
    ['3045022100ab', 'SignedData', null],
    ['1300000000', 'SignedData', null],
    ['3045022100ab', undefined, null],
    ['12.3kWh', undefined, null],
    ['12,5', undefined, null],
    ['', undefined, null],
    ['NaN', undefined, null],
    ['Infinity', undefined, null],
    ['1e400', undefined, null],
  ])('%j (format %s) → %s', (value, format, expected) => {
    expect(rawValue16({ value, format })).toBe(expected);
  });
});

describe('samplesFrom201', () => {
  it('applies the unit multiplier (power of ten)', () => {
    const [s] = samplesFrom201([
      {
        timestamp,
        sampledValue: [{ value: 7.4, measurand: 'Power.Active.Import', unitOfMeasure: { unit: 'W', multiplier: 3 } }],
      },
    ]);
    expect(s).toMatchObject({ measurand: 'Power.Active.Import', unit: 'W', value: 7400 });
  });

  it('drops a value the multiplier takes past what a number holds instead of failing the message', () => {
    const samples = samplesFrom201([
      {
        timestamp,
        sampledValue: [
          { value: 1e300, unitOfMeasure: { multiplier: 400 } },
          { value: 12, measurand: 'SoC', unitOfMeasure: { unit: 'Percent' } },
        ],
      },
    ]);
    expect(samples.map((s) => [s.measurand, s.value])).toEqual([['SoC', 12]]);
  });
});

describe('ocppTime', () => {
  it.each([
    ['2026-12-01T10:00:00Z', '2026-12-01T10:00:00.000Z'],
    ['2026-12-01T15:30:00.123+05:30', '2026-12-01T10:00:00.123Z'],
    // RFC 3339 allows a leap second; a JS Date cannot hold one.
    ['2016-12-31T23:59:60Z', '2016-12-31T23:59:59.999Z'],
    ['2016-12-31T23:59:60.5Z', '2016-12-31T23:59:59.999Z'],
  ])('reads %s', (text, iso) => {
    expect(ocppTime(text).toISOString()).toBe(iso);
  });

  it('refuses text that is no date with a clear error', () => {
    expect(() => ocppTime('yesterday')).toThrow(AppError);
    expect(() => ocppTime('yesterday')).toThrow('yesterday is not a date and time');
  });
});

describe('idTagInfo16 / idTokenInfo201', () => {
  const check = (parentToken: string) => ({
    status: 'Accepted' as const,
    idTokenId: 'x',
    expiresAt: new Date(timestamp),
    parentToken,
  });

  it('names the group in both versions while it fits a 1.6 parentIdTag (20 characters)', () => {
    expect(idTagInfo16(check('FLEET-ACME'))).toEqual({
      status: 'Accepted',
      expiryDate: timestamp,
      parentIdTag: 'FLEET-ACME',
    });
    expect(idTokenInfo201(check('FLEET-ACME')).groupIdToken).toEqual({ idToken: 'FLEET-ACME', type: 'Central' });
  });

  it('leaves a longer group id out of the 1.6 answer (it would break the schema) but not the 2.0.1 one', () => {
    const long = 'G'.repeat(21);
    expect(idTagInfo16(check(long))).toEqual({ status: 'Accepted', expiryDate: timestamp });
    expect(idTokenInfo201(check(long)).groupIdToken?.idToken).toBe(long);
  });
});
