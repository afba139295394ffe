// The charging-profile form's periods: "seconds:limit" pairs, comma or line separated.

/** "0:11000, 1800:7400" (seconds from the start : limit) → periods. */
export function parsePeriods(text: string): { startPeriod: number; limit: number }[] | null {
  const parts = text
    .split(/[\n,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const out = parts.map((p) => {
    const m = /^(\d+)\s*:\s*(\d+(?:\.\d)?)$/.exec(p);
    return m ? { startPeriod: Number(m[1]), limit: Number(m[2]) } : null;
  });
  return out.length && out.every((x) => x !== null) ? (out as { startPeriod: number; limit: number }[]) : null;
}
