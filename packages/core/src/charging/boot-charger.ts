import { Prisma, sqlQuery } from '@magma/db';
import { nowUtc, utc } from './sql.ts';
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

export type BootResult = {
  status: 'Accepted' | 'Pending' | 'Rejected';
  intervalSec: number;
  currentTime: Date;
  /** An EVSE of the charger is under a load-balancing circuit (its profiles must be checked after a reboot). */
  balanced: boolean;
};

const STATUS = { ACCEPTED: 'Accepted', PENDING: 'Pending', REJECTED: 'Rejected' } as const;

/** BootNotification (both versions): records what the charger says it is and answers with the tenant's interval. */
export async function bootCharger({
  db,
  charger,
  info,
  now = new Date(),
}: ChargingDeps & { info: BootInfo; now?: Date }): Promise<BootResult> {
  // COALESCE keeps what the charger did not report this time.
  // `balanced` rides on this statement: a charger that is not balanced pays no extra query (#21).
  const [row] = await sqlQuery<{ registration: keyof typeof STATUS; intervalSec: number; balanced: boolean }>(
    db,
    Prisma.sql`
    UPDATE "Charger" c SET
      "vendorName" = COALESCE(${info.vendorName ?? null}, c."vendorName"),
      model = COALESCE(${info.model ?? null}, c.model),
      "serialNumber" = COALESCE(${info.serialNumber ?? null}, c."serialNumber"),
      "firmwareVersion" = COALESCE(${info.firmwareVersion ?? null}, c."firmwareVersion"),
      iccid = COALESCE(${info.iccid ?? null}, c.iccid),
      imsi = COALESCE(${info.imsi ?? null}, c.imsi),
      "meterType" = COALESCE(${info.meterType ?? null}, c."meterType"),
      "meterSerialNumber" = COALESCE(${info.meterSerialNumber ?? null}, c."meterSerialNumber"),
      "lastBootAt" = ${utc(now)}, "lastSeenAt" = ${utc(now)}, "updatedAt" = ${nowUtc}
    FROM "Tenant" t
    WHERE c.id = ${charger.chargerId}::uuid AND t.id = c."tenantId"
    RETURNING c.registration::text AS registration, t."heartbeatIntervalSec" AS "intervalSec",
      EXISTS (SELECT 1 FROM "LoadCircuitEvse" e WHERE e."chargerId" = c.id AND e."tenantId" = c."tenantId") AS balanced`,
  );
  if (!row) throw new Error(`BootNotification for unknown charger ${charger.chargerId}`);
  return { status: STATUS[row.registration], intervalSec: row.intervalSec, currentTime: now, balanced: row.balanced };
}
