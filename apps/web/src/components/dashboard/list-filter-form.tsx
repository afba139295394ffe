'use client';

import { useTransition } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button, Input, Select } from '@magma/ui';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

// One filter form for the dashboard's paged lists (Chargers, Sessions, Cards, Payouts): each field's value becomes a
// query-string key, so a filtered list is a URL to share or reload. A new filter or order starts
// again at the first page (the cursor and page number are dropped), and a field left at its
// default stays out of the URL.

export type FilterField =
  | { kind: 'text'; name: string; label: string; placeholder?: string; maxLength?: number }
  | { kind: 'date'; name: string; label: string }
  | {
      kind: 'select';
      name: string;
      label: string;
      /** [value, label]; the first is chosen when the URL has none. */
      options: readonly (readonly [string, string])[];
    };

export function ListFilterForm({
  label,
  testId,
  fields,
}: {
  /** The form's accessible name, e.g. "Filter cards". */
  label: string;
  testId: string;
  fields: readonly FilterField[];
}) {
  const t = useDashboardT();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const value = (k: string) => params.get(k) ?? '';
  const filtered = fields.some((f) => params.get(f.name));
  return (
    <form
      aria-label={label}
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-6"
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        for (const f of fields) {
          const v = String(data.get(f.name) ?? '').trim();
          const fallback = f.kind === 'select' ? (f.options[0]?.[0] ?? '') : '';
          if (v && v !== fallback) next.set(f.name, v);
        }
        startTransition(() => router.push(`${pathname}${next.size ? `?${next}` : ''}`));
      }}
    >
      {fields.map((f) => (
        // A date input does not shrink below its picker's width: a whole row on a phone.
        <label
          key={f.name}
          className={f.kind === 'date' ? 'col-span-2 min-w-0 space-y-1 sm:col-span-1' : 'min-w-0 space-y-1'}
        >
          <span className="text-xs font-medium text-muted">{f.label}</span>
          {f.kind === 'select' ? (
            <Select name={f.name} defaultValue={value(f.name) || f.options[0]?.[0]}>
              {f.options.map(([v, l]) => (
                <option key={v} value={v}>
                  {l}
                </option>
              ))}
            </Select>
          ) : f.kind === 'date' ? (
            <Input type="date" name={f.name} defaultValue={value(f.name)} />
          ) : (
            <Input
              name={f.name}
              defaultValue={value(f.name)}
              placeholder={f.placeholder}
              maxLength={f.maxLength ?? 80}
            />
          )}
        </label>
      ))}
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary" busy={pending}>
          {t('filters.apply')}
        </Button>
        {filtered ? (
          <Button type="button" variant="ghost" onClick={() => startTransition(() => router.push(pathname))}>
            {t('filters.clear')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
