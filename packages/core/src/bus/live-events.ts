import type { ConnectorStatus, FaultKind } from '@magma/db';
import { tenantEventsChannel, type Bus } from './types.ts';

// What the dashboard hears about, per tenant, published after the change is committed.

type Base = { tenantId: string; chargerId: string; at: string };

export type LiveEvent =
  | (Base & { type: 'charger.online' | 'charger.offline'; identity: string })
  | (Base & {
      type: 'connector.status';
      evseId: number;
      connectorId: number;
      status: ConnectorStatus;
      errorCode: string | null;
    })
  | (Base & {
      type: 'meter.update';
      evseId: number;
      transactionId: string | null;
      powerW: number | null;
      energyWh: number | null;
      soc: number | null;
    })
  | (Base & {
      /**
       * authorized: a transaction the station started on its own (2.0.1, cable plugged in first)
       * got its idToken or our remoteStartId; the driver flow links its session on it.
       */
      type: 'transaction.started' | 'transaction.authorized' | 'transaction.updated' | 'transaction.ended';
      transactionId: string;
      evseId: number;
      energyWh: number;
    })
  | (Base & {
      type: 'fault.opened' | 'fault.closed';
      faultId: string;
      kind: FaultKind;
      code: string;
      evseId: number | null;
    });

export type LiveEventType = LiveEvent['type'];

/** Where use cases report live events; publishing never fails the use case. */
export type LiveEventSink = (event: LiveEvent) => void;

export const noLiveEvents: LiveEventSink = () => {};

export type LiveEventPublisher = {
  sink: LiveEventSink;
  /** Publishes whatever is still waiting for its window (call before closing the bus). */
  flush(): Promise<void>;
};

/**
 * Publishes live events on the bus. With a window, events are held for up to `windowMs` and then
 * published together, in order: a relay reporting hundreds of meter updates a second then costs
 * the bus a few statements a second instead of one per event, and the dashboard still hears of
 * every change well within a second.
 */
export function busLiveEventSink(
  bus: Bus,
  { onError = () => {}, windowMs = 0 }: { onError?: (e: unknown) => void; windowMs?: number } = {},
): LiveEventPublisher {
  const publishNow = (event: LiveEvent) => bus.publish(tenantEventsChannel(event.tenantId), event).catch(onError);
  if (windowMs <= 0) return { sink: (event) => void publishNow(event), flush: async () => {} };
  let held: LiveEvent[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    clearTimeout(timer);
    timer = undefined;
    const batch = held;
    held = [];
    await Promise.all(batch.map(publishNow));
  };
  return {
    sink: (event) => {
      held.push(event);
      timer ??= setTimeout(() => void flush(), windowMs);
    },
    flush,
  };
}

export function isLiveEvent(message: unknown): message is LiveEvent {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
