import type { LiveEvent } from '@magma/api';
import { displayStatus, type DisplayStatus } from './status.ts';

export type ConnectorRow = {
  id: string;
  chargerId: string;
  identity: string;
  model: string | null;
  evseId: number;
  connectorId: number;
  type: string;
  ratedKw: number | null;
  siteName: string | null;
  city: string | null;
  livePowerW: number | null;
  liveSoc: number | null;
  liveEnergyWh: number | null;
  status: DisplayStatus;
  ocppStatus: string;
  errorCode: string | null;
  online: boolean;
};

/** Applies one live event to the rows it concerns; rows of other chargers stay the same objects. */
export function applyLiveEvent(rows: ConnectorRow[], e: LiveEvent): ConnectorRow[] {
  if (e.type === 'connector.status') {
    return rows.map((r) =>
      r.chargerId === e.chargerId && r.evseId === e.evseId && r.connectorId === e.connectorId
        ? {
            ...r,
            ocppStatus: e.status,
            errorCode: e.errorCode,
            status: displayStatus(e.status, r.online),
            ...(e.status === 'AVAILABLE' ? { livePowerW: null, liveSoc: null, liveEnergyWh: null } : {}),
          }
        : r,
    );
  }
  if (e.type === 'meter.update') {
    return rows.map((r) =>
      r.chargerId === e.chargerId && r.evseId === e.evseId
        ? {
            ...r,
            livePowerW: e.powerW ?? r.livePowerW,
            liveSoc: e.soc ?? r.liveSoc,
            liveEnergyWh: e.energyWh ?? r.liveEnergyWh,
          }
        : r,
    );
  }
  if (e.type === 'charger.online' || e.type === 'charger.offline') {
    const online = e.type === 'charger.online';
    return rows.map((r) =>
      r.chargerId === e.chargerId ? { ...r, online, status: displayStatus(r.ocppStatus, online) } : r,
    );
  }
  return rows;
}
