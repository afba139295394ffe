// The Cards list's URL: which query-string keys are filters and how they become the list's input
// (and the CSV export's query string). Unknown or malformed values are dropped here, so a
// hand-edited URL shows the unfiltered list instead of an error page.

export const CARD_STATUS_LABELS = {
  ACCEPTED: 'Active',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  INVALID: 'Invalid',
} as const;

export const CARD_KIND_LABELS = {
  RFID: 'RFID card',
  ISO15693: 'RFID tag',
  CONTRACT: 'eMAID',
  CENTRAL: 'Central id',
  LOCAL: 'Local id',
} as const;

export const CARD_SORT_LABELS = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  token: 'Card id A→Z',
  '-token': 'Card id Z→A',
} as const;

export const CARD_FILTER_KEYS = ['q', 'status', 'type', 'vendorId', 'sort'] as const;

export type CardListFilter = {
  q?: string;
  status?: keyof typeof CARD_STATUS_LABELS;
  type?: keyof typeof CARD_KIND_LABELS;
  vendorId?: string;
  sort: keyof typeof CARD_SORT_LABELS;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const one = <T extends object>(labels: T, v: string | undefined) =>
  v && Object.hasOwn(labels, v) ? (v as keyof T) : undefined;

export function cardListFilter(sp: Record<string, string | undefined>): CardListFilter {
  return {
    q: sp.q?.trim().slice(0, 80) || undefined,
    status: one(CARD_STATUS_LABELS, sp.status),
    type: one(CARD_KIND_LABELS, sp.type),
    vendorId: sp.vendorId && UUID.test(sp.vendorId) ? sp.vendorId : undefined,
    sort: one(CARD_SORT_LABELS, sp.sort) ?? '-createdAt',
  };
}
