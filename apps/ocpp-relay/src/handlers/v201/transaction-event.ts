import { recordTransactionEvent } from '@magma/core/charging';
import { idTokenInfo201, ocppTime, samplesFrom201, type MeterValue201 } from '../convert.ts';
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
};

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
      chargingState: p.transactionInfo.chargingState,
      stoppedReason: p.transactionInfo.stoppedReason,
      remoteStartId: p.transactionInfo.remoteStartId,
      idToken: noAuthorization ? undefined : p.idToken?.idToken,
      evseId: p.evse?.id,
      connectorId: p.evse?.connectorId,
      samples: samplesFrom201(p.meterValue),
    },
  });
  if (r.orphan)
    log.warn('end of an unknown transaction recorded as orphan', {
      identity: conn.identity,
      transactionId: p.transactionInfo.transactionId,
    });
  // idTokenInfo is required whenever the request carried an idToken (2.0.1 TransactionEventResponse).
  if (!p.idToken) return {};
  if (noAuthorization || !r.idToken) return { idTokenInfo: { status: noAuthorization ? 'Accepted' : 'Unknown' } };
  return { idTokenInfo: idTokenInfo201(r.idToken) };
});
