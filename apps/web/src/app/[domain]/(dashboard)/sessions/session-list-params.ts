import type { DashboardT } from '@magma/i18n';
import type { FilterField } from '@/components/dashboard/list-filter-form.tsx';
import { zonedDayStart } from '@/components/dashboard/format.ts';

// The Sessions list's URL: the form's fields (each a query-string key) and how the keys become the
// list's input and the CSV export's query string. Dates are days of the operator's time zone.

/** The history's orders as the URL names them (the list's `sort` input), in the Sort by list's order; the first is the default. */
export const SESSION_SORTS = ['-startedAt', 'startedAt', '-energyWh', 'energyWh'] as const;

type Sort = (typeof SESSION_SORTS)[number];
const isSort = (v: string | undefined): v is Sort => (SESSION_SORTS as readonly string[]).includes(v ?? '');

const DAY_MS = 86_400_000;

/** The filter form's fields in the page's words. */
export function sessionFilterFields(sites: { id: string; name: string; city: string }[], t: DashboardT): FilterField[] {
  return [
    { kind: 'date', name: 'from', label: t('sessions.filter.from') },
    { kind: 'date', name: 'to', label: t('sessions.filter.to') },
    {
      kind: 'select',
      name: 'siteId',
      label: t('filters.site'),
      options: [['', t('filters.allSites')], ...sites.map((s) => [s.id, `${s.name} (${s.city})`] as const)],
    },
    { kind: 'text', name: 'charger', label: t('filters.chargerId'), placeholder: 'DEMO-0001', maxLength: 64 },
    {
      kind: 'select',
      name: 'status',
      label: t('filters.status'),
      options: [
        ['', t('list.any')],
        ['ACTIVE', t('sessions.status.ACTIVE')],
        ['COMPLETED', t('sessions.status.COMPLETED')],
      ],
    },
    {
      kind: 'text',
      name: 'idToken',
      label: t('sessions.col.idToken'),
      placeholder: t('sessions.filter.idTokenExample'),
      maxLength: 64,
    },
    {
      kind: 'select',
      name: 'sort',
      label: t('list.sortBy'),
      options: SESSION_SORTS.map((s) => [s, t(`sessions.sort.${s}`)] as const),
    },
  ];
}

/** The list input from the page's query string; "to" includes its whole day. */
export function sessionListFilter(sp: Record<string, string | undefined>, tz: string) {
  const toStart = sp.to ? zonedDayStart(sp.to, tz) : undefined;
  return {
    from: sp.from ? zonedDayStart(sp.from, tz) : undefined,
    to: toStart ? new Date(new Date(toStart).getTime() + DAY_MS).toISOString() : undefined,
    siteId: sp.siteId || undefined,
    charger: sp.charger || undefined,
    status: sp.status === 'ACTIVE' || sp.status === 'COMPLETED' ? (sp.status as 'ACTIVE' | 'COMPLETED') : undefined,
    idToken: sp.idToken || undefined,
    sort: isSort(sp.sort) ? sp.sort : undefined,
  };
}
