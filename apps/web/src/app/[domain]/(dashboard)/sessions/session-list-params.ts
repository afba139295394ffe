import type { FilterField } from '@/components/dashboard/list-filter-form.tsx';
import { zonedDayStart } from '@/components/dashboard/format.ts';

// The Sessions list's URL: the form's fields (each a query-string key) and how the keys become the
// list's input and the CSV export's query string. Dates are days of the operator's time zone.

/** The history's orders as the URL names them (the list's `sort` input), with their labels; the first is the default. */
export const SESSION_SORT_LABELS = {
  '-startedAt': 'Newest first',
  startedAt: 'Oldest first',
  '-energyWh': 'Most energy',
  energyWh: 'Least energy',
} as const;

const DAY_MS = 86_400_000;

export function sessionFilterFields(sites: { id: string; name: string; city: string }[]): FilterField[] {
  return [
    { kind: 'date', name: 'from', label: 'From' },
    { kind: 'date', name: 'to', label: 'To (inclusive)' },
    {
      kind: 'select',
      name: 'siteId',
      label: 'Site',
      options: [['', 'All sites'], ...sites.map((s) => [s.id, `${s.name} (${s.city})`] as const)],
    },
    { kind: 'text', name: 'charger', label: 'Charger ID', placeholder: 'DEMO-0001', maxLength: 64 },
    {
      kind: 'select',
      name: 'status',
      label: 'Status',
      options: [
        ['', 'Any'],
        ['ACTIVE', 'Running'],
        ['COMPLETED', 'Completed'],
      ],
    },
    { kind: 'text', name: 'idToken', label: 'ID token', placeholder: 'RFID / app token', maxLength: 64 },
    { kind: 'select', name: 'sort', label: 'Sort by', options: Object.entries(SESSION_SORT_LABELS) },
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
    sort: sp.sort && sp.sort in SESSION_SORT_LABELS ? (sp.sort as keyof typeof SESSION_SORT_LABELS) : undefined,
  };
}
