import { formatMoney } from '@/components/tariffs/money.ts';

export const inr = (minor: number) => formatMoney(minor, 'INR');

/**
 * "16 Nov – 22 Nov 2026" in the tenant's zone: a week runs from its start up to its cut-off, so its
 * last day is the one before the cut-off instant (a Monday 00:00 cut-off ends the week on Sunday).
 */
export function weekLabel(start: Date, end: Date, timeZone: string): string {
  const d = (x: Date, year: boolean) =>
    x.toLocaleDateString('en-IN', { day: 'numeric', month: 'short', ...(year ? { year: 'numeric' } : {}), timeZone });
  return `${d(start, false)} – ${d(new Date(end.getTime() - 1), true)}`;
}

export function kwh(wh: number): string {
  return `${(Math.round(wh / 100) / 10).toLocaleString('en-IN')} kWh`;
}

export const STATUS_TONE = {
  OPEN: 'neutral',
  CLOSING: 'warn',
  CLOSED: 'good',
  PROCESSED: 'good',
  CREATED: 'neutral',
  QUEUED: 'neutral',
  PENDING: 'warn',
  PROCESSING: 'warn',
  FAILED: 'bad',
  REVERSED: 'bad',
  CANCELLED: 'bad',
  REJECTED: 'bad',
} as const;

export function toneOf(status: string) {
  return STATUS_TONE[status as keyof typeof STATUS_TONE] ?? 'neutral';
}

/** 7000 basis points → "70%"; 1250 → "12.50%". */
export function percent(bps: number): string {
  return `${(bps / 100).toFixed(bps % 100 === 0 ? 0 : 2)}%`;
}
