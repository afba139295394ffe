import { describe, expect, it } from 'vitest';
import { aTariff, energy } from '../test/builders.ts';
import { fromOcpiTariff, OcpiMappingError, toOcpiTariff, type OcpiTariff } from './ocpi.ts';

const meta = { countryCode: 'IN', partyId: 'MAG', id: 'std-1', lastUpdated: '2026-11-25T00:00:00Z' };

const ocpiPeak: OcpiTariff = {
  country_code: 'IN',
  party_id: 'MAG',
  id: 'std-1',
  currency: 'INR',
  min_price: { excl_vat: 50, incl_vat: 59 },
  elements: [
    {
      price_components: [{ type: 'ENERGY', price: 22, vat: 18, step_size: 1 }],
      restrictions: { start_time: '18:00', end_time: '22:00', day_of_week: ['MONDAY', 'FRIDAY'] },
    },
    {
      price_components: [
        { type: 'ENERGY', price: 18.5, vat: 18, step_size: 1 },
        { type: 'TIME', price: 60, vat: 18, step_size: 60 },
        { type: 'PARKING_TIME', price: 120, vat: 18, step_size: 1 },
        { type: 'FLAT', price: 10, vat: 18, step_size: 1 },
      ],
    },
  ],
  last_updated: '2026-11-25T00:00:00Z',
};

describe('OCPI 2.2.1 mapping', () => {
  it('reads an OCPI tariff into a definition', () => {
    const def = fromOcpiTariff(ocpiPeak);
    expect(def.taxRateBps).toBe(1800);
    expect(def.minPriceMinor).toBe(5000);
    expect(def.elements[0]).toEqual({
      components: [{ dimension: 'ENERGY', priceMinor: 2200, per: 'kWh' }],
      restrictions: { startTime: '18:00', endTime: '22:00', daysOfWeek: ['MONDAY', 'FRIDAY'] },
    });
    expect(def.elements[1]?.components).toEqual([
      { dimension: 'ENERGY', priceMinor: 1850, per: 'kWh' },
      { dimension: 'TIME', priceMinor: 6000, per: 'hour', stepSize: 60 },
      { dimension: 'PARKING', priceMinor: 12000, per: 'hour' },
      { dimension: 'FLAT', priceMinor: 1000, per: 'session' },
    ]);
  });

  it('writes it back unchanged', () => {
    expect(toOcpiTariff(fromOcpiTariff(ocpiPeak), meta)).toEqual(ocpiPeak);
  });

  it('writes per-minute parking as a per-hour price', () => {
    const t = aTariff({
      elements: [{ components: [energy(1800), { dimension: 'PARKING', priceMinor: 200, per: 'minute' }] }],
    });
    expect(toOcpiTariff(t, meta).elements[0]?.price_components[1]).toEqual({
      type: 'PARKING_TIME',
      price: 120,
      vat: 18,
      step_size: 1,
    });
  });

  it.each([
    {
      name: 'free windows',
      over: { freeWindows: [{ label: 'F', restrictions: { startTime: '10:00', endTime: '11:00' } }] },
      reason: /free windows/,
    },
    { name: 'sponsors', over: { sponsors: [{ id: 's', label: 'S', firstWh: 5000 }] }, reason: /sponsored/ },
    {
      name: 'power caps',
      over: { powerCaps: [{ label: 'P', maxKw: 11, restrictions: { startTime: '18:00', endTime: '22:00' } }] },
      reason: /power caps/,
    },
    {
      name: 'an idle grace period',
      over: {
        elements: [{ components: [{ dimension: 'PARKING' as const, priceMinor: 200, per: 'minute' as const }] }],
        idle: { graceMinutes: 10, idleBelowW: 50 },
      },
      reason: /grace/,
    },
  ])('refuses to export $name', ({ over, reason }) => {
    const t = aTariff(over);
    expect(() => toOcpiTariff(t, meta)).toThrow(OcpiMappingError);
    expect(() => toOcpiTariff(t, meta)).toThrow(reason);
  });

  it.each([
    { name: 'current restrictions', patch: { restrictions: { min_current: 16 } }, reason: /current/ },
    {
      name: 'reservation restrictions',
      patch: { restrictions: { reservation: 'RESERVATION' } },
      reason: /reservation/,
    },
    {
      name: 'prices finer than a paisa',
      patch: { price_components: [{ type: 'ENERGY', price: 18.555, vat: 18, step_size: 1 }] },
      reason: /minor unit/,
    },
    {
      name: 'mixed VAT rates',
      patch: { price_components: [{ type: 'ENERGY', price: 18, vat: 5, step_size: 1 }] },
      reason: /VAT/,
    },
    {
      name: 'an unknown component type',
      patch: { price_components: [{ type: 'CO2', price: 1, step_size: 1 }] },
      reason: /type/,
    },
  ])('refuses to import $name', ({ patch, reason }) => {
    const bad = { ...ocpiPeak, elements: [{ ...ocpiPeak.elements[0]!, ...patch }, ocpiPeak.elements[1]!] };
    expect(() => fromOcpiTariff(bad)).toThrow(OcpiMappingError);
    expect(() => fromOcpiTariff(bad)).toThrow(reason);
  });

  it('closes a one-sided OCPI time window at midnight', () => {
    const open = {
      ...ocpiPeak,
      elements: [
        {
          price_components: [{ type: 'ENERGY', price: 1, vat: 18, step_size: 1 }],
          restrictions: { start_time: '20:00' },
        },
      ],
    };
    expect(fromOcpiTariff(open).elements[0]?.restrictions).toEqual({ startTime: '20:00', endTime: '00:00' });
  });
});
