'use client';

import { useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Card } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { change, kwh, money } from './format.ts';
import { useLiveEvents } from './live.tsx';
import { useCoalescedRefetch } from './use-coalesced-refetch.ts';
import type { FleetFilterParams } from './live-power-chart.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

type Kpis = {
  currency: string;
  activeSessions: number;
  activeSessions7dAvg: number;
  energyTodayWh: number;
  energyYesterdayWh: number;
  revenueTodayMinor: number;
  revenueRunningEstimateMinor: number;
  revenueYesterdayMinor: number;
  connectors: Record<string, number> & { total: number };
};

const REFRESH_MS = 100;

function Kpi({
  label,
  value,
  hint,
  delta,
  testId,
}: {
  label: string;
  value: string;
  hint: string;
  delta?: ReturnType<typeof change>;
  testId: string;
}) {
  return (
    // Sized by the card's own width: two (phone) or four (tablet) cards a row leave too little room for
    // a lakh of rupees (₹1,02,375.78) at text-2xl, which then ran out of the card (its padding is p-5
    // below sm: cx does not merge, and p-5 comes after p-3 in the stylesheet).
    <Card className="@container p-3 sm:p-4" data-testid={testId}>
      <div className="text-sm text-muted">{label}</div>
      <div
        className="mt-0.5 text-base font-semibold tabular-nums @min-[8.5rem]:text-lg @min-[11.5rem]:text-2xl"
        data-testid={`${testId}-value`}
      >
        {value}
      </div>
      <div className="mt-1 flex flex-wrap items-center gap-x-2 text-xs text-muted">
        {delta ? (
          <span
            className={
              delta.tone === 'up'
                ? 'font-medium text-green-700'
                : delta.tone === 'down'
                  ? 'font-medium text-red-700'
                  : ''
            }
          >
            {delta.text}
          </span>
        ) : null}
        <span>{hint}</span>
      </div>
    </Card>
  );
}

/**
 * The four headline figures of the connectors the filter selects; refetched (100 ms after, one at a
 * time, and once more if events came during a fetch) whenever a live event arrives.
 */
export function KpiCards({ initial, filter = {} }: { initial: Kpis; filter?: FleetFilterParams }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const queryClient = useQueryClient();
  const [k, setK] = useState(initial);
  useEffect(() => setK(initial), [initial]);

  const refetch = useCoalescedRefetch(
    () => queryClient.fetchQuery({ ...trpc.fleet.kpis.queryOptions(filter), staleTime: 0 }),
    setK,
    REFRESH_MS,
  );
  useLiveEvents(() => refetch.current());

  const avg = k.activeSessions7dAvg;
  const sessionDelta = avg > 0 ? change(k.activeSessions, avg) : null;
  const charging = k.connectors.charging ?? 0;
  const faulted = k.connectors.faulted ?? 0;
  const offline = k.connectors.offline ?? 0;
  return (
    <div className="grid grid-cols-2 content-start gap-3 md:grid-cols-4 xl:grid-cols-2" data-testid="kpis">
      <Kpi
        testId="kpi-active"
        label={t('kpi.active')}
        value={String(k.activeSessions)}
        delta={sessionDelta}
        hint={t('kpi.activeHint', { avg })}
      />
      <Kpi
        testId="kpi-energy"
        label={t('kpi.energy')}
        value={kwh(k.energyTodayWh)}
        delta={change(k.energyTodayWh, k.energyYesterdayWh)}
        hint={t('kpi.energyHint', { energy: kwh(k.energyYesterdayWh) })}
      />
      <Kpi
        testId="kpi-revenue"
        label={t('kpi.revenue')}
        value={money(k.revenueTodayMinor, k.currency)}
        delta={change(k.revenueTodayMinor, k.revenueYesterdayMinor)}
        hint={
          k.revenueRunningEstimateMinor
            ? t('kpi.revenueRunning', { amount: money(k.revenueRunningEstimateMinor, k.currency) })
            : t('kpi.revenueFinished')
        }
      />
      <Kpi
        testId="kpi-connectors"
        label={t('kpi.connectors')}
        value={`${charging} / ${k.connectors.total}`}
        hint={t('kpi.connectorsHint', { faulted, offline })}
      />
    </div>
  );
}
