import Link from 'next/link';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { dateTime, query } from '@/components/dashboard/format.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { ListFilterForm } from '@/components/dashboard/list-filter-form.tsx';
import { ListPager } from '@/components/dashboard/list-pager.tsx';
import { MAX_CARD_IMPORT_BYTES, MAX_CARD_IMPORT_ROWS } from '@magma/core/id-tokens';
import { AddCardForm, BlockCardButton, ImportCardsForm, PushCardsButton } from './card-forms.tsx';
import { EraseCustomerDataButton } from './erase-customer-data.tsx';
import { DriverPins } from './driver-pins.tsx';
import {
  CARD_FILTER_KEYS,
  CARD_KIND_LABELS,
  CARD_SORT_LABELS,
  CARD_STATUS_LABELS,
  cardListFilter,
} from './card-list-params.ts';

export const metadata = { title: 'Cards' };

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
};

const KIND: Record<string, string> = CARD_KIND_LABELS;
const PAGE = 50;

const STATUS = {
  ACCEPTED: ['good', 'active'],
  BLOCKED: ['bad', 'blocked'],
  EXPIRED: ['warn', 'expired'],
  INVALID: ['neutral', 'invalid'],
} as const;

export default async function CardsPage({ params, searchParams }: Props) {
  const { domain } = await params;
  const { tenant } = await getTenantForDomain(domain);
  const ctx = await requireMember();
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const sp = await searchParams;
  const filter = cardListFilter(sp);
  const cursor = sp.cursor && sp.cursor.length <= 512 ? sp.cursor : undefined;
  const pageNo = Math.max(1, Math.min(100_000, Number(sp.n ?? 1) || 1));
  // Vendor users see their vendor's cards; PINs work on every charger of the tenant, so not those.
  const operator = ctx.scope.role !== 'VENDOR_USER';
  const api = await serverApi();
  const [list, count, vendors, pins] = await Promise.all([
    settle(api.idTokens.page({ ...filter, cursor, limit: PAGE })),
    settle(api.idTokens.count({ q: filter.q, status: filter.status, type: filter.type, vendorId: filter.vendorId })),
    operator ? settle(api.vendor.list()) : null,
    operator ? api.pins.list({ limit: 200 }) : null,
  ]);
  const filtered = CARD_FILTER_KEYS.some((k) => k !== 'sort' && sp[k]);
  const kept = Object.fromEntries(CARD_FILTER_KEYS.map((k) => [k, sp[k]]));
  const total = count.ok ? count.value.total : null;
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="Cards"
        description="RFID cards, driver PINs and other ids drivers start sessions with. A charger asks here at every tap (Authorize); a blocked or expired card is refused."
      />
      <div className={admin ? 'grid items-start gap-8 lg:grid-cols-[2fr_1fr]' : ''}>
        <div className="space-y-3">
          <Card>
            <ListFilterForm
              label="Filter cards"
              testId="card-filters"
              fields={[
                { kind: 'text', name: 'q', label: 'Card id, name or group', placeholder: '04A2B3C4D5' },
                {
                  kind: 'select',
                  name: 'status',
                  label: 'Status',
                  options: [['', 'Any'], ...Object.entries(CARD_STATUS_LABELS)],
                },
                {
                  kind: 'select',
                  name: 'type',
                  label: 'Kind',
                  options: [['', 'Any'], ...Object.entries(CARD_KIND_LABELS)],
                },
                ...(vendors?.ok
                  ? [
                      {
                        kind: 'select' as const,
                        name: 'vendorId',
                        label: 'Vendor',
                        options: [['', 'All vendors'], ...vendors.value.map((v) => [v.id, v.name] as const)] as const,
                      },
                    ]
                  : []),
                { kind: 'select', name: 'sort', label: 'Sort by', options: Object.entries(CARD_SORT_LABELS) },
              ]}
            />
          </Card>
          {total !== null ? (
            <p className="text-sm text-muted" data-testid="card-count">
              {total.toLocaleString('en-IN')} {total === 1 ? 'card' : 'cards'}
              {filtered ? ' match these filters' : ''}
            </p>
          ) : null}
          {!list.ok ? (
            <LoadError what="the cards" error={list.error} />
          ) : list.value.items.length === 0 ? (
            <EmptyState title={filtered ? 'No card matches these filters' : 'No cards yet'}>
              {admin && !filtered ? 'Register the first one with the form.' : null}
            </EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Card id</Th>
                  <Th>Name</Th>
                  <Th>Kind</Th>
                  <Th>Status</Th>
                  <Th>Expires</Th>
                  <Th className="text-right">Sessions</Th>
                  {admin ? <Th /> : null}
                </tr>
              </thead>
              <tbody data-testid="cards">
                {list.value.items.map((c) => {
                  const lapsed = c.status === 'ACCEPTED' && c.expiresAt && c.expiresAt.getTime() <= now;
                  const [tone, label] = lapsed ? STATUS.EXPIRED : STATUS[c.status];
                  return (
                    <tr key={c.id} data-card={c.token}>
                      <Td className="font-mono whitespace-nowrap">
                        {c.token}
                        {c.parentToken ? <span className="block text-xs text-muted">group {c.parentToken}</span> : null}
                      </Td>
                      <Td>{c.label ?? <span className="text-muted">—</span>}</Td>
                      <Td className="whitespace-nowrap">{KIND[c.type] ?? c.type}</Td>
                      <Td>
                        <Badge tone={tone}>{label}</Badge>
                      </Td>
                      <Td className="whitespace-nowrap">
                        {c.expiresAt ? (
                          dateTime(c.expiresAt, tenant.timezone)
                        ) : (
                          <span className="text-muted">never</span>
                        )}
                      </Td>
                      <Td className="text-right tabular-nums">
                        {c.sessions > 0 ? (
                          <Link
                            className="text-primary underline"
                            href={`/sessions?idToken=${encodeURIComponent(c.token)}`}
                          >
                            {c.sessions}
                          </Link>
                        ) : (
                          0
                        )}
                      </Td>
                      {admin ? (
                        <Td className="text-right">
                          <BlockCardButton id={c.id} token={c.token} blocked={c.status === 'BLOCKED'} />
                          <EraseCustomerDataButton id={c.id} token={c.token} />
                        </Td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </Table>
          )}
          {list.ok ? (
            <ListPager
              path="/cards"
              kept={kept}
              page={list.value}
              pageNo={pageNo}
              shown={list.value.items.length}
              noun="cards"
              exportHref={`/api/export/cards${query(filter)}`}
              testId="cards"
            />
          ) : null}
        </div>
        {admin ? (
          <div className="space-y-8">
            <Card>
              <CardTitle description="Chargers that keep an authorization cache may let a just-blocked card charge until their cache expires.">
                Register a card
              </CardTitle>
              <AddCardForm timeZone={tenant.timezone} />
            </Card>
            <Card>
              <CardTitle description="Every card with its status, sent as each charger's local authorization list, so blocked cards are refused and good ones accepted even while a charger is offline.">
                Chargers’ card lists
              </CardTitle>
              <PushCardsButton />
            </Card>
            <Card>
              <CardTitle description="A card supplier's list or another system's export.">Import cards</CardTitle>
              <ImportCardsForm limits={{ bytes: MAX_CARD_IMPORT_BYTES, rows: MAX_CARD_IMPORT_ROWS }} />
            </Card>
          </div>
        ) : null}
      </div>
      {pins ? <DriverPins holders={pins.holders} total={pins.total} admin={admin} timeZone={tenant.timezone} /> : null}
    </>
  );
}
