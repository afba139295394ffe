import type { SimulatedCharger } from './simulated-charger.ts';

// The simulated 2.0.1 station's display (O01–O06), its transaction status (E14) and the running
// cost it was told (I02). Its screen shows ASCII, UTF8 and URI (a QR) messages, not HTML; it
// reports its messages two per NotifyDisplayMessages so the CSMS has a multi-part report to assemble.

// Payloads arrive validated against the official schema (strict mode).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Params = Record<string, any>;
type Reply = (sim: SimulatedCharger, p: Params) => Record<string, unknown>;

export type SimMessage = Params & {
  id: number;
  priority: string;
  state?: string;
  message: { format: string; content: string };
};

type SimDisplay = { messages: Map<number, SimMessage>; costs: { transactionId: string; totalCost: number }[] };

const displays = new WeakMap<SimulatedCharger, SimDisplay>();

/** What the station holds on its screen and the costs it was sent (tests read them). */
export function simDisplay(sim: SimulatedCharger): SimDisplay {
  let d = displays.get(sim);
  if (!d) displays.set(sim, (d = { messages: new Map(), costs: [] }));
  return d;
}

const SUPPORTED_FORMATS = new Set(['ASCII', 'UTF8', 'URI']);
const PER_REPORT = 2;

export const transactionStatusReplies201: Record<string, Reply> = {
  GetTransactionStatus: (sim, p) => ({
    ...(p.transactionId ? { ongoingIndicator: sim.evseOfTransaction(String(p.transactionId)) !== undefined } : {}),
    // Nothing is queued: it is connected and sends its transaction messages as they happen.
    messagesInQueue: false,
  }),
};

export const displayMessageReplies201: Record<string, Reply> = {
  SetDisplayMessage: (sim, p) => {
    const m = p.message as SimMessage;
    if (!SUPPORTED_FORMATS.has(m.message.format)) return { status: 'NotSupportedMessageFormat' };
    if (m.transactionId && sim.evseOfTransaction(String(m.transactionId)) === undefined)
      return { status: 'UnknownTransaction' };
    simDisplay(sim).messages.set(m.id, m);
    return { status: 'Accepted' };
  },
  GetDisplayMessages: (sim, p) => {
    const ids = p.id as number[] | undefined;
    const found = [...simDisplay(sim).messages.values()].filter(
      (m) =>
        (!ids?.length || ids.includes(m.id)) &&
        (!p.priority || m.priority === p.priority) &&
        (!p.state || m.state === p.state),
    );
    if (!found.length) return { status: 'Unknown' };
    sim.later(async () => {
      for (let i = 0; i < found.length; i += PER_REPORT) {
        const last = i + PER_REPORT >= found.length;
        await sim.call('NotifyDisplayMessages', {
          requestId: p.requestId,
          messageInfo: found.slice(i, i + PER_REPORT),
          ...(last ? {} : { tbc: true }),
        });
      }
    });
    return { status: 'Accepted' };
  },
  ClearDisplayMessage: (sim, p) => ({ status: simDisplay(sim).messages.delete(p.id) ? 'Accepted' : 'Unknown' }),
  CostUpdated: (sim, p) => {
    simDisplay(sim).costs.push({ transactionId: String(p.transactionId), totalCost: Number(p.totalCost) });
    return {};
  },
};
