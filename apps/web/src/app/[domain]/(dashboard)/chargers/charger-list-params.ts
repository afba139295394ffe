// The Chargers list's URL: which query-string keys are filters, and how they become the list's
// input (and the CSV export's query string). Unknown or malformed values are dropped here, so a
// hand-edited URL shows the unfiltered list instead of an error page.

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
