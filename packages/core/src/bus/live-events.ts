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
      type: 'transaction.started' | 'transaction.updated' | 'transaction.ended';
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

export function busLiveEventSink(bus: Bus, onError: (e: unknown) => void = () => {}): LiveEventSink {
  return (event) => {
    bus.publish(tenantEventsChannel(event.tenantId), event).catch(onError);
  };
}

export function isLiveEvent(message: unknown): message is LiveEvent {
  return typeof message === 'object' && message !== null && typeof (message as { type?: unknown }).type === 'string';
}
