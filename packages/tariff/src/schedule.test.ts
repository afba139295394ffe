import { describe, expect, it } from 'vitest';
import { aTariff, energy, IST, ist, samples } from '../test/builders.ts';
import { estimateSession, quoteSession } from './quote.ts';
import { powerCapSchedule, selectTariff, sitePowerCapSchedule } from './schedule.ts';
import { tariffDefinitionSchema } from './model.ts';

describe('selectTariff', () => {
  const candidates = [
    { id: 'fleet', siteId: null, connectorType: null, priority: 0 },
    { id: 'fleet-promo', siteId: null, connectorType: null, priority: 5 },
    { id: 'ccs2', siteId: null, connectorType: 'CCS2', priority: 0 },
    { id: 'mall', siteId: 'site-mall', connectorType: null, priority: 0 },
    { id: 'mall-ccs2', siteId: 'site-mall', connectorType: 'CCS2', priority: 0 },
    { id: 'airport', siteId: 'site-airport', connectorType: null, priority: 0 },
  ];

  it.each([
    { at: { siteId: 'site-mall', connectorType: 'CCS2' }, want: 'mall-ccs2' },
    { at: { siteId: 'site-mall', connectorType: 'TYPE2' }, want: 'mall' },
    { at: { siteId: 'site-office', connectorType: 'CCS2' }, want: 'ccs2' },
    { at: { siteId: 'site-office', connectorType: 'TYPE2' }, want: 'fleet-promo' },
    { at: { siteId: 'site-airport', connectorType: 'CCS2' }, want: 'airport' },
    { at: { siteId: null, connectorType: null }, want: 'fleet-promo' },
  ])('$at.siteId / $at.connectorType → $want', ({ at, want }) => {
    expect(selectTariff(candidates, at)?.id).toBe(want);
  });

  it('returns undefined when nothing applies, and the first of equals', () => {
    expect(selectTariff([{ id: 'x', siteId: 'a', connectorType: null }], { siteId: 'b' })).toBeUndefined();
    const tie = [
      { id: 'first', siteId: null, connectorType: null },
      { id: 'second', siteId: null, connectorType: null },
    ];
    expect(selectTariff(tie, {})?.id).toBe('first');
  });
});

describe('powerCapSchedule', () => {
  const capped = aTariff({
    powerCaps: [
      { label: 'Evening peak', maxKw: 22, restrictions: { startTime: '18:00', endTime: '22:00' } },
      {
        label: 'Grid alert',
        maxKw: 11,
        restrictions: { startTime: '19:00', endTime: '20:00', daysOfWeek: ['FRIDAY'] },
      },
      { label: 'Night', maxKw: 50, restrictions: { startTime: '23:00', endTime: '05:00' } },
    ],
  });

  it('lists caps in local time, lowest cap wins where they overlap, crossing midnight', () => {
    const w = powerCapSchedule(capped, { from: ist('2026-11-27 12:00'), to: ist('2026-11-28 12:00'), timeZone: IST });
    expect(w).toEqual([
      { start: ist('2026-11-27 18:00'), end: ist('2026-11-27 19:00'), maxKw: 22, label: 'Evening peak' },
      { start: ist('2026-11-27 19:00'), end: ist('2026-11-27 20:00'), maxKw: 11, label: 'Grid alert' },
      { start: ist('2026-11-27 20:00'), end: ist('2026-11-27 22:00'), maxKw: 22, label: 'Evening peak' },
      { start: ist('2026-11-27 23:00'), end: ist('2026-11-28 05:00'), maxKw: 50, label: 'Night' },
    ]);
  });

  it('clips windows to the requested range and is empty without caps', () => {
    const w = powerCapSchedule(capped, { from: ist('2026-11-25 21:00'), to: ist('2026-11-25 23:30'), timeZone: IST });
    expect(w.map((x) => [x.start, x.end, x.maxKw])).toEqual([
      [ist('2026-11-25 21:00'), ist('2026-11-25 22:00'), 22],
      [ist('2026-11-25 23:00'), ist('2026-11-25 23:30'), 50],
    ]);
    expect(powerCapSchedule(aTariff(), { from: 0, to: 86_400_000, timeZone: IST })).toEqual([]);
  });
});

