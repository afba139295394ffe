// Ledger money columns are bigint in PostgreSQL (one line or a week's figure can pass the 32-bit
// range, ₹2.1 crore); Prisma reads them as bigint. The pure ledger and JSON answers keep integer
// numbers, exact up to 2^53 paise (₹90 lakh crore): every value crossing that boundary is checked,
// so nothing is ever rounded silently.

/** A stored minor-unit amount as a number, refusing one beyond Number.MAX_SAFE_INTEGER. */
export function minorOf(value: bigint | number | null | undefined): number {
  if (value === null || value === undefined) return 0;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || (typeof value === 'bigint' && BigInt(n) !== value)) {
    throw new RangeError(`${String(value)} minor units is beyond the exact range of a number`);
  }
  return n;
}
