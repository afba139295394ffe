// Display helpers shared by the dashboard's server and client components.

export function kw(watts: number | null | undefined): string {
  if (watts === null || watts === undefined) return '—';
  return `${(watts / 1000).toFixed(watts >= 100_000 ? 0 : 1)} kW`;
}

export function kwh(wattHours: number | null | undefined, digits = 1): string {
  if (wattHours === null || wattHours === undefined) return '—';
  return `${(wattHours / 1000).toLocaleString('en-IN', { minimumFractionDigits: digits, maximumFractionDigits: digits })} kWh`;
}

export function money(minor: number | null | undefined, currency: string): string {
  if (minor === null || minor === undefined) return '—';
  const f = new Intl.NumberFormat('en-IN', { style: 'currency', currency });
  const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
  return f.format(minor / 10 ** digits);
}

export function dateTime(d: Date | string | null | undefined, timeZone?: string): string {
  if (!d) return '—';
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(new Date(d));
}

export function ago(d: Date | string | null | undefined, now = Date.now()): string {
  if (!d) return '—';
  const s = Math.max(0, Math.round((now - new Date(d).getTime()) / 1000));
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

export function duration(from: Date | string, to: Date | string | null | undefined, now = Date.now()): string {
  const ms = (to ? new Date(to).getTime() : now) - new Date(from).getTime();
  const m = Math.max(0, Math.round(ms / 60_000));
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "+12.5%" / "−3%" / null when there is nothing to compare with. */
export function change(current: number, previous: number): { text: string; tone: 'up' | 'down' | 'flat' } | null {
  if (previous === 0) return null;
  const pct = Math.round(((current - previous) / previous) * 1000) / 10;
  if (pct === 0) return { text: '±0%', tone: 'flat' };
  return { text: `${pct > 0 ? '+' : '−'}${Math.abs(pct)}%`, tone: pct > 0 ? 'up' : 'down' };
}

/** A URL query string without empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone, as an ISO string. */
export function zonedDayStart(day: string, timeZone: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const utc = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(utc)) return undefined;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(utc);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  const offset = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute')) - utc;
  return new Date(utc - offset).toISOString();
}
