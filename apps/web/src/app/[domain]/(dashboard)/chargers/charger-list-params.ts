import type { DashboardT } from '@magma/i18n';
// The states the Status filter offers, in the order the list ranks them (worst first); each is read as `status.<state>`.
import { CHARGER_STATES } from '@magma/core/fleet';
import type { FilterField } from '@/components/dashboard/list-filter-form.tsx';

// The Chargers list's URL: which query-string keys are filters, the form's fields for them, and
// how they become the list's input (and the CSV export's query string). Unknown or malformed
// values are dropped here, so a hand-edited URL shows the unfiltered list instead of an error page.

/** The orders as the URL names them, in the Sort by list's order; the first is the default. */
export const CHARGER_SORTS = ['identity', '-identity', 'site', '-site', 'state', '-lastSeen', 'lastSeen'] as const;

export const CHARGER_FILTER_KEYS = [
  'q',
  'state',
  'online',
  'city',
  'siteId',
  'model',
  'firmware',
  'protocol',
  'sort',
] as const;

type State = (typeof CHARGER_STATES)[number];
type Sort = (typeof CHARGER_SORTS)[number];

const isState = (v: string | undefined): v is State => (CHARGER_STATES as readonly string[]).includes(v ?? '');
const isSort = (v: string | undefined): v is Sort => (CHARGER_SORTS as readonly string[]).includes(v ?? '');

export type ChargerListFilter = {
  search?: string;
  state?: State[];
  online?: boolean;
  city?: string[];
  siteId?: string[];
  model?: string[];
  firmware?: string[];
  protocol?: ('OCPP16' | 'OCPP201')[];
  sort: Sort;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = (v: string | undefined, max: number) => (v && v.trim() && v.length <= max ? [v.trim()] : undefined);

/** The list input from the page's query string. */
export function chargerListFilter(sp: Record<string, string | undefined>): ChargerListFilter {
  const state = isState(sp.state) ? [sp.state] : undefined;
  const protocol: ChargerListFilter['protocol'] =
    sp.protocol === 'OCPP16' || sp.protocol === 'OCPP201' ? [sp.protocol] : undefined;
  return {
    search: sp.q?.trim().slice(0, 60) || undefined,
    state,
    online: sp.online === 'true' ? true : sp.online === 'false' ? false : undefined,
    city: text(sp.city, 80),
    siteId: sp.siteId && UUID.test(sp.siteId) ? [sp.siteId] : undefined,
    model: text(sp.model, 120),
    firmware: text(sp.firmware, 120),
    protocol,
    sort: isSort(sp.sort) ? sp.sort : 'identity',
  };
}

/** The same filter as the CSV export's query string (the export reads the list's own input names). */
export function chargerExportQuery(f: ChargerListFilter): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined) continue;
    q.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return q.size ? `?${q}` : '';
}

type FilterOptions = {
  cities: string[];
  sites: { id: string; name: string; city: string }[];
  models: string[];
  firmwares: string[];
};

/** The filter form's fields in the page's words, one per key of CHARGER_FILTER_KEYS, the choices from the fleet's own values. */
export function chargerFilterFields(o: FilterOptions, t: DashboardT): FilterField[] {
  const each = (values: string[]) => values.map((v) => [v, v] as const);
  const any = ['', t('list.any')] as const;
  return [
    { kind: 'text', name: 'q', label: t('chargers.col.identity'), placeholder: 'BLR-014', maxLength: 60 },
    {
      kind: 'select',
      name: 'state',
      label: t('filters.status'),
      options: [any, ...CHARGER_STATES.map((s) => [s, t(`status.${s}`)] as const)],
    },
    {
      kind: 'select',
      name: 'online',
      label: t('chargers.filter.connection'),
      options: [any, ['true', t('chargers.filter.online')], ['false', t('chargers.filter.offline')]],
    },
    {
      kind: 'select',
      name: 'city',
      label: t('filters.city'),
      options: [['', t('filters.allCities')], ...each(o.cities)],
    },
    {
      kind: 'select',
      name: 'siteId',
      label: t('filters.site'),
      options: [['', t('filters.allSites')], ...o.sites.map((s) => [s.id, `${s.name} (${s.city})`] as const)],
    },
    {
      kind: 'select',
      name: 'model',
      label: t('filters.model'),
      options: [['', t('filters.allModels')], ...each(o.models)],
    },
    {
      kind: 'select',
      name: 'firmware',
      label: t('chargers.filter.firmware'),
      options: [['', t('chargers.filter.anyFirmware')], ...each(o.firmwares)],
    },
    {
      kind: 'select',
      name: 'protocol',
      label: t('chargers.col.protocol'),
      options: [any, ['OCPP16', 'OCPP 1.6-J'], ['OCPP201', 'OCPP 2.0.1']],
    },
    {
      kind: 'select',
      name: 'sort',
      label: t('list.sortBy'),
      options: CHARGER_SORTS.map((s) => [s, t(`chargers.sort.${s}`)] as const),
    },
  ];
}
