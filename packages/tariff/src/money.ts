// Integer money arithmetic. Every value here is an integer; products are checked to stay within
// Number.MAX_SAFE_INTEGER and fall back to bigint when they would not, so no result depends on
// floating-point rounding.

/** round(n / d) with halves rounded up (towards +infinity). d > 0; n may be negative. */
export function divRoundHalfUp(n: number, d: number): number {
  const twice = 2 * n + d;
  if (Number.isSafeInteger(twice) && Number.isSafeInteger(2 * d)) return floorDiv(twice, 2 * d);
  return Number(bigFloorDiv(2n * BigInt(n) + BigInt(d), 2n * BigInt(d)));
}

/** round(a * b / d), halves up, exact for integers of any size that fit the result. */
export function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const p = a * b;
  if (Number.isSafeInteger(p)) return divRoundHalfUp(p, d);
  const bp = BigInt(a) * BigInt(b);
  return Number(bigFloorDiv(2n * bp + BigInt(d), 2n * BigInt(d)));
}

/** floor(n / d) for safe integers, d > 0, corrected for any floating error in the quotient. */
export function floorDiv(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  while (r < 0) {
    q -= 1;
    r += d;
  }
  while (r >= d) {
    q += 1;
    r -= d;
  }
  return q;
}

function bigFloorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d !== 0n && n < 0n ? q - 1n : q;
}

/**
 * Splits `total` over parts in proportion to `weights` so the parts sum to `total` exactly
 * (largest-remainder method; ties go to the earlier part). Weights may be negative as long as their
 * sum is positive; with a zero sum every part is zero and `total` must be zero.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over zero weights');
    return weights.map(() => 0);
  }
  if (sum < 0) throw new RangeError('weights must have a positive sum');
  const big = !Number.isSafeInteger(Math.abs(total) * Math.max(...weights.map(Math.abs)) * 2);
  const parts: number[] = [];
  const rems: number[] = [];
  let allocated = 0;
  for (const w of weights) {
    let q: number;
    let r: number;
    if (big) {
      const p = BigInt(total) * BigInt(w);
      const qb = bigFloorDiv(p, BigInt(sum));
      q = Number(qb);
      r = Number(p - qb * BigInt(sum));
    } else {
      q = floorDiv(total * w, sum);
      r = total * w - q * sum;
    }
    parts.push(q);
    rems.push(r);
    allocated += q;
  }
  let left = total - allocated;
  const order = rems.map((r, i) => i).sort((a, b) => (rems[b] ?? 0) - (rems[a] ?? 0) || a - b);
  for (const i of order) {
    if (left <= 0) break;
    parts[i] = (parts[i] ?? 0) + 1;
    left -= 1;
  }
  return parts;
}

/** Formats minor units for display, e.g. 123456 → "1234.56". */
export function formatMinor(amountMinor: number, minorUnits = 2): string {
  const neg = amountMinor < 0;
  const s = String(Math.abs(amountMinor)).padStart(minorUnits + 1, '0');
  const major = minorUnits === 0 ? s : `${s.slice(0, -minorUnits)}.${s.slice(-minorUnits)}`;
  return neg ? `-${major}` : major;
}
