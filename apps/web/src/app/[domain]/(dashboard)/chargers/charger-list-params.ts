import type { FilterField } from '@/components/dashboard/list-filter-form.tsx';

// The Chargers list's URL: which query-string keys are filters, the form's fields for them, and
// how they become the list's input (and the CSV export's query string). Unknown or malformed
// values are dropped here, so a hand-edited URL shows the unfiltered list instead of an error page.

export const CHARGER_STATE_LABELS = {
  offline: 'Offline',
  faulted: 'Faulted',
  charging: 'Charging',
  occupied: 'Occupied',
  available: 'Available',
  unavailable: 'Unavailable',
  unknown: 'Unknown',
} as const;

export const CHARGER_SORT_LABELS = {
  identity: 'Identity A→Z',
  '-identity': 'Identity Z→A',
  site: 'Site A→Z',
  '-site': 'Site Z→A',
  state: 'Status (problems first)',
  '-lastSeen': 'Last seen (latest first)',
  lastSeen: 'Last seen (longest ago first)',
} as const;

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

type State = keyof typeof CHARGER_STATE_LABELS;
type Sort = keyof typeof CHARGER_SORT_LABELS;

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
  const state = sp.state && sp.state in CHARGER_STATE_LABELS ? [sp.state as State] : undefined;
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
    sort: sp.sort && sp.sort in CHARGER_SORT_LABELS ? (sp.sort as Sort) : 'identity',
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

/** The filter form's fields, one per key of CHARGER_FILTER_KEYS, the choices from the fleet's own values. */
export function chargerFilterFields(o: FilterOptions): FilterField[] {
  const each = (values: string[]) => values.map((v) => [v, v] as const);
  return [
    { kind: 'text', name: 'q', label: 'Identity', placeholder: 'BLR-014', maxLength: 60 },
    { kind: 'select', name: 'state', label: 'Status', options: [['', 'Any'], ...Object.entries(CHARGER_STATE_LABELS)] },
    {
      kind: 'select',
      name: 'online',
      label: 'Connection',
      options: [
        ['', 'Any'],
        ['true', 'Online'],
        ['false', 'Offline'],
      ],
    },
    { kind: 'select', name: 'city', label: 'City', options: [['', 'All cities'], ...each(o.cities)] },
    {
      kind: 'select',
      name: 'siteId',
      label: 'Site',
      options: [['', 'All sites'], ...o.sites.map((s) => [s.id, `${s.name} (${s.city})`] as const)],
    },
    { kind: 'select', name: 'model', label: 'Model', options: [['', 'All models'], ...each(o.models)] },
    { kind: 'select', name: 'firmware', label: 'Firmware', options: [['', 'Any firmware'], ...each(o.firmwares)] },
    {
      kind: 'select',
      name: 'protocol',
      label: 'Protocol',
      options: [
        ['', 'Any'],
        ['OCPP16', 'OCPP 1.6-J'],
        ['OCPP201', 'OCPP 2.0.1'],
      ],
    },
    { kind: 'select', name: 'sort', label: 'Sort by', options: Object.entries(CHARGER_SORT_LABELS) },
  ];
}
