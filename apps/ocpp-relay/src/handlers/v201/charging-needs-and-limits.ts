import { rebalanceChargerSite } from '@magma/core/load-balancing';
import {
  clearChargingLimit,
  recordChargingLimit,
  recordEvChargingNeeds,
  recordEvChargingSchedule,
  type ClearedChargingLimitPayload,
  type NotifyChargingLimitPayload,
  type NotifyEVChargingNeedsPayload,
  type NotifyEVChargingSchedulePayload,
} from '@magma/core/smart-charging';
import { defineHandler, type HandlerContext } from '../types.ts';

// 2.0.1 K12, K13, K15–K17: the EV's needs and schedule, and limits set on the station by others,
// kept (message log and per EVSE) before the answer. What changes an EVSE's range rebalances its
// site after the answer, when the EVSE is load balanced.

function rebalanceAfter({ db, bus, log, conn }: HandlerContext, evseId: number) {
  if (!bus) return;
  const { tenantId, chargerId } = conn.charger;
  void rebalanceChargerSite({ db, bus }, tenantId, chargerId, evseId).catch((error: unknown) =>
    log.warn('site load balancing failed', { error, tenantId, chargerId }),
  );
}

/**
 * K15. The needs are stored either way. On a load-balanced EVSE with its session running, a
 * rebalance follows at once and sends a TxProfile within the EV's range: Accepted ("a schedule will
 * be provided momentarily"); before the session is known, Processing (the schedule comes with the
 * session's start). Elsewhere Accepted: the status says the message was processed, not that a
 * schedule follows (NotifyEVChargingNeedsResponse schema).
 */
export const notifyEVChargingNeeds = defineHandler<NotifyEVChargingNeedsPayload>(async (ctx, p) => {
  const { balanced, sessionRunning } = await recordEvChargingNeeds({
    db: ctx.db,
    charger: ctx.conn.charger,
    payload: p,
  });
  if (!balanced) return { status: 'Accepted' };
  if (!sessionRunning) return { status: 'Processing' };
  rebalanceAfter(ctx, p.evseId);
  return { status: 'Accepted' };
});

/** K17: the EV's planned schedule, kept per EVSE. */
export const notifyEVChargingSchedule = defineHandler<NotifyEVChargingSchedulePayload>(async (ctx, p) => {
  await recordEvChargingSchedule({ db: ctx.db, charger: ctx.conn.charger, payload: p });
  return { status: 'Accepted' };
});

/** K12: an external limit; counted as the EVSE's (or the whole station's) cap from now on. */
export const notifyChargingLimit = defineHandler<NotifyChargingLimitPayload>(async (ctx, p) => {
  const { evseId } = await recordChargingLimit({ db: ctx.db, charger: ctx.conn.charger, payload: p });
  rebalanceAfter(ctx, evseId);
  return {};
});

/** K13: the external limit is gone; the EVSE gets its share back at the rebalance. */
export const clearedChargingLimit = defineHandler<ClearedChargingLimitPayload>(async (ctx, p) => {
  await clearChargingLimit({ db: ctx.db, charger: ctx.conn.charger, payload: p });
  rebalanceAfter(ctx, p.evseId ?? 0);
  return {};
});
