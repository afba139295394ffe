import type { TariffDefinition } from './model.ts';
import { priceSession, type MeterSampleInput, type PricedSession } from './price-session.ts';
import { powerCapSchedule } from './schedule.ts';

export type EstimateInput = {
  samples: readonly MeterSampleInput[];
  timeZone: string;
  startedAt: number;
  /** The caller's clock (epoch ms): the engine never reads one. */
  now: number;
};

/**
 * Cost so far of a running session: energy up to the last sample, time up to `now`. A session that
 * was drawing power at its last sample is treated as still charging, so no idle fee accrues from a
 * late sample alone.
 */
export function estimateSession(definition: TariffDefinition, input: EstimateInput): PricedSession {
  return priceSession(
    definition,
    { samples: input.samples, timeZone: input.timeZone, startedAt: input.startedAt, endedAt: input.now },
    { stillCharging: true },
  );
}

export type QuoteInput = {
  startAt: number;
  energyKwh: number;
  /** What the vehicle and charger can draw; lowered by the tariff's power caps where they apply. */
  powerKw: number;
  timeZone: string;
  /** Minutes the vehicle stays plugged in after it finishes charging. */
  idleMinutes?: number;
};

export type Quote = PricedSession & { chargingEndsAt: number };

const MAX_QUOTE_MS = 14 * 86_400_000;

/** "A 30 kWh session starting 18:00 at 22 kW costs …": prices a synthetic constant-power session. */
export function quoteSession(definition: TariffDefinition, input: QuoteInput): Quote {
  if (!(input.energyKwh >= 0) || !(input.powerKw > 0)) {
    throw new RangeError('quoteSession needs energyKwh >= 0 and powerKw > 0');
  }
  const targetWh = Math.round(input.energyKwh * 1000);
  const caps = powerCapSchedule(definition, {
    from: input.startAt,
    to: input.startAt + MAX_QUOTE_MS,
    timeZone: input.timeZone,
  });
  const samples: MeterSampleInput[] = [{ at: input.startAt, energyWh: 0 }];
  let t = input.startAt;
  let wh = 0;
  let ci = 0;
  while (wh < targetWh) {
    while (ci < caps.length && caps[ci]!.end <= t) ci++;
    const cap = caps[ci];
    const inCap = cap !== undefined && cap.start <= t;
    const kw = inCap ? Math.min(input.powerKw, cap.maxKw) : input.powerKw;
    const until = inCap ? cap.end : (cap?.start ?? Infinity);
    const needMs = ((targetWh - wh) / (kw * 1000)) * 3_600_000;
    if (t + needMs <= until) {
      t = Math.round(t + needMs);
      wh = targetWh;
    } else {
      wh += (kw * 1000 * (until - t)) / 3_600_000;
      t = until;
    }
    if (t - input.startAt > MAX_QUOTE_MS) throw new RangeError('quoted session would last more than 14 days');
    samples.push({ at: t, energyWh: wh });
  }
  const endedAt = t + (input.idleMinutes ?? 0) * 60_000;
  const priced = priceSession(definition, { samples, timeZone: input.timeZone, startedAt: input.startAt, endedAt });
  return { ...priced, chargingEndsAt: t };
}
