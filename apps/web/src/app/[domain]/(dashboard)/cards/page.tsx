import Link from 'next/link';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { dateTime } from '@/components/dashboard/format.ts';
import { SearchForm } from '@/components/dashboard/search-form.tsx';
import { MAX_CARD_IMPORT_BYTES, MAX_CARD_IMPORT_ROWS } from '@magma/core/id-tokens';
import { AddCardForm, BlockCardButton, ImportCardsForm, PushCardsButton } from './card-forms.tsx';
import { EraseCustomerDataButton } from './erase-customer-data.tsx';
import { DriverPins } from './driver-pins.tsx';

export const metadata = { title: 'Cards' };

type Props = {
  params: Promise<{ domain: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
};

const KIND: Record<string, string> = {
  RFID: 'RFID card',
  ISO15693: 'RFID tag',
  CONTRACT: 'eMAID',
  CENTRAL: 'Central id',
  LOCAL: 'Local id',
};

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
  const q = (await searchParams).q?.trim().slice(0, 80) || undefined;
  // Vendor users see their vendor's cards; PINs work on every charger of the tenant, so not those.
  const operator = ctx.scope.role !== 'VENDOR_USER';
  const api = await serverApi();
  const [{ tokens, total }, pins] = await Promise.all([
    api.idTokens.list({ q, limit: 200 }),
    operator ? api.pins.list({ limit: 200 }) : null,
  ]);
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="Cards"
        description="RFID cards, driver PINs and other ids drivers start sessions with. A charger asks here at every tap (Authorize); a blocked or expired card is refused."
      />
      <div className={admin ? 'grid items-start gap-8 lg:grid-cols-[2fr_1fr]' : ''}>
        <div className="space-y-3">
          <SearchForm action="/cards" value={q} label="Find by id, name or group">
            <span className="text-sm text-muted">
              {tokens.length < total ? `${tokens.length} of ${total}` : `${total}`} {total === 1 ? 'card' : 'cards'}
            </span>
          </SearchForm>
          {tokens.length === 0 ? (
            <EmptyState title={q ? `No card matches “${q}”` : 'No cards yet'}>
              {admin && !q ? 'Register the first one with the form.' : null}
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
                {tokens.map((c) => {
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
