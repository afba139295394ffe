'use client';

import { useEffect, useState } from 'react';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { EmptyState, Table, Td, Th } from '@magma/ui';
import { kw, kwh } from './format.ts';
import { useLiveEvents } from './live.tsx';
import { applyLiveEvent, type ConnectorRow } from './live-rows.ts';
import { StatusBadge } from './status-badge.tsx';
import { formatNumber } from '@magma/i18n';
import { useDashboardLocale, useDashboardT } from '@/i18n/dashboard-locale.tsx';

export type { ConnectorRow } from './live-rows.ts';

export function ConnectorTable({
  rows: initial,
  total,
  page,
  pageSize,
}: {
  rows: ConnectorRow[];
  total: number;
  page: number;
  pageSize: number;
}) {
  const [rows, setRows] = useState(initial);
  useEffect(() => setRows(initial), [initial]);
  useLiveEvents((e) => setRows((current) => applyLiveEvent(current, e)));
  const params = useSearchParams();
  const pathname = usePathname();
  const locale = useDashboardLocale();
  const t = useDashboardT();
  const href = (over: Record<string, string>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(over)) next.set(k, v);
    return `${pathname}?${next}`;
  };
  const sort = params.get('sort') ?? 'identity';
  const dir = params.get('dir') ?? 'asc';
  const pages = Math.max(1, Math.ceil(total / pageSize));

  if (total === 0) {
    return <EmptyState title={t('table.empty')}>{t('table.emptyHint')}</EmptyState>;
  }
  return (
    <>
      <Table>
        <thead>
          <tr>
            <SortTh
              label={t('table.id')}
              active={sort === 'identity'}
              dir={dir}
              href={href({ sort: 'identity', dir: sort === 'identity' && dir === 'asc' ? 'desc' : 'asc', page: '1' })}
            />
            <SortTh
              className="hidden sm:table-cell"
              label={t('table.location')}
              active={sort === 'site'}
              dir={dir}
              href={href({ sort: 'site', dir: sort === 'site' && dir === 'asc' ? 'desc' : 'asc', page: '1' })}
            />
            <SortTh
              label={t('table.kw')}
              active={sort === 'power'}
              dir={dir}
              href={href({ sort: 'power', dir: sort === 'power' && dir === 'desc' ? 'asc' : 'desc', page: '1' })}
            />
            <Th className="hidden sm:table-cell">{t('table.soc')}</Th>
            <SortTh
              label={t('table.status')}
              active={sort === 'status'}
              dir={dir}
              href={href({ sort: 'status', dir: sort === 'status' && dir === 'asc' ? 'desc' : 'asc', page: '1' })}
            />
          </tr>
        </thead>
        <tbody data-testid="connector-rows">
          {rows.map((r) => (
            <tr key={r.id} data-connector={`${r.identity}:${r.evseId}`} data-status={r.status}>
              <Td>
                <Link href={`/chargers/${r.chargerId}`} className="font-mono font-medium text-primary hover:underline">
                  {r.identity}
                </Link>
                <span className="block text-xs text-muted">
                  #{r.evseId} · {r.type.replace('_', ' ')}
                  {r.ratedKw ? ` · ${t('table.maxKw', { kw: r.ratedKw })}` : ''}
                  <span className="sm:hidden"> · {r.city}</span>
                </span>
              </Td>
              <Td className="hidden sm:table-cell">
                {r.siteName ?? <span className="text-muted">—</span>}
                <span className="block text-xs text-muted">{r.city}</span>
              </Td>
              <Td className="tabular-nums">
                <span data-testid="live-kw">{r.status === 'charging' || r.livePowerW ? kw(r.livePowerW) : '—'}</span>
                <span className="block text-xs text-muted" data-testid="session-kwh">
                  {r.liveEnergyWh ? t('table.sessionEnergy', { energy: kwh(r.liveEnergyWh, 2) }) : ''}
                </span>
              </Td>
              <Td className="hidden tabular-nums sm:table-cell">{r.liveSoc === null ? '—' : `${r.liveSoc}%`}</Td>
              <Td data-testid="status">
                <StatusBadge status={r.status} />
                {r.errorCode ? <span className="block text-xs text-red-700">{r.errorCode}</span> : null}
              </Td>
            </tr>
          ))}
        </tbody>
      </Table>
      <nav className="mt-3 flex flex-wrap items-center justify-between gap-2 text-sm" aria-label={t('table.pages')}>
        <span className="text-muted" data-testid="connector-total">
          {t('table.range', {
            from: (page - 1) * pageSize + 1,
            to: Math.min(total, page * pageSize),
            total: formatNumber(total, locale),
          })}
        </span>
        <span className="flex gap-2">
          {page > 1 ? (
            <Link
              className="rounded-md border border-line px-3 py-1 hover:bg-tint"
              href={href({ page: String(page - 1) })}
            >
              {t('table.previous')}
            </Link>
          ) : null}
          <span className="px-2 py-1 text-muted">{t('table.page', { page, pages })}</span>
          {page < pages ? (
            <Link
              className="rounded-md border border-line px-3 py-1 hover:bg-tint"
              href={href({ page: String(page + 1) })}
            >
              {t('table.next')}
            </Link>
          ) : null}
        </span>
      </nav>
    </>
  );
}

function SortTh({
  label,
  active,
  dir,
  href,
  className,
}: {
  label: string;
  active: boolean;
  dir: string;
  href: string;
  className?: string;
}) {
  return (
    <Th className={className} aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <Link href={href} scroll={false} className="inline-flex items-center gap-1 hover:text-fg">
        {label}
        <span aria-hidden>{active ? (dir === 'asc' ? '▲' : '▼') : ''}</span>
      </Link>
    </Th>
  );
}
