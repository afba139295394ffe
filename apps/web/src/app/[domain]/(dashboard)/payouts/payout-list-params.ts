import { zonedDayStart } from '@/components/dashboard/format.ts';

// The Payouts list's URL: which query-string keys are filters and how they become the list's input
// (and the CSV export's query string). Dates are days of the operator's time zone; "to" includes
// its whole day. Unknown or malformed values are dropped, so a hand-edited URL shows the whole list.

export const PAYOUT_STATUS_LABELS = {
  CREATED: 'Created',
  QUEUED: 'Queued',
  PENDING: 'Pending',
  PROCESSING: 'Processing',
  PROCESSED: 'Paid',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
  REJECTED: 'Rejected',
  REVERSED: 'Reversed',
} as const;

export const PAYOUT_SORT_LABELS = {
  '-createdAt': 'Newest first',
  createdAt: 'Oldest first',
  '-amount': 'Largest first',
  amount: 'Smallest first',
} as const;

export const PAYOUT_FILTER_KEYS = ['vendorId', 'status', 'from', 'to', 'sort'] as const;

export type PayoutListFilter = {
  vendorId?: string;
  status?: keyof typeof PAYOUT_STATUS_LABELS;
  from?: string;
  to?: string;
  sort: keyof typeof PAYOUT_SORT_LABELS;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY_MS = 86_400_000;
const one = <T extends object>(labels: T, v: string | undefined) =>
  v && Object.hasOwn(labels, v) ? (v as keyof T) : undefined;

export function payoutListFilter(sp: Record<string, string | undefined>, timeZone: string): PayoutListFilter {
  const toStart = sp.to ? zonedDayStart(sp.to, timeZone) : undefined;
  const from = sp.from ? zonedDayStart(sp.from, timeZone) : undefined;
  const to = toStart ? new Date(new Date(toStart).getTime() + DAY_MS).toISOString() : undefined;
  return {
    vendorId: sp.vendorId && UUID.test(sp.vendorId) ? sp.vendorId : undefined,
    status: one(PAYOUT_STATUS_LABELS, sp.status),
    // An empty range is no filter rather than an error page.
    ...(from && to && from >= to ? {} : { from, to }),
    sort: one(PAYOUT_SORT_LABELS, sp.sort) ?? '-createdAt',
  };
}
