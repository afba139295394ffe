'use client';

import { useTransition, type ReactNode } from 'react';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { Button, Input, Select } from '@magma/ui';
import { FILTER_KEYS } from './filter-keys.ts';
import { STATUS_LABEL, type DisplayStatus } from './status-badge.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

export type FilterOptions = {
  cities: string[];
  sites: { id: string; name: string; city: string }[];
  models: string[];
  powerLevels: { value: string; label: string }[];
};

function Labelled({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="block min-w-0 space-y-1">
      <span className="text-xs font-medium text-muted">{label}</span>
      {children}
    </label>
  );
}

/** The connector table's filters, kept in the URL so a filtered view can be shared and reloaded. */
export function ConnectorFilters({ options }: { options: FilterOptions }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const t = useDashboardT();

  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    next.delete('page');
    startTransition(() => router.push(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false }));
  };
  const city = params.get('city') ?? '';
  const sites = city ? options.sites.filter((s) => s.city === city) : options.sites;
  const active = FILTER_KEYS.some((k) => params.get(k));

  return (
    <form
      className="grid grid-cols-2 gap-3 md:grid-cols-3 lg:grid-cols-7"
      data-testid="connector-filters"
      aria-busy={pending}
      onSubmit={(e) => {
        e.preventDefault();
        set('search', String(new FormData(e.currentTarget).get('search') ?? '').trim());
      }}
    >
      <Labelled label={t('filters.city')}>
        <Select name="city" value={city} onChange={(e) => set('city', e.target.value)}>
          <option value="">{t('filters.allCities')}</option>
          {options.cities.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </Select>
      </Labelled>
      <Labelled label={t('filters.site')}>
        <Select name="siteId" value={params.get('siteId') ?? ''} onChange={(e) => set('siteId', e.target.value)}>
          <option value="">{t('filters.allSites')}</option>
          {sites.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
      </Labelled>
      <Labelled label={t('filters.model')}>
        <Select name="model" value={params.get('model') ?? ''} onChange={(e) => set('model', e.target.value)}>
          <option value="">{t('filters.allModels')}</option>
          {options.models.map((m) => (
            <option key={m}>{m}</option>
          ))}
        </Select>
      </Labelled>
      <Labelled label={t('filters.power')}>
        <Select name="power" value={params.get('power') ?? ''} onChange={(e) => set('power', e.target.value)}>
          <option value="">{t('filters.anyPower')}</option>
          {options.powerLevels.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </Select>
      </Labelled>
      <Labelled label={t('filters.status')}>
        <Select name="status" value={params.get('status') ?? ''} onChange={(e) => set('status', e.target.value)}>
          <option value="">{t('filters.anyStatus')}</option>
          {(Object.keys(STATUS_LABEL) as DisplayStatus[]).map((s) => (
            <option key={s} value={s}>
              {STATUS_LABEL[s]}
            </option>
          ))}
        </Select>
      </Labelled>
      <Labelled label={t('filters.chargerId')}>
        <Input name="search" defaultValue={params.get('search') ?? ''} placeholder={t('filters.chargerIdExample')} />
      </Labelled>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="secondary" busy={pending}>
          {t('filters.apply')}
        </Button>
        {active ? (
          <Button
            type="button"
            variant="ghost"
            onClick={() => startTransition(() => router.push(pathname, { scroll: false }))}
          >
            {t('filters.clear')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
