import { Badge, Card, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { dateTime, query } from '@/components/dashboard/format.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { ListFilterForm } from '@/components/dashboard/list-filter-form.tsx';
import { ListPager } from '@/components/dashboard/list-pager.tsx';
import { inr, toneOf } from '../settlements/format.ts';
import {
  PAYOUT_FILTER_KEYS,
  PAYOUT_SORT_LABELS,
  PAYOUT_STATUS_LABELS,
  payoutListFilter,
} from './payout-list-params.ts';

export const metadata = { title: 'Payouts' };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

const PAGE = 50;

/** Every payout (a vendor user: its own), filtered on the server, a page at a time, with its CSV. */
export default async function PayoutsPage({ searchParams }: Props) {
  const ctx = await requireMember();
  const vendorUser = ctx.scope.role === 'VENDOR_USER';
  const tz = ctx.tenant.timezone;
  const sp = await searchParams;
  const filter = payoutListFilter(sp, tz);
  const cursor = sp.cursor && sp.cursor.length <= 512 ? sp.cursor : undefined;
  const pageNo = Math.max(1, Math.min(100_000, Number(sp.n ?? 1) || 1));
  const api = await serverApi();
  const [list, totals, vendors] = await Promise.all([
    settle(api.payouts.page({ ...filter, cursor, limit: PAGE })),
    settle(api.payouts.totals({ vendorId: filter.vendorId, status: filter.status, from: filter.from, to: filter.to })),
    settle(api.vendor.list()),
  ]);
  const vendorName = new Map((vendors.ok ? vendors.value : []).map((v) => [v.id, v.name]));
  const filtered = PAYOUT_FILTER_KEYS.some((k) => k !== 'sort' && sp[k]);
  const kept = Object.fromEntries(PAYOUT_FILTER_KEYS.map((k) => [k, sp[k]]));

  return (
    <>
      <PageHeader
        title="Payouts"
        description={
          vendorUser
            ? 'Bank transfers of your net payable, with the bank’s reference (UTR).'
            : 'Every payout to your vendors, with the bank’s reference (UTR). Dates are in your time zone.'
        }
      />
      <div className="space-y-3">
        <Card>
          <ListFilterForm
            label="Filter payouts"
            testId="payout-filters"
            fields={[
              ...(vendorUser || !vendors.ok
                ? []
                : [
                    {
                      kind: 'select' as const,
                      name: 'vendorId',
                      label: 'Vendor',
                      options: [['', 'All vendors'] as const, ...vendors.value.map((v) => [v.id, v.name] as const)],
                    },
                  ]),
              {
                kind: 'select',
                name: 'status',
                label: 'Status',
                options: [['', 'Any'], ...Object.entries(PAYOUT_STATUS_LABELS)],
              },
              { kind: 'date', name: 'from', label: 'From' },
              { kind: 'date', name: 'to', label: 'To (inclusive)' },
              { kind: 'select', name: 'sort', label: 'Sort by', options: Object.entries(PAYOUT_SORT_LABELS) },
            ]}
          />
        </Card>
        {totals.ok ? (
          <div className="grid grid-cols-1 gap-3 sm:max-w-2xl sm:grid-cols-2" data-testid="payout-totals">
            <Stat
              label={filtered ? 'Payouts matching' : 'Payouts'}
              value={totals.value.payouts.toLocaleString('en-IN')}
            />
            <Stat label="Total amount" value={inr(totals.value.amountMinor)} />
          </div>
        ) : null}
        {!list.ok ? (
          <LoadError what="the payouts" error={list.error} />
        ) : list.value.items.length === 0 ? (
          <EmptyState title={filtered ? 'No payout matches these filters' : 'No payouts yet'}>
            {filtered ? null : 'A payout appears when a closed week’s payout run is created.'}
          </EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Created</Th>
                {vendorUser ? null : <Th>Vendor</Th>}
                <Th className="text-right">Amount</Th>
                <Th>Status</Th>
                <Th className="hidden sm:table-cell">Rail</Th>
                <Th className="hidden md:table-cell">UTR</Th>
              </tr>
            </thead>
            <tbody data-testid="payouts">
              {list.value.items.map((p) => (
                <tr key={p.id} data-payout={p.id}>
                  <Td className="whitespace-nowrap">{dateTime(p.createdAt, tz)}</Td>
                  {vendorUser ? null : (
                    <Td>
                      {p.vendorId ? (
                        (vendorName.get(p.vendorId) ?? '—')
                      ) : (
                        <span className="text-muted">Your own share (Route)</span>
                      )}
                    </Td>
                  )}
                  <Td className="text-right tabular-nums">{inr(p.amountMinor)}</Td>
                  <Td>
                    <Badge tone={toneOf(p.status)}>
                      {PAYOUT_STATUS_LABELS[p.status as keyof typeof PAYOUT_STATUS_LABELS] ?? p.status.toLowerCase()}
                    </Badge>
                    {p.failureReason ? <span className="block text-xs text-muted">{p.failureReason}</span> : null}
                  </Td>
                  <Td className="hidden sm:table-cell">{p.rail.toLowerCase().replaceAll('_', ' ')}</Td>
                  <Td className="hidden font-mono text-sm md:table-cell">{p.utr ?? '—'}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {list.ok ? (
          <ListPager
            path="/payouts"
            kept={kept}
            page={list.value}
            pageNo={pageNo}
            shown={list.value.items.length}
            noun="payouts"
            exportHref={`/api/export/payouts${query(filter)}`}
            testId="payouts"
          />
        ) : null}
      </div>
    </>
  );
}
