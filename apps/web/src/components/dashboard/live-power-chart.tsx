'use client';

import { useEffect, useRef, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/trpc/react.tsx';
import { useLiveEvents } from './live.tsx';
import { useCoalescedRefetch } from './use-coalesced-refetch.ts';
import { PowerChart, type PowerPoint } from './power-chart.tsx';

/** The fleet filter as the URL carries it (comma-separated values). */
export type FleetFilterParams = { city?: string; siteId?: string; model?: string; power?: string };

// The server keeps the complete buckets for 30 s; a refresh recomputes only the bucket filling.
const AFTER_EVENT_MS = 1_000;
const EVERY_MS = 30_000;

/**
 * The power chart, kept live: the last point is the bucket still filling, refetched shortly after
 * meter values, status changes and session events arrive (at most once a second) and every 30 s,
 * so it grows while sessions charge and a new bucket starts on time.
 */
export function LivePowerChart({
  initial,
  timeZone,
  filter,
}: {
  initial: PowerPoint[];
  timeZone: string;
  filter: FleetFilterParams;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [points, setPoints] = useState(initial);
  const key = JSON.stringify(filter);
  useEffect(() => setPoints(initial), [initial]);

  const refresh = useCoalescedRefetch(
    () => queryClient.fetchQuery({ ...trpc.fleet.powerChart.queryOptions({ hours: 24, ...filter }), staleTime: 0 }),
    setPoints,
    AFTER_EVENT_MS,
  );

  useLiveEvents((e) => {
    if (e.type === 'meter.update' || e.type === 'connector.status' || e.type.startsWith('transaction.'))
      refresh.current();
  });
  useEffect(() => {
    const timer = setInterval(() => refresh.current(), EVERY_MS);
    return () => clearInterval(timer);
  }, [key]);

  // Drawn at its real width, so labels stay readable on a phone.
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.round(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box}>
      <PowerChart points={points} timeZone={timeZone} width={width} />
    </div>
  );
}
