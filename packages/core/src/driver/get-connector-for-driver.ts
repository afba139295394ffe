import type { ConnectorStatus, ConnectorType, Db } from '@magma/db';
import { AppError } from '../errors/app-error.ts';
import type { ConnectorPrice, DriverPricingPort } from './types.ts';

export type Availability = {
  state: 'available' | 'busy' | 'faulted' | 'offline' | 'unavailable';
  /** Only an available connector takes a payment: nobody pays for a charger that cannot start. */
  canStart: boolean;
  message: string;
};

export type DriverConnector = {
  tenantId: string;
  connectorRowId: string;
  chargerId: string;
  chargerIdentity: string;
  evseId: number;
  connectorId: number;
  shortCode: string | null;
  type: ConnectorType;
  maxPowerKw: number | null;
  status: ConnectorStatus;
  online: boolean;
  label: string;
  site: { name: string; address: string; city: string } | null;
  availability: Availability;
  price: Omit<ConnectorPrice, 'quoteForWh'> | null;
};

/** A session that paid and is waiting for the car keeps the connector busy for others. */
export const STARTING_HOLD_MS = 3 * 60_000;

const CONNECTOR_TYPE_LABEL: Record<ConnectorType, string> = {
  CCS2: 'CCS2',
  CHADEMO: 'CHAdeMO',
  TYPE2: 'Type 2',
  TYPE1: 'Type 1',
  GBT: 'GB/T',
  BHARAT_AC001: 'Bharat AC-001',
  BHARAT_DC001: 'Bharat DC-001',
  OTHER: 'Connector',
};

export function connectorTypeLabel(type: ConnectorType): string {
  return CONNECTOR_TYPE_LABEL[type];
}

/** The running transaction on the connector's EVSE, if any, and whether anyone authorised it. */
export type EvseTransaction = 'none' | 'unauthorized' | 'authorized';

// A 2.0.1 station says Occupied as soon as a cable is in, and one that starts its transactions at
// plug-in (TxStartPoint EVConnected) runs one with no idToken until someone authorises it: the
// car then waits (EVConnected, or SuspendedEVSE on some stations). That is the usual walk-up: plug
// in, then scan and pay. Only a transaction someone authorised makes the connector busy.
const WAITS_FOR_AUTHORIZATION: readonly ConnectorStatus[] = ['OCCUPIED', 'SUSPENDED_EVSE', 'SUSPENDED_EV'];

export function availabilityOf({
  status,
  online,
  hasPrice,
  heldByDriver,
  transaction = 'none',
}: {
  status: ConnectorStatus;
  online: boolean;
  hasPrice: boolean;
  heldByDriver: boolean;
  transaction?: EvseTransaction;
}): Availability {
  if (!online)
    return {
      state: 'offline',
      canStart: false,
      message: 'This charger is offline right now. Please do not pay; try another connector.',
    };
  if (status === 'FAULTED')
    return { state: 'faulted', canStart: false, message: 'This connector reports a fault and cannot charge.' };
  if (status === 'UNAVAILABLE')
    return { state: 'unavailable', canStart: false, message: 'This connector is out of service.' };
  const pluggedIn =
    !heldByDriver &&
    (status === 'OCCUPIED'
      ? transaction !== 'authorized'
      : WAITS_FOR_AUTHORIZATION.includes(status) && transaction === 'unauthorized');
  if (!pluggedIn && (heldByDriver || ['CHARGING', 'FINISHING', ...WAITS_FOR_AUTHORIZATION].includes(status))) {
    return {
      state: 'busy',
      canStart: false,
      message: 'Someone is charging here. Please wait or pick another connector.',
    };
  }
  if (status === 'RESERVED') return { state: 'busy', canStart: false, message: 'This connector is reserved.' };
  if (!hasPrice) return { state: 'unavailable', canStart: false, message: 'No price is set for this connector yet.' };
  const plug = status === 'PREPARING' || pluggedIn ? 'Plugged in and ready.' : 'Ready: plug in, then pay.';
  return { state: 'available', canStart: true, message: plug };
}

/** Parses /c/{shortCode} and /c/{chargerIdentity}/{connectorNumber}. */
export function parseConnectorCode(
  code: readonly string[],
): { shortCode: string } | { identity: string; evseId: number } {
  const parts = code.map((p) => decodeURIComponent(p).trim());
  if (parts.length === 1 && parts[0]) return { shortCode: parts[0].toUpperCase() };
  if (parts.length === 2 && parts[0] && /^[1-9]\d{0,2}$/.test(parts[1] ?? '')) {
    return { identity: parts[0], evseId: Number(parts[1]) };
  }
  throw new AppError('NOT_FOUND', 'No such connector');
}

export async function getConnectorForDriver({
  db,
  pricing,
  tenantId,
  code,
  now = new Date(),
}: {
  db: Db;
  pricing: DriverPricingPort;
  tenantId: string;
  code: readonly string[];
  now?: Date;
}): Promise<DriverConnector> {
  const where = parseConnectorCode(code);
  const row = await db.connector.findFirst({
    where:
      'shortCode' in where
        ? { tenantId, shortCode: where.shortCode }
        : { tenantId, evseId: where.evseId, charger: { identity: where.identity } },
    orderBy: { connectorId: 'asc' },
    include: { charger: { include: { site: true } } },
  });
  if (!row || row.charger.tenantId !== tenantId) throw new AppError('NOT_FOUND', 'No such connector');

  const [price, held, running] = await Promise.all([
    pricing.connectorPrice({ db, tenantId, connectorRowId: row.id, at: now }),
    db.driverSession.count({
      where: {
        chargerId: row.chargerId,
        evseId: row.evseId,
        OR: [
          { status: 'STARTING', startRequestedAt: { gte: new Date(now.getTime() - STARTING_HOLD_MS) } },
          { status: 'CHARGING' },
        ],
      },
    }),
    db.transaction.findFirst({
      where: { chargerId: row.chargerId, evseId: row.evseId, status: 'ACTIVE' },
      orderBy: { startedAt: 'desc' },
      select: { idTag: true, remoteStartId: true },
    }),
  ]);
  const transaction: EvseTransaction = !running
    ? 'none'
    : running.idTag || running.remoteStartId !== null
      ? 'authorized'
      : 'unauthorized';
  const site = row.charger.site;
  const maxPower = row.maxPowerKw ?? row.charger.maxPowerKw;
  return {
    tenantId,
    connectorRowId: row.id,
    chargerId: row.chargerId,
    chargerIdentity: row.charger.identity,
    evseId: row.evseId,
    connectorId: row.connectorId,
    shortCode: row.shortCode,
    type: row.type,
    maxPowerKw: maxPower === null ? null : Number(maxPower),
    status: row.status,
    online: row.charger.online,
    label: `${row.charger.identity} · ${connectorTypeLabel(row.type)} #${row.evseId}`,
    site: site ? { name: site.name, address: site.address, city: site.city } : null,
    availability: availabilityOf({
      status: row.status,
      online: row.charger.online,
      hasPrice: price !== null,
      heldByDriver: held > 0,
      transaction,
    }),
    price: price ? withoutQuote(price) : null,
  };
}

function withoutQuote({ quoteForWh: _q, ...rest }: ConnectorPrice): Omit<ConnectorPrice, 'quoteForWh'> {
  return rest;
}
