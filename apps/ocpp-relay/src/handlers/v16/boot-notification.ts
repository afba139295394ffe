import { bootCharger } from '@magma/core/charging';
import { californiaPricingAfterBoot } from '../california-pricing.ts';
import { restoreBalancedProfiles } from '../boot-notification-profiles.ts';
import { defineHandler } from '../types.ts';

type Params = {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
  iccid?: string;
  imsi?: string;
  meterType?: string;
  meterSerialNumber?: string;
};

export const bootNotification = defineHandler<Params>(async (ctx, p) => {
  const { db, conn } = ctx;
  const r = await bootCharger({
    db,
    charger: conn.charger,
    info: {
      vendorName: p.chargePointVendor,
      model: p.chargePointModel,
      serialNumber: p.chargePointSerialNumber ?? p.chargeBoxSerialNumber,
      firmwareVersion: p.firmwareVersion,
      iccid: p.iccid,
      imsi: p.imsi,
      meterType: p.meterType,
      meterSerialNumber: p.meterSerialNumber,
    },
  });
  californiaPricingAfterBoot(ctx, r.status);
  restoreBalancedProfiles(ctx, r);
  return { status: r.status, currentTime: r.currentTime.toISOString(), interval: r.intervalSec };
});
