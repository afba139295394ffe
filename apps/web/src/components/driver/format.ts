// Display helpers for the driver pages (client and server). Amounts are integer minor units.

export function money(minor: number | null | undefined, currency = 'INR'): string {
  if (minor === null || minor === undefined) return '—';
  return new Intl.NumberFormat('en-IN', { style: 'currency', currency, minimumFractionDigits: 2 }).format(minor / 100);
}

export function kwh(wh: number | null | undefined, digits = 2): string {
  if (wh === null || wh === undefined) return '—';
  return `${(wh / 1000).toFixed(digits)} kWh`;
}

export function kw(w: number | null | undefined): string {
  if (w === null || w === undefined) return '—';
  return `${(w / 1000).toFixed(1)} kW`;
}

export function elapsed(fromIso: string, toMs: number): string {
  const s = Math.max(0, Math.floor((toMs - Date.parse(fromIso)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}
