'use client';

import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Card, CardTitle, Field, Input, Select, cx } from '@magma/ui';
import { DAYS_OF_WEEK, type DayOfWeek, type TariffDefinitionInput } from '@magma/tariff';
import type { PreviewResult } from '@magma/core/tariffs';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';
import { formatMoney } from './money.ts';

const DAY_LABEL = (d: DayOfWeek) => d.charAt(0) + d.slice(1).toLowerCase();

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

type Custom = { day: DayOfWeek; startTime: string; energyKwh: string; powerKw: string; idleMinutes: string };

function customInput(c: Custom) {
  const energyKwh = Number(c.energyKwh);
  const powerKw = Number(c.powerKw);
  const idleMinutes = c.idleMinutes.trim() === '' ? 0 : Number(c.idleMinutes);
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(c.startTime)) return { error: 'Use a start time like 19:00' };
  if (!(energyKwh > 0 && energyKwh <= 500)) return { error: 'Energy: more than 0 and at most 500 kWh' };
  if (!(powerKw >= 0.5 && powerKw <= 1000)) return { error: 'Power: 0.5 to 1000 kW' };
  if (energyKwh / powerKw > 72) return { error: 'That session would last more than 3 days' };
  if (!Number.isInteger(idleMinutes) || idleMinutes < 0 || idleMinutes > 1440)
    return { error: 'Idle: whole minutes, 0 to 1440' };
  return { value: { label: 'Your example', day: c.day, startTime: c.startTime, energyKwh, powerKw, idleMinutes } };
}

const time = (d: Date, timeZone: string) =>
  new Intl.DateTimeFormat('en-IN', { timeStyle: 'short', hourCycle: 'h23', timeZone }).format(d);

/**
 * Prices example sessions with the draft as it is edited (debounced), next to the same sessions
 * priced with the published version, so the operator sees what a change does before publishing.
 */
