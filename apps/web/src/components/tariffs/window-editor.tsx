'use client';

import { useState } from 'react';
import { Button, Field, Input, Select, cx } from '@magma/ui';
import { DAYS_OF_WEEK } from '@magma/tariff';
import type { FieldErrors, GridWindow } from './draft.ts';
import { PricesFields } from './prices-fields.tsx';
import { DAY_SHORT, cellIndex, describeCells, noCells } from './week.ts';

export const KIND_LABEL = { price: 'Price window', free: 'Free charging', cap: 'Power cap' } as const;

type Props = {
  w: GridWindow;
  errors: FieldErrors;
  currency: string;
  canEdit: boolean;
  onChange: (patch: Partial<GridWindow>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
  onPaint: (cells: number[], value: boolean) => void;
};

/** The selected window: its name, prices (or power limit), hours in words, and quick painting. */
export function WindowEditor({ w, errors, currency, canEdit, onChange, onMove, onRemove, onPaint }: Props) {
  return (
    <div className="mb-4 space-y-3 rounded-md border border-line bg-bg p-3" data-testid="window-editor">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-48 flex-1">
          <Field label={`${KIND_LABEL[w.kind]} name`} error={errors[`${w.id}.name`]}>
            <Input
              value={w.name}
              disabled={!canEdit}
              onChange={(e) => onChange({ name: e.target.value })}
              data-testid="window-name"
            />
          </Field>
        </div>
        {canEdit ? (
          <div className="flex gap-1">
            <Button size="sm" variant="ghost" onClick={() => onMove(-1)} aria-label="Move up">
              ↑
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onMove(1)} aria-label="Move down">
              ↓
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange({ cells: noCells() })}>
              Clear hours
            </Button>
            <Button size="sm" variant="danger" onClick={() => onRemove()}>
              Delete
            </Button>
          </div>
        ) : null}
      </div>
      <p className={cx('text-sm', errors[`${w.id}.cells`] ? 'text-red-600' : 'text-muted')}>
        {errors[`${w.id}.cells`] ?? describeCells(w.cells)}
      </p>
      {w.kind === 'price' ? (
        <PricesFields
          prices={w.prices}
          onChange={(p) => onChange({ prices: p })}
          errors={errors}
          owner={w.id}
          currency={currency}
          fallsThrough
          disabled={!canEdit}
          testPrefix="window"
        />
      ) : w.kind === 'free' ? (
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={w.idleStillCharged}
            disabled={!canEdit}
            onChange={(e) => onChange({ idleStillCharged: e.target.checked })}
          />
          Idle fees still apply (only charging is free)
        </label>
      ) : (
        <CapFields w={w} errors={errors} canEdit={canEdit} onChange={onChange} />
      )}
      {canEdit ? <QuickPaint onPaint={onPaint} /> : null}
    </div>
  );
}

/** A power cap: each charger's power, and the site's (peak-hour throttling, applied by load balancing). */
function CapFields({
  w,
  errors,
  canEdit,
  onChange,
}: Pick<Props, 'errors' | 'canEdit' | 'onChange'> & { w: Extract<GridWindow, { kind: 'cap' }> }) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <Field
        label="Maximum power per charger (kW)"
        hint="Chargers are throttled to this during the window"
        error={errors[`${w.id}.maxKw`]}
      >
        <Input
          inputMode="decimal"
          value={w.maxKw}
          disabled={!canEdit}
          onChange={(e) => onChange({ maxKw: e.target.value })}
          data-testid="cap-max-kw"
        />
      </Field>
      <Field
        label="Site limit (optional)"
        hint="Load balancing keeps the whole site under this during the window"
        error={errors[`${w.id}.siteCap`]}
      >
        <div className="flex gap-2">
          <Input
            inputMode="decimal"
            value={w.siteCap}
            disabled={!canEdit}
            placeholder="none"
            onChange={(e) => onChange({ siteCap: e.target.value })}
            data-testid="cap-site"
            aria-label="Site limit"
          />
          <div className="w-36">
            <Select
              value={w.siteUnit}
              disabled={!canEdit}
              onChange={(e) => onChange({ siteUnit: e.target.value === '%' ? '%' : 'kW' })}
              aria-label="Site limit unit"
              data-testid="cap-site-unit"
            >
              <option value="kW">kW</option>
              <option value="%">% of capacity</option>
            </Select>
          </div>
        </div>
      </Field>
    </div>
  );
}

/** Paint a range of hours on chosen days in one go: precise, and easier than dragging on a phone. */
function QuickPaint({ onPaint }: { onPaint: (cells: number[], value: boolean) => void }) {
  const [from, setFrom] = useState(18);
  const [to, setTo] = useState(22);
  const [days, setDays] = useState<boolean[]>(() => DAYS_OF_WEEK.map(() => true));
  const cells = () => {
    const out: number[] = [];
    days.forEach((on, d) => {
      if (!on) return;
      for (let h = 0; h < 24; h++) if (from < to ? h >= from && h < to : h >= from || h < to) out.push(cellIndex(d, h));
    });
    return out;
  };
  const hour = (v: number, set: (n: number) => void, label: string) => (
    <div className="w-24">
      <Select value={v} onChange={(e) => set(Number(e.target.value))} aria-label={label}>
        {Array.from({ length: 24 }, (_, h) => (
          <option key={h} value={h}>
            {String(h).padStart(2, '0')}:00
          </option>
        ))}
      </Select>
    </div>
  );
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-muted">From</span>
      {hour(from, setFrom, 'From hour')}
      <span className="text-muted">to</span>
      {hour(to, setTo, 'To hour')}
      <span className="flex gap-1">
        {DAY_SHORT.map((d, i) => (
          <button
            key={d}
            type="button"
            aria-pressed={days[i]}
            onClick={() => setDays(days.map((v, j) => (j === i ? !v : v)))}
            className={cx(
              'rounded border px-1.5 py-0.5 text-xs',
              days[i] ? 'border-primary bg-tint' : 'border-line text-muted',
            )}
          >
            {d}
          </button>
        ))}
      </span>
      <Button size="sm" variant="secondary" onClick={() => onPaint(cells(), true)} disabled={from === to}>
        Paint
      </Button>
      <Button size="sm" variant="ghost" onClick={() => onPaint(cells(), false)} disabled={from === to}>
        Clear
      </Button>
    </div>
  );
}