describe('sitePowerCapSchedule (peak-hour throttling)', () => {
  const throttled = aTariff({
    powerCaps: [
      { label: 'Evening peak', maxKw: 22, sitePct: 50, restrictions: { startTime: '18:00', endTime: '22:00' } },
      { label: 'Grid alert', maxKw: 11, siteMaxKw: 40, restrictions: { startTime: '19:00', endTime: '20:00' } },
      { label: 'Night', maxKw: 50, restrictions: { startTime: '23:00', endTime: '05:00' } },
    ],
  });
  const range = { from: ist('2026-11-27 12:00'), to: ist('2026-11-28 12:00'), timeZone: IST };

  it('gives the site cap of the windows that carry one, a percentage of the site capacity, the lowest where they overlap', () => {
    expect(sitePowerCapSchedule(throttled, { ...range, siteCapacityW: 100_000 })).toEqual([
      { start: ist('2026-11-27 18:00'), end: ist('2026-11-27 19:00'), maxW: 50_000, label: 'Evening peak' },
      { start: ist('2026-11-27 19:00'), end: ist('2026-11-27 20:00'), maxW: 40_000, label: 'Grid alert' },
      { start: ist('2026-11-27 20:00'), end: ist('2026-11-27 22:00'), maxW: 50_000, label: 'Evening peak' },
    ]);
    // 50% of 60 kW is below the grid alert's 40 kW: it holds through.
    expect(sitePowerCapSchedule(throttled, { ...range, siteCapacityW: 60_000 })).toEqual([
      { start: ist('2026-11-27 18:00'), end: ist('2026-11-27 22:00'), maxW: 30_000, label: 'Evening peak' },
    ]);
  });

  it('leaves a percentage out when the site capacity is unknown, and is empty without site caps', () => {
    expect(sitePowerCapSchedule(throttled, { ...range, siteCapacityW: null })).toEqual([
      { start: ist('2026-11-27 19:00'), end: ist('2026-11-27 20:00'), maxW: 40_000, label: 'Grid alert' },
    ]);
    expect(sitePowerCapSchedule(aTariff(), { ...range, siteCapacityW: 100_000 })).toEqual([]);
  });

  it('refuses a cap in both kW and percent, and a percentage outside 1..100', () => {
    const base = aTariff();
    const cap = (over: object) => ({ ...base, powerCaps: [{ label: 'P', maxKw: 7, restrictions: {}, ...over }] });
    expect(tariffDefinitionSchema.safeParse(cap({ siteMaxKw: 40, sitePct: 50 })).success).toBe(false);
    expect(tariffDefinitionSchema.safeParse(cap({ sitePct: 0 })).success).toBe(false);
    expect(tariffDefinitionSchema.safeParse(cap({ sitePct: 101 })).success).toBe(false);
    expect(tariffDefinitionSchema.safeParse(cap({ sitePct: 50 })).success).toBe(true);
  });
});

