'use client';

import Link from 'next/link';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { LiveEvent } from '@magma/api';

// One EventSource per page for the live stream of /api/live; components subscribe to it. A fault
// that opens anywhere in the caller's scope shows as an alert on every dashboard page.

type Handler = (e: LiveEvent) => void;
type Live = { subscribe: (h: Handler) => () => void; connected: boolean };

const LiveContext = createContext<Live>({ subscribe: () => () => {}, connected: false });

export function useLiveEvents(handler: Handler) {
  const { subscribe } = useContext(LiveContext);
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => subscribe((e) => ref.current(e)), [subscribe]);
}

export function useLiveConnected() {
  return useContext(LiveContext).connected;
}

type Alert = { id: string; chargerId: string; code: string; evseId: number | null; at: string };

export function LiveProvider({
  children,
  chargerNames = {},
}: {
  children: ReactNode;
  chargerNames?: Record<string, string>;
}) {
  const handlers = useRef(new Set<Handler>());
  const [connected, setConnected] = useState(false);
  const [alerts, setAlerts] = useState<Alert[]>([]);

  useEffect(() => {
    const source = new EventSource('/api/live');
    source.addEventListener('ready', () => setConnected(true));
    source.onerror = () => setConnected(false);
    source.onmessage = (m: MessageEvent<string>) => {
      let event: LiveEvent;
      try {
        event = JSON.parse(m.data) as LiveEvent;
      } catch {
        return;
      }
      if (event.type === 'fault.opened') {
        setAlerts((a) =>
          [
            { id: event.faultId, chargerId: event.chargerId, code: event.code, evseId: event.evseId, at: event.at },
            ...a,
          ].slice(0, 3),
        );
      }
      for (const h of handlers.current) h(event);
    };
    return () => source.close();
  }, []);

  const subscribe = useCallback((h: Handler) => {
    handlers.current.add(h);
    return () => void handlers.current.delete(h);
  }, []);

  return (
    <LiveContext.Provider value={{ subscribe, connected }}>
      {children}
      <div
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end"
        aria-live="assertive"
      >
        {alerts.map((a) => (
          <div
            key={a.id}
            role="alert"
            data-testid="fault-alert"
            className="pointer-events-auto w-full max-w-sm rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 shadow-lg"
          >
            <div className="flex items-start justify-between gap-3">
              <div>
                <p className="font-semibold">Fault on {chargerNames[a.chargerId] ?? 'a charger'}</p>
                <p>
                  {a.code}
                  {a.evseId ? ` on connector ${a.evseId}` : ''} ·{' '}
                  <Link className="underline" href={`/chargers/${a.chargerId}`}>
                    open charger
                  </Link>
                </p>
              </div>
              <button
                type="button"
                aria-label="Dismiss"
                className="text-red-700"
                onClick={() => setAlerts((x) => x.filter((y) => y.id !== a.id))}
              >
                ×
              </button>
            </div>
          </div>
        ))}
      </div>
    </LiveContext.Provider>
  );
}

export function LiveIndicator() {
  const connected = useLiveConnected();
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-muted"
      data-testid="live-indicator"
      data-connected={connected}
    >
      <span className={`h-2 w-2 rounded-full ${connected ? 'bg-green-500' : 'bg-gray-400'}`} />
      {connected ? 'Live' : 'Connecting…'}
    </span>
  );
}
