import { recordTransactionEvent } from '@magma/core/charging';
import { idTokenInfo201, ocppTime, samplesFrom201, type MeterValue201 } from '../convert.ts';
import type { ConnectionContext } from '../../connection/context.ts';
import { defineHandler } from '../types.ts';

type Params = {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  offline?: boolean;
  transactionInfo: { transactionId: string; chargingState?: string; stoppedReason?: string; remoteStartId?: number };
  idToken?: { idToken: string; type: string };
  evse?: { id: number; connectorId?: number };
  meterValue?: MeterValue201[];
  /** The reservation this transaction ends: the station sends it with the event in which it used it. */
  reservationId?: number;
};

// The charging state each running transaction of a connection last reported. Many stations repeat
// it in every periodic event; only a change needs the connector moved, so the periodic event keeps
// its one-statement path. A new connection starts afresh (the first report is applied again).
const chargingStates = new WeakMap<ConnectionContext, Map<string, string>>();

function changedChargingState(conn: ConnectionContext, p: Params): string | undefined {
  const state = p.transactionInfo.chargingState;
  const known = chargingStates.get(conn)?.get(p.transactionInfo.transactionId);
  return state !== undefined && state !== known ? state : undefined;
}

function rememberChargingState(conn: ConnectionContext, p: Params): void {
  const { transactionId, chargingState } = p.transactionInfo;
  let states = chargingStates.get(conn);
  if (!states) chargingStates.set(conn, (states = new Map()));
  if (p.eventType === 'Ended') states.delete(transactionId);
  else if (chargingState !== undefined) states.set(transactionId, chargingState);
}

/** A total in minor units as the decimal amount of its currency (paise to rupees). */
function majorAmount(minor: number, currency: string): number {
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  return Number((minor / 10 ** digits).toFixed(digits));
}

export const transactionEvent = defineHandler<Params>(async ({ db, events, conn, log }, p) => {
  // A station charging without authorisation (free vend) says so with an empty NoAuthorization
  // token: there is nothing to look up, and the answer accepts it.
  const noAuthorization = p.idToken?.type === 'NoAuthorization';
  const r = await recordTransactionEvent({
    db,
    events,
    charger: conn.charger,
    input: {
      eventType: p.eventType,
      timestamp: ocppTime(p.timestamp),
      triggerReason: p.triggerReason,
      seqNo: p.seqNo,
      offline: p.offline ?? false,
      transactionId: p.transactionInfo.transactionId,
      chargingState: changedChargingState(conn, p),
      stoppedReason: p.transactionInfo.stoppedReason,
      remoteStartId: p.transactionInfo.remoteStartId,
      reservationId: p.reservationId,
      idToken: noAuthorization ? undefined : p.idToken?.idToken,
      evseId: p.evse?.id,
      connectorId: p.evse?.connectorId,
      samples: samplesFrom201(p.meterValue),
    },
  });
  rememberChargingState(conn, p);
  if (r.unknownReservation)
    log.warn('transaction names a reservation this charger does not hold', {
      identity: conn.identity,
      reservationId: p.reservationId,
    });
  if (r.orphan)
    log.warn('end of an unknown transaction recorded as orphan', {
      identity: conn.identity,
      transactionId: p.transactionInfo.transactionId,
    });
  // totalCost goes with the end of a priced session only: omitted, it means "not free".
  const cost = r.total ? { totalCost: majorAmount(r.total.minor, r.total.currency) } : {};
  // idTokenInfo is required whenever the request carried an idToken (2.0.1 TransactionEventResponse).
  if (!p.idToken) return cost;
  if (noAuthorization || !r.idToken)
    return { ...cost, idTokenInfo: { status: noAuthorization ? 'Accepted' : 'Unknown' } };
  return { ...cost, idTokenInfo: idTokenInfo201(r.idToken) };
});