describe('quoteSession and estimateSession', () => {
  const peak = aTariff({
    elements: [
      { label: 'Peak', components: [energy(2200)], restrictions: { startTime: '18:00', endTime: '22:00' } },
      { label: 'Standard', components: [energy(1800)] },
    ],
  });

  it.each([
    {
      name: '30 kWh from 18:00 at 22 kW is all peak',
      start: '2026-11-25 18:00',
      subtotal: 66_000,
      ends: '2026-11-25 19:21:49.091',
    },
    {
      name: '30 kWh from 17:00 at 22 kW: 22 kWh standard, 8 kWh peak',
      start: '2026-11-25 17:00',
      subtotal: 57_200,
      ends: '2026-11-25 18:21:49.091',
    },
  ])('$name', ({ start, subtotal, ends }) => {
    const q = quoteSession(peak, { startAt: ist(start), energyKwh: 30, powerKw: 22, timeZone: IST });
    expect(q.subtotalMinor).toBe(subtotal);
    expect(q.totalMinor).toBe(subtotal + Math.round(subtotal * 0.18));
    expect(q.chargingEndsAt).toBe(Date.parse(`${ends.replace(' ', 'T')}+05:30`));
  });

  it('a quote includes idle time after charging, billed after the grace', () => {
    const t = aTariff({
      elements: [{ components: [energy(1800), { dimension: 'PARKING', priceMinor: 200, per: 'minute' }] }],
      idle: { graceMinutes: 10, idleBelowW: 50 },
    });
    const q = quoteSession(t, {
      startAt: ist('2026-11-25 10:00'),
      energyKwh: 10,
      powerKw: 10,
      idleMinutes: 30,
      timeZone: IST,
    });
    expect(q.lines.map((l) => [l.dimension, l.quantity, l.amountMinor])).toEqual([
      ['ENERGY', 10_000_000, 18_000],
      ['PARKING', 20 * 60_000, 4_000],
    ]);
  });

  it('a quote slows down under a power cap', () => {
    const t = aTariff({
      ...peak,
      powerCaps: [{ label: 'Peak cap', maxKw: 11, restrictions: { startTime: '18:00', endTime: '22:00' } }],
    });
    const q = quoteSession(t, { startAt: ist('2026-11-25 17:30'), energyKwh: 30, powerKw: 22, timeZone: IST });
    // 11 kWh at 22 kW until 18:00, then 19 kWh at 11 kW: 1 h 43 min 38 s.
    expect(q.chargingEndsAt).toBe(ist('2026-11-25 18:00') + Math.round((19 / 11) * 3_600_000));
    expect(q.subtotalMinor).toBe(11 * 1800 + 19 * 2200);
  });

  it('an estimate bills charging time up to now while power still flows, and idle time once it stopped', () => {
    const t = aTariff({
      elements: [
        {
          components: [
            energy(1800),
            { dimension: 'TIME', priceMinor: 6000, per: 'hour' },
            { dimension: 'PARKING', priceMinor: 100, per: 'minute' },
          ],
        },
      ],
      idle: { graceMinutes: 5, idleBelowW: 50 },
    });
    const running = samples(['2026-11-25 10:00', 0], ['2026-11-25 10:30', 5_000]);
    const live = estimateSession(t, {
      samples: running,
      startedAt: ist('2026-11-25 10:00'),
      now: ist('2026-11-25 10:45'),
      timeZone: IST,
    });
    expect(live.lines.map((l) => [l.dimension, l.quantity, l.amountMinor])).toEqual([
      ['ENERGY', 5_000_000, 9_000],
      ['TIME', 45 * 60_000, 4_500],
    ]);
    const justStarted = estimateSession(t, {
      samples: samples(['2026-11-25 10:00', 0]),
      startedAt: ist('2026-11-25 10:00'),
      now: ist('2026-11-25 10:30'),
      timeZone: IST,
    });
    expect(justStarted.lines.map((l) => [l.dimension, l.quantity])).toEqual([['TIME', 30 * 60_000]]);
    const done = samples(['2026-11-25 10:00', 0], ['2026-11-25 10:30', 5_000], ['2026-11-25 10:40', 5_000]);
    const idle = estimateSession(t, {
      samples: done,
      startedAt: ist('2026-11-25 10:00'),
      now: ist('2026-11-25 11:00'),
      timeZone: IST,
    });
    expect(idle.lines.map((l) => [l.dimension, l.quantity, l.amountMinor])).toEqual([
      ['ENERGY', 5_000_000, 9_000],
      ['TIME', 30 * 60_000, 3_000],
      ['PARKING', 25 * 60_000, 2_500],
    ]);
  });
});
