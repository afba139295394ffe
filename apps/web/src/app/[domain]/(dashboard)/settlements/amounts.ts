// What an operator types in the settlement forms, read exactly (no floating point).

/** "12.5" → 1250 basis points; "" → 0; null when not a percentage with at most two decimals. */
export function percentToBps(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  const bps = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return bps <= 10_000 ? bps : null;
}

/** "2.50" rupees → 250 paise; "" → 0; null when not an amount with at most two decimals. */
export function rupeesToPaise(text: string): number | null {
  const t = text.trim();
  if (t === '') return 0;
  if (!/^\d{1,7}(\.\d{1,2})?$/.test(t)) return null;
  const [whole, frac = ''] = t.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
