'use client';

import { Field, Input } from '@magma/ui';
import { currencySymbol } from './money.ts';
import type { PriceKey, Prices } from './draft.ts';

type Props = {
  prices: Prices;
  onChange: (p: Prices) => void;
  errors: Record<string, string>;
  /** Field key prefix: "standard" or a window id. */
  owner: string;
  currency: string;
  /** For windows: an empty price falls through to the standard price (the first window that has one wins). */
  fallsThrough?: boolean;
  disabled?: boolean;
  testPrefix: string;
};

export function PricesFields({ prices, onChange, errors, owner, currency, fallsThrough, disabled, testPrefix }: Props) {
  const sym = currencySymbol(currency).trim();
  const fields: { key: PriceKey; label: string; hint: string }[] = [
    { key: 'energy', label: `Energy (${sym}/kWh)`, hint: 'Per kWh delivered' },
    {
      key: 'time',
      label: `Charging time (${sym}/${prices.timePer === 'hour' ? 'h' : 'min'})`,
      hint: 'While the car charges',
    },
    {
      key: 'idle',
      label: `Idle (${sym}/${prices.idlePer === 'hour' ? 'h' : 'min'})`,
      hint: 'After charging ends and the grace period',
    },
    { key: 'flat', label: `Session fee (${sym})`, hint: 'Once per session' },
  ];
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      {fields.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint} error={errors[`${owner}.${f.key}`]}>
          <Input
            inputMode="decimal"
            value={prices[f.key]}
            placeholder={fallsThrough ? 'as standard' : 'none'}
            disabled={disabled}
            aria-invalid={errors[`${owner}.${f.key}`] ? true : undefined}
            data-testid={`${testPrefix}-${f.key}`}
            onChange={(e) => onChange({ ...prices, [f.key]: e.target.value })}
          />
        </Field>
      ))}
      {errors[`${owner}.prices`] ? (
        <p className="text-sm text-red-600 sm:col-span-2">{errors[`${owner}.prices`]}</p>
      ) : null}
    </div>
  );
}
