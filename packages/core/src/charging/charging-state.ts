import type { ConnectorStatus } from '@magma/db';

// A 2.0.1 station's StatusNotification says only Available, Occupied, Reserved, Unavailable or
// Faulted; whether an occupied connector is charging or suspended it reports in its
// TransactionEvents (transactionInfo.chargingState). The connector shows that finer state, and
// the station's own Occupied does not wipe it out.

/** What a 2.0.1 Occupied is, more precisely, while a transaction says so. */
export const OCCUPIED_REFINED: readonly ConnectorStatus[] = ['CHARGING', 'SUSPENDED_EV', 'SUSPENDED_EVSE'];

// A charging state moves a connector in use (or just plugged in); never a faulted, reserved or
// unavailable one, which only the station's StatusNotification changes.
const IN_USE: readonly ConnectorStatus[] = [
  ...OCCUPIED_REFINED,
  'OCCUPIED',
  'AVAILABLE',
  'PREPARING',
  'FINISHING',
  'UNKNOWN',
];

const FOLLOWS: Record<string, ConnectorStatus> = {
  Charging: 'CHARGING',
  SuspendedEV: 'SUSPENDED_EV',
  SuspendedEVSE: 'SUSPENDED_EVSE',
  EVConnected: 'OCCUPIED',
};

export type ConnectorStatusChange = { status: ConnectorStatus; from: readonly ConnectorStatus[] };

/**
 * The connector status a transaction event implies, and the statuses it may replace. Idle means
 * no EV is connected; at the end of a transaction the connector is no longer charging either way.
 */
export function connectorStatusOf({
  chargingState,
  ended,
}: {
  chargingState?: string | null;
  ended: boolean;
}): ConnectorStatusChange | null {
  if (chargingState === 'Idle') return { status: 'AVAILABLE', from: OCCUPIED_REFINED };
  if (ended) return { status: 'OCCUPIED', from: OCCUPIED_REFINED };
  const status = chargingState ? FOLLOWS[chargingState] : undefined;
  return status ? { status, from: IN_USE } : null;
}
