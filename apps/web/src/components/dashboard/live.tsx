'use client';

import Link from 'next/link';
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { LiveEvent } from '@magma/api';
import { useTRPC } from '@/trpc/react.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

// One EventSource per page for the live stream of /api/live, opened by the dashboard shell;
// components subscribe to it. A fault that opens anywhere in the caller's scope shows as an alert
// on every dashboard page, naming the charger, its connector and its site.

type Handler = (e: LiveEvent) => void;
type Live = { subscribe: (h: Handler) => () => void; connected: boolean; root?: boolean };

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

type Alert = { id: string; chargerId: string; code: string; evseId: number | null };

/**
 * The dashboard shell's provider (in the layout) opens the stream; a page that wraps itself in
 * another provider reuses it, so a page has one stream and one set of alerts.
 */
export function LiveProvider({
  children,
  root = false,
}: {
  children: ReactNode;
  root?: boolean;
  chargerNames?: unknown;
}) {
  const outer = useContext(LiveContext);
  if (outer.root && !root) return <>{children}</>;
  return <LiveRoot>{children}</LiveRoot>;
}

function LiveRoot({ children }: { children: ReactNode }) {
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
        const alert = { id: event.faultId, chargerId: event.chargerId, code: event.code, evseId: event.evseId };
        setAlerts((a) => [alert, ...a.filter((x) => x.id !== alert.id)].slice(0, 3));
      }
      for (const h of handlers.current) h(event);
    };
    return () => source.close();
  }, []);

  const subscribe = useCallback((h: Handler) => {
    handlers.current.add(h);
    return () => void handlers.current.delete(h);
  }, []);
  const dismiss = useCallback((id: string) => setAlerts((x) => x.filter((y) => y.id !== id)), []);

  return (
    <LiveContext.Provider value={{ subscribe, connected, root: true }}>
      {children}
      <div
        className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 sm:items-end"
        aria-live="assertive"
      >
        {alerts.map((a) => (
          <FaultAlert key={a.id} alert={a} onDismiss={dismiss} />
        ))}
      </div>
    </LiveContext.Provider>
  );
}

/** One fault's toast: the event carries ids, so the charger's identity and site are read once. */
function FaultAlert({ alert: a, onDismiss }: { alert: Alert; onDismiss: (id: string) => void }) {
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.faults.get.queryOptions({ faultId: a.id }), staleTime: Infinity, retry: 1 });
  const f = detail.data;
  const site = f?.charger.site ? `${f.charger.site.name}, ${f.charger.site.city}` : null;
  return (
    <div
      role="alert"
      data-testid="fault-alert"
      className="pointer-events-auto w-full max-w-sm rounded-lg border border-red-300 bg-red-50 p-3 text-sm text-red-900 shadow-lg"
    >
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-semibold">
            Fault on {f ? <span className="font-mono">{f.charger.identity}</span> : 'a charger'}
            {a.evseId ? ` · connector ${a.evseId}` : ''}
          </p>
          <p className="wrap-anywhere">
            {a.code}
            {site ? ` · ${site}` : ''} ·{' '}
            <Link className="underline" href={`/chargers/${a.chargerId}`}>
              open charger
            </Link>
          </p>
        </div>
        <button type="button" aria-label="Dismiss" className="text-red-700" onClick={() => onDismiss(a.id)}>
          ×
        </button>
      </div>
    </div>
  );
}

/**
 * The number of open faults in the caller's scope, kept current: read again whenever a fault opens
 * or clears (the stream says so; the count itself comes from the faults API).
 */
export function useOpenFaultCount(initial: number | null): number | null {
  const trpc = useTRPC();
  const client = useQueryClient();
  const options = trpc.faults.page.queryOptions({ state: 'open', limit: 1 });
  const q = useQuery({ ...options, enabled: false });
  useLiveEvents((e) => {
    if (e.type === 'fault.opened' || e.type === 'fault.closed') void client.fetchQuery({ ...options, staleTime: 0 });
  });
  return q.data?.openCount ?? initial;
}

export function LiveIndicator() {
  const connected = useLiveConnected();
  const t = useDashboardT();
  return (
    <span
      className="inline-flex items-center gap-1.5 text-xs text-muted"
      data-testid="live-indicator"
      data-connected={connected}
    >
      <span className={`h-2 w-2 rounded-full ${connected ? 'bg-green-500' : 'bg-gray-400'}`} />
      {connected ? t('shell.live') : t('shell.connecting')}
    </span>
  );
}