export function PreviewPanel({
  draft,
  published,
}: {
  draft: TariffDefinitionInput | null;
  published: TariffDefinitionInput | null;
}) {
  const trpc = useTRPC();
  const [day, setDay] = useState<DayOfWeek | ''>('');
  const [custom, setCustom] = useState<Custom>({
    day: 'SATURDAY',
    startTime: '21:30',
    energyKwh: '12',
    powerKw: '11',
    idleMinutes: '25',
  });
  const c = customInput(custom);
  const input = useDebounced(
    JSON.stringify({ definition: draft, day: day || undefined, custom: 'value' in c ? c.value : undefined }),
    350,
  );
  const parsed = JSON.parse(input) as {
    definition: TariffDefinitionInput | null;
    day?: DayOfWeek;
    custom?: NonNullable<typeof c.value>;
  };
  const now = useQuery(
    trpc.tariffs.preview.queryOptions(
      { definition: parsed.definition, day: parsed.day, custom: parsed.custom },
      { enabled: parsed.definition !== null, placeholderData: keepPreviousData },
    ),
  );
  const before = useQuery(
    trpc.tariffs.preview.queryOptions(
      { definition: published, day: parsed.day, custom: parsed.custom },
      { enabled: published !== null, placeholderData: keepPreviousData },
    ),
  );
  const stale =
    input !==
      JSON.stringify({ definition: draft, day: day || undefined, custom: 'value' in c ? c.value : undefined }) ||
    now.isFetching;
  const baseline = new Map(before.data?.ok ? before.data.results.map((r) => [r.key, r.totalMinor]) : []);
  const setC = (k: keyof Custom) => (e: { target: { value: string } }) =>
    setCustom((x) => ({ ...x, [k]: e.target.value }));

  return (
    <Card className="space-y-4" data-testid="tariff-preview" aria-busy={stale}>
      <CardTitle
        description={
          now.data
            ? `Quoted in ${now.data.timeZone}, incl. ${published ? 'change from the published version and ' : ''}GST`
            : 'Prices update as you edit'
        }
      >
        Preview
      </CardTitle>
      <Field label="Example day">
        <Select value={day} onChange={(e) => setDay(e.target.value as DayOfWeek | '')} aria-label="Example day">
          <option value="">Today{now.data ? ` (${DAY_LABEL(now.data.day)})` : ''}</option>
          {DAYS_OF_WEEK.map((d) => (
            <option key={d} value={d}>
              {DAY_LABEL(d)}
            </option>
          ))}
        </Select>
      </Field>
      {draft === null ? <Alert tone="info">Fix the fields marked in red to see prices.</Alert> : null}
      {now.error ? <Alert>{errorMessage(now.error)}</Alert> : null}
      {now.data && !now.data.ok ? (
        <Alert>
          {now.data.issues.map((i) => (
            <span key={`${i.path}${i.message}`} className="block">
              {i.message}
            </span>
          ))}
        </Alert>
      ) : null}
      {now.data?.ok ? (
        <ul className={cx('space-y-3 transition-opacity', stale && 'opacity-60')}>
          {now.data.results.map((r) => (
            <ExampleRow
              key={r.key}
              r={r}
              currency={now.data.ok ? now.data.currency : 'INR'}
              timeZone={now.data.timeZone}
              before={baseline.get(r.key)}
            />
          ))}
        </ul>
      ) : null}
      <details className="rounded-md border border-line p-3" open>
        <summary className="cursor-pointer text-sm font-medium">Your own example</summary>
        <div className="mt-3 grid grid-cols-2 gap-2">
          <Field label="Day">
            <Select value={custom.day} onChange={setC('day')}>
              {DAYS_OF_WEEK.map((d) => (
                <option key={d} value={d}>
                  {DAY_LABEL(d)}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Starts at">
            <Input type="time" value={custom.startTime} onChange={setC('startTime')} data-testid="custom-start" />
          </Field>
          <Field label="Energy (kWh)">
            <Input
              inputMode="decimal"
              value={custom.energyKwh}
              onChange={setC('energyKwh')}
              data-testid="custom-energy"
            />
          </Field>
          <Field label="Power (kW)">
            <Input inputMode="decimal" value={custom.powerKw} onChange={setC('powerKw')} />
          </Field>
          <Field label="Stays after charging (min)">
            <Input inputMode="numeric" value={custom.idleMinutes} onChange={setC('idleMinutes')} />
          </Field>
        </div>
        {'error' in c ? <p className="mt-2 text-sm text-red-600">{c.error}</p> : null}
      </details>
    </Card>
  );
}

function ExampleRow({
  r,
  currency,
  timeZone,
  before,
}: {
  r: PreviewResult;
  currency: string;
  timeZone: string;
  before: number | undefined;
}) {
  const delta = before === undefined ? 0 : r.totalMinor - before;
  return (
    <li className="rounded-md border border-line p-3" data-testid={`preview-${r.key}`}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="text-sm font-medium">{r.example.label}</p>
          <p className="text-xs text-muted">
            {DAY_LABEL(r.example.day)} {time(r.startAt, timeZone)}–{time(r.chargingEndsAt, timeZone)}
            {r.endedAt > r.chargingEndsAt ? `, leaves ${time(r.endedAt, timeZone)}` : ''}
          </p>
        </div>
        <div className="text-right">
          <p className="text-lg font-semibold tabular-nums" data-testid={`preview-total-${r.key}`}>
            {formatMoney(r.totalMinor, currency)}
          </p>
          {delta !== 0 ? (
            <p className="text-xs tabular-nums text-muted" data-testid={`preview-delta-${r.key}`}>
              {delta > 0 ? '+' : ''}
              {formatMoney(delta, currency)} vs published
            </p>
          ) : null}
        </div>
      </div>
      <details className="mt-2 text-xs">
        <summary className="cursor-pointer text-muted">
          {formatMoney(r.subtotalMinor, currency)} + GST {formatMoney(r.taxMinor, currency)}
          {r.sponsorMinor > 0
            ? ` · sponsor pays ${formatMoney(r.sponsorMinor, currency)}, driver ${formatMoney(r.driverMinor, currency)}`
            : ''}
        </summary>
        <table className="mt-2 w-full">
          <tbody>
            {r.lines.map((l, i) => (
              <tr key={i} className="border-t border-line">
                <td className="py-1 pr-2">
                  {l.dimension === 'PARKING'
                    ? 'Idle'
                    : l.dimension.charAt(0) + l.dimension.slice(1).toLowerCase().replace('_', ' ')}{' '}
                  · {l.label}
                  {l.free ? ' (free)' : ''}
                </td>
                <td className="py-1 pr-2 text-right tabular-nums text-muted">{quantity(l.quantity, l.unit)}</td>
                <td className="py-1 text-right tabular-nums">{formatMoney(l.amountMinor, currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </li>
  );
}

function quantity(q: number, unit: 'mWh' | 'ms' | 'session'): string {
  if (unit === 'mWh') return `${(q / 1_000_000).toFixed(2)} kWh`;
  if (unit === 'ms') return `${Math.round(q / 60_000)} min`;
  return '';
}
