import Link from 'next/link';
import { Card, CardTitle, PageHeader } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { FleetReservations } from '@/components/dashboard/fleet-reservations.tsx';

export const metadata = { title: 'Reservations' };

type Props = { params: Promise<{ domain: string }>; searchParams: Promise<Record<string, string | undefined>> };

const PAGE = 100;

const TABS = [
  { key: 'active', label: 'Active' },
  { key: 'all', label: 'All' },
] as const;

export default async function ReservationsPage({ params, searchParams }: Props) {
  const { tenant } = await getTenantForDomain((await params).domain);
  const { scope } = await requireMember();
  const { show, cursor: rawCursor } = await searchParams;
  const tab = TABS.find((t) => t.key === show)?.key ?? 'active';
  // A page at a time by cursor, so a long history is never cut at a fixed count.
  const cursor = rawCursor && rawCursor.length <= 512 ? rawCursor : undefined;
  const api = await serverApi();
  const r = await settle(api.reservations.page({ active: tab === 'active', limit: PAGE, cursor }));
  const tabHref = tab === 'active' ? '/reservations' : `/reservations?show=${tab}`;
  const pageHref = (c: string) => `${tabHref}${tab === 'active' ? '?' : '&'}cursor=${encodeURIComponent(c)}`;

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
          <CardTitle
            description={`${r.value.items.length}${r.value.nextCursor ? '+' : ''} on this page${cursor ? ' (not the first)' : ''}`}
          >
            {tab === 'active' ? 'Active reservations' : 'All reservations'}
          </CardTitle>
          <FleetReservations
            reservations={r.value.items}
            operator={scope.role !== 'VENDOR_USER'}
            timeZone={tenant.timezone}
            empty={tab === 'active' ? 'No connector is reserved' : 'No reservations yet'}
          />
          <nav className="mt-3 flex justify-end gap-2 text-sm" aria-label="Pages">
            {cursor ? (
              <Link className="rounded-md border border-line px-3 py-1 hover:bg-tint" href={tabHref}>
                ← First page
              </Link>
            ) : null}
            {r.value.nextCursor ? (
              <Link
                className="rounded-md border border-line px-3 py-1 hover:bg-tint"
                href={pageHref(r.value.nextCursor)}
                rel="next"
              >
                Next →
              </Link>
            ) : null}
          </nav>
        </Card>
      )}
    </>
  );
}
