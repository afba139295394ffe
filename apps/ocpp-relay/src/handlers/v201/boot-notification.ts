import { bootCharger } from '@magma/core/charging';
import { restoreBalancedProfiles } from '../boot-notification-profiles.ts';
import { defineHandler } from '../types.ts';

type Params = {
  reason: string;
  chargingStation: {
    model: string;
    vendorName: string;
    serialNumber?: string;
    firmwareVersion?: string;
    modem?: { iccid?: string; imsi?: string };
  };
};

export const bootNotification = defineHandler<Params>(async (ctx, p) => {
  const { db, conn } = ctx;
  const cs = p.chargingStation;
  const r = await bootCharger({
    db,
    charger: conn.charger,
    info: {
      vendorName: cs.vendorName,
      model: cs.model,
      serialNumber: cs.serialNumber,
      firmwareVersion: cs.firmwareVersion,
      iccid: cs.modem?.iccid,
      imsi: cs.modem?.imsi,
    },
  });
  restoreBalancedProfiles(ctx, r);
  return { status: r.status, currentTime: r.currentTime.toISOString(), interval: r.intervalSec };
});
