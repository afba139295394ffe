import Link from 'next/link';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { ago } from '@/components/dashboard/format.ts';
import { SearchForm } from '@/components/dashboard/search-form.tsx';
import { RegistrationBadge } from '@/components/dashboard/registration-badge.tsx';
import { ImportChargersForm, RegistrationButtons, UnknownChargerPolicyForm } from './onboarding-actions.tsx';

export const metadata = { title: 'Chargers' };

type Props = { searchParams: Promise<Record<string, string | undefined>> };

const PAGE = 200;
const PROTOCOL = { OCPP16: 'OCPP 1.6-J', OCPP201: 'OCPP 2.0.1' } as const;

/** What the charger says it is: vendor and model from its BootNotification, and its firmware. */
function Model({
  charger: c,
  unknown,
}: {
  charger: { vendorName: string | null; model: string | null; firmwareVersion: string | null };
  unknown: string;
}) {
  return (
    <>
      {[c.vendorName, c.model].filter(Boolean).join(' ') || <span className="text-muted">{unknown}</span>}
      {c.firmwareVersion ? <span className="block text-xs text-muted">firmware {c.firmwareVersion}</span> : null}
    </>
  );
}

export default async function ChargersPage({ searchParams }: Props) {
  const ctx = await requireMember();
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const search = (await searchParams).q?.trim().slice(0, 60) || undefined;
  const api = await serverApi();
  const [chargers, onboarding] = await Promise.all([
    api.charger.list({ search, limit: PAGE }),
    admin ? api.charger.onboarding() : null,
  ]);
  const waiting = onboarding?.waiting ?? [];

  return (
    <>
      <PageHeader
        title="Chargers"
        description={
          ctx.scope.role === 'VENDOR_USER'
            ? 'The chargers at your sites.'
            : 'Every charger of your network, and the ones asking to join.'
        }
      />
      {admin && waiting.length > 0 ? (
        <Card className="mb-8">
          <CardTitle description="They connected with an identity nobody registered. Approve one and it is told Accepted at its next BootNotification.">
            Waiting for approval
          </CardTitle>
          <Table>
            <thead>
              <tr>
                <Th>Identity</Th>
                <Th>Protocol</Th>
                <Th>Says it is</Th>
                <Th>First seen</Th>
                <Th />
              </tr>
            </thead>
            <tbody data-testid="waiting-chargers">
              {waiting.map((c) => (
                <tr key={c.id} data-charger={c.identity}>
                  <Td className="font-mono">{c.identity}</Td>
                  <Td>{PROTOCOL[c.protocol]}</Td>
                  <Td>
                    <Model charger={c} unknown="Not booted yet" />
                  </Td>
                  <Td>{ago(c.createdAt)}</Td>
                  <Td className="text-right">
                    <RegistrationButtons chargerId={c.id} identity={c.identity} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </Card>
      ) : null}
      <div className={admin ? 'grid items-start gap-8 lg:grid-cols-[2fr_1fr]' : ''}>
        <div className="space-y-3">
          <SearchForm action="/chargers" value={search} label="Find by identity" />
          {chargers.length === 0 ? (
            <EmptyState title={search ? `No charger matches “${search}”` : 'No chargers yet'}>
              {admin && !search ? 'Add one on the Sites page, or import a CSV file.' : null}
            </EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Identity</Th>
                  <Th>Site</Th>
                  <Th>Model</Th>
                  <Th>Protocol</Th>
                  <Th className="text-right">Connectors</Th>
                  <Th>Status</Th>
                  <Th>Last seen</Th>
                </tr>
              </thead>
              <tbody data-testid="chargers">
                {chargers.map((c) => (
                  <tr key={c.id} data-charger={c.identity}>
                    <Td className="whitespace-nowrap">
                      <Link className="font-mono text-primary underline" href={`/chargers/${c.id}`}>
                        {c.identity}
                      </Link>
                    </Td>
                    <Td>
                      {c.site ? (
                        <>
                          {c.site.name}
                          <span className="block text-xs text-muted">{c.site.city}</span>
                        </>
                      ) : (
                        <span className="text-muted">No site</span>
                      )}
                    </Td>
                    <Td>
                      <Model charger={c} unknown="—" />
                    </Td>
                    <Td className="whitespace-nowrap">{PROTOCOL[c.protocol]}</Td>
                    <Td className="text-right tabular-nums">{c.connectors.length}</Td>
                    <Td>
                      <span className="inline-flex flex-wrap gap-1">
                        {c.online ? <Badge tone="good">Online</Badge> : <Badge tone="neutral">Offline</Badge>}
                        <RegistrationBadge registration={c.registration} />
                      </span>
                    </Td>
                    <Td className="whitespace-nowrap">{ago(c.lastSeenAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {chargers.length === PAGE ? (
            <p className="text-sm text-muted">The first {PAGE} in identity order: search to find others.</p>
          ) : null}
        </div>
        {admin && onboarding ? (
          <div className="space-y-8">
            <Card>
              <CardTitle description="Chargers you register on the Sites page, or import here, always connect.">
                Unknown chargers
              </CardTitle>
              <UnknownChargerPolicyForm policy={onboarding.policy} />
            </Card>
            <Card>
              <CardTitle>Import from CSV</CardTitle>
              <ImportChargersForm limits={onboarding.importLimits} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}
