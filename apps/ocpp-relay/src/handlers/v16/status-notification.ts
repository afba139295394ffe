import { recordStatus } from '@magma/core/charging';
import { connectorStatus, ocppTime } from '../convert.ts';
import { defineHandler } from '../types.ts';

type Params = {
  connectorId: number;
  errorCode: string;
  status: string;
  info?: string;
  timestamp?: string;
  vendorErrorCode?: string;
};

// 1.6 connector N is EVSE N with a single connector; connector 0 is the whole charge point.
export const statusNotification = defineHandler<Params>(async ({ db, events, conn }, p) => {
  await recordStatus({
    db,
    events,
    charger: conn.charger,
    input: {
      evseId: p.connectorId,
      connectorId: p.connectorId === 0 ? 0 : 1,
      status: connectorStatus(p.status),
      errorCode: p.errorCode,
      info: p.info,
      vendorErrorCode: p.vendorErrorCode,
      timestamp: p.timestamp ? ocppTime(p.timestamp) : new Date(),
    },
  });
  return {};
});
