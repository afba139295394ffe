import {
  parseTariffDefinition,
  type MeterSampleInput,
  type PriceComponent,
  type TariffDefinition,
  type TariffDefinitionInput,
} from '../src/index.ts';

export const IST = 'Asia/Kolkata';

/** Epoch ms of a wall-clock time in India: ist('2026-11-27 23:30'). */
export function ist(local: string): number {
  return Date.parse(`${local.replace(' ', 'T')}:00+05:30`);
}

export function energy(priceMinor: number, extra: Partial<PriceComponent> = {}): PriceComponent {
  return { dimension: 'ENERGY', priceMinor, per: 'kWh', ...extra } as PriceComponent;
}

export function aTariff(over: Partial<TariffDefinitionInput> = {}): TariffDefinition {
  return parseTariffDefinition({
    taxRateBps: 1800,
    elements: [{ label: 'Standard', components: [energy(1800)] }],
    ...over,
  });
}

/** Constant power from `fromLocal` for `minutes`, one sample every `everyMin` minutes. */
export function constantPower(fromLocal: string, minutes: number, kw: number, everyMin = minutes): MeterSampleInput[] {
  const start = ist(fromLocal);
  const out: MeterSampleInput[] = [];
  for (let m = 0; m <= minutes; m += everyMin) out.push({ at: start + m * 60_000, energyWh: (kw * 1000 * m) / 60 });
  if (minutes % everyMin !== 0) out.push({ at: start + minutes * 60_000, energyWh: (kw * 1000 * minutes) / 60 });
  return out;
}

export function samples(...rows: [string, number][]): MeterSampleInput[] {
  return rows.map(([local, wh]) => ({ at: ist(local), energyWh: wh }));
}
