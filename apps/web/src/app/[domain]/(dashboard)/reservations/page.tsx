import Link from 'next/link';
import { Card, CardTitle, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FleetReservations } from '@/components/dashboard/fleet-reservations.tsx';

export const metadata = { title: 'Reservations' };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

const TABS = [
  { key: 'active', label: 'Active' },
  { key: 'all', label: 'All' },
] as const;

export default async function ReservationsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const { scope } = await requireMember();
  const { show } = await searchParams;
  const tab = TABS.find((t) => t.key === show)?.key ?? 'active';
  const api = await serverApi();
  const r = await settle(api.reservations.list({ active: tab === 'active', limit: 200 }));

  return (
    <>
      <PageHeader
        title="Reservations"
        description="Connectors held for a card across the fleet, newest first. Reserve one from its charger’s page."
      />
      <nav className="mb-4 flex flex-wrap gap-2 text-sm" aria-label="Filter reservations">
        {TABS.map((t) => (
          <Link
            key={t.key}
            href={t.key === 'active' ? '/reservations' : `/reservations?show=${t.key}`}
            aria-current={tab === t.key ? 'page' : undefined}
            className={`rounded-md border border-line px-3 py-1 ${tab === t.key ? 'bg-primary text-white' : 'hover:bg-tint'}`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {!r.ok ? (
        <LoadError what="the reservations" error={r.error} />
      ) : (
        <Card>
          <CardTitle description={tab === 'active' ? `${r.value.length} holding a connector` : 'latest 200'}>
            {tab === 'active' ? 'Active reservations' : 'All reservations'}
          </CardTitle>
          <FleetReservations
            reservations={r.value}
            operator={scope.role !== 'VENDOR_USER'}
            timeZone={tenant.timezone}
            empty={tab === 'active' ? 'No connector is reserved' : 'No reservations yet'}
          />
        </Card>
      )}
    </>
  );
}
