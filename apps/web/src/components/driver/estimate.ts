import type { EnergyEstimate } from '@magma/core/driver';

// Reads the server's engine-priced points (Wh → price incl. tax, from now at this connector's power)
// for any amount the driver types. Between two points the page says "about": the payment itself is
// priced by the server.

/** Energy an amount buys: null when beyond what the connector delivers in the estimate's hours. */
export function whForAmount(e: EnergyEstimate, amountMinor: number): number | null {
  const pts = e.points;
  if (amountMinor >= pts[pts.length - 1]!.costMinor) return null;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (amountMinor < b.costMinor) {
      if (amountMinor <= a.costMinor || b.costMinor === a.costMinor) return a.wh;
      return a.wh + Math.floor(((amountMinor - a.costMinor) * (b.wh - a.wh)) / (b.costMinor - a.costMinor));
    }
  }
  return null;
}

/** The price incl. tax of `wh`: null beyond what the connector delivers in the estimate's hours. */
export function costForWh(e: EnergyEstimate, wh: number): number | null {
  const pts = e.points;
  if (wh > e.capWh) return null;
  for (let i = 1; i < pts.length; i++) {
    const a = pts[i - 1]!;
    const b = pts[i]!;
    if (wh <= b.wh) return a.costMinor + Math.round(((wh - a.wh) * (b.costMinor - a.costMinor)) / (b.wh - a.wh));
  }
  return null;
}
