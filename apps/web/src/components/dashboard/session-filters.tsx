'use client';

import { useTransition } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button, Input, Select } from '@magma/ui';
import { SESSION_SORT_LABELS } from './session-sorts.ts';

const KEYS = ['from', 'to', 'siteId', 'charger', 'status', 'idToken', 'sort'] as const;

/** Sessions filters as a plain form whose values become the URL's query string. */
export function SessionFilters({ sites }: { sites: { id: string; name: string; city: string }[] }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  return (
    <form
      className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-8"
      data-testid="session-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        for (const k of KEYS) {
          const v = String(f.get(k) ?? '').trim();
          if (v && !(k === 'sort' && v === '-startedAt')) next.set(k, v);
        }
        startTransition(() => router.push(`${pathname}${next.size ? `?${next}` : ''}`));
      }}
    >
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">From</span>
        <Input type="date" name="from" defaultValue={params.get('from') ?? ''} />
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">To (inclusive)</span>
        <Input type="date" name="to" defaultValue={params.get('to') ?? ''} />
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">Site</span>
        <Select name="siteId" defaultValue={params.get('siteId') ?? ''}>
          <option value="">All sites</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.city})
            </option>
          ))}
        </Select>
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">Charger ID</span>
        <Input name="charger" defaultValue={params.get('charger') ?? ''} placeholder="DEMO-0001" />
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">Status</span>
        <Select name="status" defaultValue={params.get('status') ?? ''}>
          <option value="">Any</option>
          <option value="ACTIVE">Running</option>
          <option value="COMPLETED">Completed</option>
        </Select>
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">ID token</span>
        <Input name="idToken" defaultValue={params.get('idToken') ?? ''} placeholder="RFID / app token" />
      </label>
      <label className="space-y-1">
        <span className="text-xs font-medium text-muted">Sort by</span>
        <Select name="sort" defaultValue={params.get('sort') ?? '-startedAt'}>
          {Object.entries(SESSION_SORT_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary" busy={pending}>
          Apply
        </Button>
        {params.size ? (
          <Button type="button" variant="ghost" onClick={() => startTransition(() => router.push(pathname))}>
            Clear
          </Button>
        ) : null}
      </div>
    </form>
  );
}
