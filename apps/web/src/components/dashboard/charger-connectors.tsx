'use client';

import { useEffect, useState } from 'react';
import { useRouter } from 'next/navigation';
import { kw, kwh } from './format.ts';
import { useLiveEvents } from './live.tsx';
import { displayStatus, StatusBadge } from './status-badge.tsx';

type Conn = {
  id: string;
  evseId: number;
  connectorId: number;
  type: string;
  maxPowerKw: number | null;
  status: string;
  errorCode: string | null;
  livePowerW: number | null;
  liveSoc: number | null;
  liveEnergyWh: number | null;
};

/** The charger's connectors, kept current from the live stream of this charger only. */
export function ChargerConnectors({
  chargerId,
  online: initialOnline,
  connectors: initial,
}: {
  chargerId: string;
  online: boolean;
  connectors: Conn[];
}) {
  const router = useRouter();
  const [online, setOnline] = useState(initialOnline);
  const [connectors, setConnectors] = useState(initial);
  useEffect(() => setConnectors(initial), [initial]);
  useEffect(() => setOnline(initialOnline), [initialOnline]);
  useLiveEvents((e) => {
    if (e.chargerId !== chargerId) return;
    if (e.type === 'charger.online' || e.type === 'charger.offline') setOnline(e.type === 'charger.online');
    if (e.type === 'connector.status') {
      setConnectors((cs) =>
        cs.map((c) =>
          c.evseId === e.evseId && c.connectorId === e.connectorId
            ? {
                ...c,
                status: e.status,
                errorCode: e.errorCode,
                ...(e.status === 'AVAILABLE' ? { livePowerW: null, liveSoc: null, liveEnergyWh: null } : {}),
              }
            : c,
        ),
      );
    }
    if (e.type === 'meter.update') {
      setConnectors((cs) =>
        cs.map((c) =>
          c.evseId === e.evseId
            ? {
                ...c,
                livePowerW: e.powerW ?? c.livePowerW,
                liveSoc: e.soc ?? c.liveSoc,
                liveEnergyWh: e.energyWh ?? c.liveEnergyWh,
              }
            : c,
        ),
      );
    }
    // Sessions, faults and the status history below are server-rendered: refresh them.
    if (e.type.startsWith('transaction.') || e.type.startsWith('fault.')) router.refresh();
  });

  return (
    <div className="grid gap-3 sm:grid-cols-2" data-testid="charger-connectors">
      {connectors.map((c) => {
        const status = displayStatus(c.status, online);
        return (
          <div key={c.id} className="rounded-md border border-line p-3" data-connector={c.evseId} data-status={status}>
            <div className="flex items-center justify-between">
              <span className="font-medium">
                Connector {c.evseId} · {c.type.replace('_', ' ')}
              </span>
              <StatusBadge status={status} />
            </div>
            <dl className="mt-2 grid grid-cols-3 gap-2 text-sm">
              <div>
                <dt className="text-xs text-muted">Power</dt>
                <dd className="tabular-nums">{kw(c.livePowerW)}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">SoC</dt>
                <dd className="tabular-nums">{c.liveSoc === null ? '—' : `${c.liveSoc}%`}</dd>
              </div>
              <div>
                <dt className="text-xs text-muted">Session</dt>
                <dd className="tabular-nums">{kwh(c.liveEnergyWh, 2)}</dd>
              </div>
            </dl>
            <p className="mt-1 text-xs text-muted">
              {c.maxPowerKw ? `${c.maxPowerKw} kW max` : ''}
              {c.errorCode ? <span className="ml-2 text-red-700">{c.errorCode}</span> : null}
            </p>
          </div>
        );
      })}
    </div>
  );
}
