import type { ChargingDeps } from './types.ts';

export type BootInfo = {
  vendorName?: string | null;
  model?: string | null;
  serialNumber?: string | null;
  firmwareVersion?: string | null;
  iccid?: string | null;
  imsi?: string | null;
  meterType?: string | null;
  meterSerialNumber?: string | null;
};

export type BootResult = { status: 'Accepted' | 'Pending' | 'Rejected'; intervalSec: number; currentTime: Date };

const STATUS = { ACCEPTED: 'Accepted', PENDING: 'Pending', REJECTED: 'Rejected' } as const;

/** BootNotification (both versions): records what the charger says it is and answers with the tenant's interval. */
export async function bootCharger({ db, charger, info, now = new Date() }: ChargingDeps & { info: BootInfo; now?: Date }): Promise<BootResult> {
  const row = await db.charger.update({
    where: { id: charger.chargerId },
    data: {
      vendorName: info.vendorName ?? undefined,
      model: info.model ?? undefined,
      serialNumber: info.serialNumber ?? undefined,
      firmwareVersion: info.firmwareVersion ?? undefined,
      iccid: info.iccid ?? undefined,
      imsi: info.imsi ?? undefined,
      meterType: info.meterType ?? undefined,
      meterSerialNumber: info.meterSerialNumber ?? undefined,
      lastBootAt: now,
      lastSeenAt: now,
    },
    select: { registration: true, tenant: { select: { heartbeatIntervalSec: true } } },
  });
  return { status: STATUS[row.registration], intervalSec: row.tenant.heartbeatIntervalSec, currentTime: now };
}
