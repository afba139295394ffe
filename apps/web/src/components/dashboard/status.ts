// Connector states as the operator reads them, matching the server's display status.

export type DisplayStatus =
  | 'charging'
  | 'available'
  | 'preparing'
  | 'suspended'
  | 'finishing'
  | 'reserved'
  | 'occupied'
  | 'unavailable'
  | 'faulted'
  | 'offline'
  | 'unknown';

export const STATUS_LABEL: Record<DisplayStatus, string> = {
  charging: 'Charging',
  available: 'Available',
  preparing: 'Preparing',
  suspended: 'Suspended',
  finishing: 'Finishing',
  reserved: 'Reserved',
  occupied: 'Occupied',
  unavailable: 'Unavailable',
  faulted: 'Faulted',
  offline: 'Offline',
  unknown: 'Unknown',
};

/** The OCPP status as the operator reads it: an offline charger makes its connectors offline. */
export function displayStatus(ocppStatus: string, online: boolean): DisplayStatus {
  if (!online) return 'offline';
  if (ocppStatus === 'SUSPENDED_EV' || ocppStatus === 'SUSPENDED_EVSE') return 'suspended';
  const s = ocppStatus.toLowerCase();
  return s in STATUS_LABEL ? (s as DisplayStatus) : 'unknown';
}
