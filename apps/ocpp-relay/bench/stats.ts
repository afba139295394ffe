// Percentiles over raw samples (ms). Sorting is fine at benchmark sizes.

export type Summary = { n: number; p50: number; p95: number; p99: number; max: number };

export function summarise(samples: number[]): Summary {
  if (samples.length === 0) return { n: 0, p50: 0, p95: 0, p99: 0, max: 0 };
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1]! };
}

export const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
