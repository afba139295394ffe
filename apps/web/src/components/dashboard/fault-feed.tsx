'use client';

import { useState } from 'react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, EmptyState } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { useLiveEvents } from './live.tsx';
import { useDashboardT } from '@/i18n/dashboard-locale.tsx';

type Fault = {
  id: string;
  /** When it began and cleared, formatted on the server (relative times would differ at hydration). */
  when: string;
  kind: string;
  code: string;
  description: string | null;
  evseId: number | null;
  startedAt: Date;
  endedAt: Date | null;
  acknowledgedAt: Date | null;
  charger: { id: string; identity: string; site: { name: string; city: string } | null };
};

const KINDS = ['CONNECTOR_ERROR', 'OFFLINE', 'SECURITY_EVENT', 'EVENT'] as const;
const isKind = (k: string): k is (typeof KINDS)[number] => (KINDS as readonly string[]).includes(k);

/** Faults with an acknowledge button; the list refreshes when a fault opens or clears. */
export function FaultFeed({ faults }: { faults: Fault[] }) {
  const trpc = useTRPC();
  const t = useDashboardT();
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const ack = useMutation(
    trpc.faults.acknowledge.mutationOptions({
      onSuccess: () => {
        setError(null);
        router.refresh();
      },
      onError: (e) => setError(e.message),
    }),
  );
  useLiveEvents((e) => {
    if (
      e.type === 'fault.opened' ||
      e.type === 'fault.closed' ||
      e.type === 'charger.offline' ||
      e.type === 'charger.online'
    )
      router.refresh();
  });
  if (faults.length === 0) return <EmptyState title={t('faults.none')}>{t('faults.noneHint')}</EmptyState>;
  return (
    <>
      {error ? <Alert>{error}</Alert> : null}
      <ul className="divide-y divide-line" data-testid="fault-list">
        {faults.map((f) => (
          <li key={f.id} className="flex flex-wrap items-start justify-between gap-3 py-3" data-fault={f.id}>
            <div className="min-w-0">
              <p className="font-medium">
                <Link className="font-mono text-primary hover:underline" href={`/chargers/${f.charger.id}`}>
                  {f.charger.identity}
                </Link>{' '}
                {f.code}
                {f.evseId ? <span className="text-muted"> · {t('faults.connector', { n: f.evseId })}</span> : null}
              </p>
              <p className="text-sm text-muted">
                {isKind(f.kind) ? t(`faults.kind.${f.kind}`) : f.kind} ·{' '}
                {f.charger.site ? `${f.charger.site.name}, ${f.charger.site.city}` : t('faults.noSite')}
                {f.description ? ` · ${f.description}` : ''}
              </p>
              <p className="text-xs text-muted">{f.when}</p>
            </div>
            <div className="flex items-center gap-2">
              {f.endedAt ? <Badge>{t('faults.cleared')}</Badge> : <Badge tone="bad">{t('faults.open')}</Badge>}
              {f.acknowledgedAt ? (
                <Badge tone="good">{t('faults.acknowledged')}</Badge>
              ) : (
                <Button
                  size="sm"
                  variant="secondary"
                  busy={ack.isPending && ack.variables?.faultId === f.id}
                  onClick={() => ack.mutate({ faultId: f.id })}
                >
                  {t('faults.acknowledge')}
                </Button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
