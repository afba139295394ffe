'use client';

import { useTransition } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button, Input, Select } from '@magma/ui';
import { CHARGER_FILTER_KEYS, CHARGER_SORT_LABELS, CHARGER_STATE_LABELS } from './charger-list-params.ts';

type Options = {
  cities: string[];
  sites: { id: string; name: string; city: string }[];
  models: string[];
  firmwares: string[];
};

/** The Chargers filters and order as a plain form whose values become the URL's query string. */
export function ChargerFilters({ options }: { options: Options }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const value = (k: string) => params.get(k) ?? '';
  const field = 'space-y-1 min-w-0';
  const label = 'text-xs font-medium text-muted';
  return (
    <form
      aria-label="Filter chargers"
      className="grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5"
      data-testid="charger-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const f = new FormData(e.currentTarget);
        const next = new URLSearchParams();
        // A new filter or order starts again at the first page (no cursor).
        for (const k of CHARGER_FILTER_KEYS) {
          const v = String(f.get(k) ?? '').trim();
          if (v && !(k === 'sort' && v === 'identity')) next.set(k, v);
        }
        startTransition(() => router.push(`${pathname}${next.size ? `?${next}` : ''}`));
      }}
    >
      <label className={field}>
        <span className={label}>Identity</span>
        <Input name="q" defaultValue={value('q')} placeholder="BLR-014" maxLength={60} />
      </label>
      <label className={field}>
        <span className={label}>Status</span>
        <Select name="state" defaultValue={value('state')}>
          <option value="">Any</option>
          {Object.entries(CHARGER_STATE_LABELS).map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Connection</span>
        <Select name="online" defaultValue={value('online')}>
          <option value="">Any</option>
          <option value="true">Online</option>
          <option value="false">Offline</option>
        </Select>
      </label>
      <label className={field}>
        <span className={label}>City</span>
        <Select name="city" defaultValue={value('city')}>
          <option value="">All cities</option>
          {options.cities.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Site</span>
        <Select name="siteId" defaultValue={value('siteId')}>
          <option value="">All sites</option>
          {options.sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.city})
            </option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Model</span>
        <Select name="model" defaultValue={value('model')}>
          <option value="">All models</option>
          {options.models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Firmware</span>
        <Select name="firmware" defaultValue={value('firmware')}>
          <option value="">Any firmware</option>
          {options.firmwares.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Protocol</span>
        <Select name="protocol" defaultValue={value('protocol')}>
          <option value="">Any</option>
          <option value="OCPP16">OCPP 1.6-J</option>
          <option value="OCPP201">OCPP 2.0.1</option>
        </Select>
      </label>
      <label className={field}>
        <span className={label}>Sort by</span>
        <Select name="sort" defaultValue={value('sort') || 'identity'}>
          {Object.entries(CHARGER_SORT_LABELS).map(([v, l]) => (
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
