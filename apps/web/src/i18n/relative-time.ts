import type { DashboardT } from '@magma/i18n';

/** "5 min ago" / "5 मिनट पहले": how long since an instant, in the dashboard's words. */
export function agoIn(t: DashboardT, d: Date | string | null | undefined, now = Date.now()): string {
  if (!d) return '—';
  const s = Math.max(0, Math.round((now - new Date(d).getTime()) / 1000));
  if (s < 60) return t('ago.seconds', { n: s });
  if (s < 3600) return t('ago.minutes', { n: Math.floor(s / 60) });
  if (s < 86_400) return t('ago.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
  return t('ago.days', { n: Math.floor(s / 86_400) });
}

/** "42 min" / "1 h 5 min" (Hindi "1 घंटे 5 मिनट"): how long from one instant to another (or now). */
export function durationIn(
  t: DashboardT,
  from: Date | string,
  to: Date | string | null | undefined,
  now = Date.now(),
): string {
  const ms = (to ? new Date(to).getTime() : now) - new Date(from).getTime();
  const m = Math.max(0, Math.round(ms / 60_000));
  return m < 60 ? t('duration.minutes', { m }) : t('duration.hours', { h: Math.floor(m / 60), m: m % 60 });
}
