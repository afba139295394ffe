'use client';

import { useState, type FormEvent } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Field, Input, Select } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage, useRefresh } from '@/components/use-action.ts';
import { fromZonedInput } from '@/components/dashboard/zoned-input.ts';
import { percentToBps } from '../amounts.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** When weeks close (weekday and time in the tenant's zone) and whether GST TCS applies. */
export function WeekSettingsForm({
  cutoffWeekday,
  cutoffMinute,
  tcsEnabled,
  locked,
  timeZone,
}: {
  cutoffWeekday: number;
  cutoffMinute: number;
  tcsEnabled: boolean;
  /** A week has closed: the cut-off can no longer move. */
  locked: boolean;
  timeZone: string;
}) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const save = useMutation(trpc.settlements.updateSettings.mutationOptions({ onSuccess: refresh }));
  const [problem, setProblem] = useState<string | null>(null);
  const hhmm = `${String(Math.floor(cutoffMinute / 60)).padStart(2, '0')}:${String(cutoffMinute % 60).padStart(2, '0')}`;
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setProblem(null);
    const data = new FormData(e.currentTarget);
    const tcs = data.get('tcsEnabled') === 'on';
    if (locked) return save.mutate({ tcsEnabled: tcs });
    const m = /^(\d{2}):(\d{2})$/.exec(String(data.get('cutoff') ?? ''));
    if (!m) return setProblem('Cut-off time: a time of day, e.g. 00:00.');
    save.mutate({
      cutoffWeekday: Number(data.get('cutoffWeekday')),
      cutoffMinute: Number(m[1]) * 60 + Number(m[2]),
      tcsEnabled: tcs,
    });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="Week close">
      {problem ? <Alert>{problem}</Alert> : null}
      {save.error ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {save.isSuccess ? <Alert tone="success">Saved.</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Weeks close on" hint={locked ? 'Fixed once a week has closed.' : undefined}>
          <Select name="cutoffWeekday" defaultValue={String(cutoffWeekday)} disabled={locked}>
            {WEEKDAYS.map((d, i) => (
              <option key={d} value={i}>
                {d}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={`Cut-off time (${timeZone})`} hint="A week runs up to this instant.">
          <Input name="cutoff" type="time" defaultValue={hhmm} disabled={locked} required />
        </Field>
      </div>
      <label className="flex items-start gap-2 text-sm">
        <input type="checkbox" name="tcsEnabled" defaultChecked={tcsEnabled} className="mt-1" />
        <span>
          <span className="font-medium">Collect GST TCS (CGST Act section 52)</span>
          <span className="block text-xs text-muted">
            Only where you are the e-commerce operator for the vendor&apos;s supply; off by default.
          </span>
        </span>
      </label>
      <Button type="submit" busy={save.isPending}>
        Save
      </Button>
    </form>
  );
}

/** A new TDS / TCS rate from a date (rates change by law; past weeks keep theirs). */
export function TaxRateForm({ timeZone }: { timeZone: string }) {
  const trpc = useTRPC();
  const refresh = useRefresh();
  const set = useMutation(trpc.settlements.setTaxRate.mutationOptions({ onSuccess: refresh }));
  const [problem, setProblem] = useState<string | null>(null);
  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setProblem(null);
    const form = e.currentTarget;
    const data = new FormData(form);
    const rateBps = percentToBps(String(data.get('rate') ?? ''));
    const effectiveFrom = fromZonedInput(`${String(data.get('from') ?? '')}T00:00`, timeZone);
    if (rateBps === null || String(data.get('rate') ?? '').trim() === '') {
      return setProblem('Rate: a percentage, two decimals at most (0.1 for 0.1%).');
    }
    if (!effectiveFrom) return setProblem('Effective from: pick a date.');
    set.mutate(
      {
        kind: String(data.get('kind')) as 'TDS_194O' | 'TDS_194O_NO_PAN' | 'TCS_52',
        rateBps,
        effectiveFrom,
      },
      { onSuccess: () => form.reset() },
    );
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" aria-label="New tax rate" noValidate>
      {problem ? <Alert>{problem}</Alert> : null}
      {set.error ? <Alert>{errorMessage(set.error)}</Alert> : null}
      {set.isSuccess ? <Alert tone="success">Rate saved.</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Tax">
          <Select name="kind" defaultValue="TDS_194O">
            <option value="TDS_194O">TDS 194-O, valid PAN</option>
            <option value="TDS_194O_NO_PAN">TDS 194-O, no valid PAN</option>
            <option value="TCS_52">GST TCS, section 52</option>
          </Select>
        </Field>
        <Field label="Rate (%)">
          <Input name="rate" inputMode="decimal" placeholder="0.1" required />
        </Field>
        <Field label={`Effective from (${timeZone})`}>
          <Input name="from" type="date" required />
        </Field>
      </div>
      <Button type="submit" busy={set.isPending}>
        Add rate
      </Button>
    </form>
  );
}
