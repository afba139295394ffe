import Link from 'next/link';
import { Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { dashboardT, type DashboardT } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';
import { agoIn } from '@/i18n/relative-time.ts';
import { LoadError, settle } from '@/components/dashboard/errors.tsx';
import { RegistrationBadge } from '@/components/dashboard/registration-badge.tsx';
import { StatusBadge } from '@/components/dashboard/status-badge.tsx';
import { ImportChargersForm, RegistrationButtons, UnknownChargerPolicyForm } from './onboarding-actions.tsx';
import { ListFilterForm } from '@/components/dashboard/list-filter-form.tsx';
import { ListPager } from '@/components/dashboard/list-pager.tsx';
import {
  CHARGER_FILTER_KEYS,
  chargerExportQuery,
  chargerFilterFields,
  chargerListFilter,
} from './charger-list-params.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('chargers.title') };
}

type Props = { searchParams: Promise<Record<string, string | undefined>> };

const PAGE = 50;
const PROTOCOL = { OCPP16: 'OCPP 1.6-J', OCPP201: 'OCPP 2.0.1' } as const;

/** What the charger says it is: vendor and model from its BootNotification, and its firmware. */
function Model({
  charger: c,
  unknown,
  t,
}: {
  charger: { vendorName: string | null; model: string | null; firmwareVersion: string | null };
  unknown: string;
  t: DashboardT;
}) {
  return (
    <>
      {[c.vendorName, c.model].filter(Boolean).join(' ') || <span className="text-muted">{unknown}</span>}
      {c.firmwareVersion ? (
        <span className="block text-xs text-muted">{t('chargers.firmware', { version: c.firmwareVersion })}</span>
      ) : null}
    </>
  );
}

export default async function ChargersPage({ searchParams }: Props) {
  const ctx = await requireMember();
  const locale = await dashboardLocale();
  const t = dashboardT(locale);
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const sp = await searchParams;
  const filter = chargerListFilter(sp);
  const cursor = sp.cursor && sp.cursor.length <= 512 ? sp.cursor : undefined;
  const pageNo = Math.max(1, Math.min(100_000, Number(sp.n ?? 1) || 1));
  const api = await serverApi();
  const [list, options, onboarding] = await Promise.all([
    settle(api.charger.page({ ...filter, cursor, limit: PAGE })),
    settle(api.fleet.filterOptions()),
    admin ? api.charger.onboarding() : null,
  ]);
  const waiting = onboarding?.waiting ?? [];
  const filtered = CHARGER_FILTER_KEYS.some((k) => k !== 'sort' && sp[k]);
  const kept = Object.fromEntries(CHARGER_FILTER_KEYS.map((k) => [k, sp[k]]));

  return (
    <>
      <PageHeader
        title={t('chargers.title')}
        description={ctx.scope.role === 'VENDOR_USER' ? t('chargers.leadVendor') : t('chargers.lead')}
      />
      {admin && waiting.length > 0 ? (
        <Card className="mb-8">
          <CardTitle description={t('chargers.waitingLead')}>{t('chargers.waiting')}</CardTitle>
          <Table>
            <thead>
              <tr>
                <Th>{t('chargers.col.identity')}</Th>
                <Th>{t('chargers.col.protocol')}</Th>
                <Th>{t('chargers.col.saysItIs')}</Th>
                <Th>{t('chargers.col.firstSeen')}</Th>
                <Th />
              </tr>
            </thead>
            <tbody data-testid="waiting-chargers">
              {waiting.map((c) => (
                <tr key={c.id} data-charger={c.identity}>
                  <Td className="font-mono">{c.identity}</Td>
                  <Td>{PROTOCOL[c.protocol]}</Td>
                  <Td>
                    <Model charger={c} unknown={t('chargers.notBooted')} t={t} />
                  </Td>
                  <Td>{agoIn(t, c.createdAt)}</Td>
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
          <Card>
            <ListFilterForm
              label={t('chargers.filter')}
              testId="charger-filters"
              fields={chargerFilterFields(
                options.ok ? options.value : { cities: [], sites: [], models: [], firmwares: [] },
                t,
              )}
            />
          </Card>
          {!list.ok ? (
            <LoadError what="the chargers" error={list.error} />
          ) : list.value.items.length === 0 ? (
            <EmptyState title={filtered ? t('chargers.emptyFiltered') : t('chargers.empty')}>
              {admin && !filtered ? t('chargers.emptyAdmin') : null}
            </EmptyState>
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>{t('chargers.col.identity')}</Th>
                  <Th>{t('chargers.col.site')}</Th>
                  <Th className="hidden lg:table-cell">{t('chargers.col.model')}</Th>
                  <Th className="hidden md:table-cell">{t('chargers.col.protocol')}</Th>
                  <Th className="hidden text-right sm:table-cell">{t('chargers.col.connectors')}</Th>
                  <Th>{t('chargers.col.status')}</Th>
                  <Th className="hidden sm:table-cell">{t('chargers.col.lastSeen')}</Th>
                </tr>
              </thead>
              <tbody data-testid="chargers">
                {list.value.items.map((c) => (
                  <tr key={c.id} data-charger={c.identity} data-state={c.state}>
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
                        <span className="text-muted">{t('chargers.noSite')}</span>
                      )}
                    </Td>
                    <Td className="hidden lg:table-cell">
                      <Model charger={c} unknown="—" t={t} />
                    </Td>
                    <Td className="hidden whitespace-nowrap md:table-cell">{PROTOCOL[c.protocol]}</Td>
                    <Td className="hidden text-right tabular-nums sm:table-cell">{c.connectors.length}</Td>
                    <Td>
                      <span className="inline-flex flex-wrap gap-1">
                        <StatusBadge status={c.state} locale={locale} />
                        <RegistrationBadge registration={c.registration} locale={locale} />
                      </span>
                    </Td>
                    <Td className="hidden whitespace-nowrap sm:table-cell">{agoIn(t, c.lastSeenAt)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {list.ok ? (
            <ListPager
              path="/chargers"
              kept={kept}
              page={list.value}
              pageNo={pageNo}
              shown={list.value.items.length}
              noun={t('chargers.noun')}
              exportHref={`/api/export/chargers${chargerExportQuery(filter)}`}
              testId="chargers"
              locale={locale}
            />
          ) : null}
        </div>
        {admin && onboarding ? (
          <div className="space-y-8">
            <Card>
              <CardTitle description={t('chargers.unknownLead')}>{t('chargers.unknown')}</CardTitle>
              <UnknownChargerPolicyForm policy={onboarding.policy} />
            </Card>
            <Card>
              <CardTitle>{t('chargers.import')}</CardTitle>
              <ImportChargersForm limits={onboarding.importLimits} />
            </Card>
          </div>
        ) : null}
      </div>
    </>
  );
}
