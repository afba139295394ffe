import type { SimulatedCharger } from './simulated-charger.ts';

// The simulated 1.6 charger's side of the OCA "California Pricing" extension: with its
// configuration key CustomDisplayCostAndPrice true it takes DataTransfer messages of vendor
// org.openchargealliance.costmsg (SetUserPrice, RunningCost, FinalCost) and keeps what it would
// show; without it, or for another message, it answers as a charger without the extension.

export const COSTMSG_VENDOR = 'org.openchargealliance.costmsg';

export type SimCostMessage = { messageId: string; data: Record<string, unknown> };

const shown = new WeakMap<SimulatedCharger, SimCostMessage[]>();

/** The costmsg messages the charger took, in order (tests read them). */
export function simCostMessages(sim: SimulatedCharger): SimCostMessage[] {
  let list = shown.get(sim);
  if (!list) shown.set(sim, (list = []));
  return list;
}

/** The answer to a costmsg DataTransfer, or null when the message is another vendor's. */
export function costMessageReply(
  sim: SimulatedCharger,
  p: { vendorId: string; messageId?: string; data?: string },
): Record<string, unknown> | null {
  if (p.vendorId !== COSTMSG_VENDOR) return null;
  if (sim.config.get('CustomDisplayCostAndPrice') !== 'true') return { status: 'UnknownVendorId' };
  if (!p.messageId || !['SetUserPrice', 'RunningCost', 'FinalCost'].includes(p.messageId))
    return { status: 'UnknownMessageId' };
  let data: unknown;
  try {
    data = JSON.parse(p.data ?? '');
  } catch {
    return { status: 'Rejected' };
  }
  if (!data || typeof data !== 'object') return { status: 'Rejected' };
  simCostMessages(sim).push({ messageId: p.messageId, data: data as Record<string, unknown> });
  return { status: 'Accepted' };
}
