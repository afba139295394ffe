import Link from 'next/link';
import { Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { AddChargerForm, CreateSiteForm, SiteVendorSelect } from './site-actions.tsx';
import { SiteMap } from './site-map.tsx';
import { dashboardT } from '@magma/i18n';
import { dashboardLocale } from '@/i18n/request-locale.ts';

export async function generateMetadata() {
  return { title: dashboardT(await dashboardLocale())('sites.title') };
}

export default async function SitesPage() {
  const ctx = await requireMember();
  const t = dashboardT(await dashboardLocale());
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const api = await serverApi();
  const [sites, vendors, access] = await Promise.all([api.site.list(), api.vendor.list(), api.tenant.access()]);
  const vendorOptions = vendors.map((v) => ({ id: v.id, name: v.name }));
  const canAddSite = access.features.multiSite || sites.length === 0;
  const mapped = sites.flatMap((s) =>
    s.lat !== null && s.lng !== null
      ? [{ id: s.id, name: s.name, lat: Number(s.lat), lng: Number(s.lng), chargers: s._count.chargers }]
      : [],
  );

  return (
    <>
      <PageHeader
        title={t('sites.title')}
        description={ctx.scope.role === 'VENDOR_USER' ? t('sites.leadVendor') : t('sites.lead')}
      />
      <div className={admin ? 'grid items-start gap-8 lg:grid-cols-[2fr_1fr]' : ''}>
        {sites.length === 0 ? (
          <EmptyState title={t('sites.empty')}>{admin ? t('sites.emptyAdmin') : null}</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>{t('sites.col.site')}</Th>
                <Th>{t('sites.col.city')}</Th>
                <Th>{t('sites.col.owner')}</Th>
                <Th className="text-right">{t('sites.col.chargers')}</Th>
                <Th />
              </tr>
            </thead>
            <tbody data-testid="sites">
              {sites.map((s) => (
                <tr key={s.id} data-site={s.name}>
                  <Td>
                    <Link href={`/sites/${s.id}`} className="font-medium text-primary underline">
                      {s.name}
                    </Link>
                    <span className="block text-xs text-muted">{s.address}</span>
                  </Td>
                  <Td>
                    {s.city}
                    <span className="block text-xs text-muted">{s.state}</span>
                  </Td>
                  <Td>
                    {admin && access.features.vendorAccounts ? (
                      <SiteVendorSelect
                        siteId={s.id}
                        siteName={s.name}
                        vendorId={s.vendor?.id ?? null}
                        vendors={vendorOptions}
                      />
                    ) : (
                      (s.vendor?.name ?? <span className="text-muted">{t('sites.operator')}</span>)
                    )}
                  </Td>
                  <Td className="text-right tabular-nums">{s._count.chargers}</Td>
                  <Td className="text-right">
                    <Link className="text-sm text-primary underline" href={`/sites/${s.id}/stickers`}>
                      {t('sites.stickers')}
                    </Link>
                    <Link className="ml-3 text-sm text-primary underline" href={`/sites/${s.id}/load-balancing`}>
                      {t('sites.loadBalancing')}
                    </Link>
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {admin ? (
          <div className="space-y-8">
            {mapped.length > 0 ? (
              <Card>
                <CardTitle description={t('sites.mapLead')}>{t('sites.map')}</CardTitle>
                <SiteMap points={mapped} title={t('sites.mapTitle', { count: mapped.length })} />
              </Card>
            ) : null}
            <Card>
              <CardTitle description={canAddSite ? undefined : t('sites.onePlan')}>{t('sites.add')}</CardTitle>
              {canAddSite ? <CreateSiteForm vendors={access.features.vendorAccounts ? vendorOptions : []} /> : null}
            </Card>
            {sites.length > 0 ? (
              <Card>
                <CardTitle description={t('sites.addChargerLead')}>{t('sites.addCharger')}</CardTitle>
                <AddChargerForm sites={sites.map((s) => ({ id: s.id, name: `${s.name}, ${s.city}` }))} />
              </Card>
            ) : null}
          </div>
        ) : null}
      </div>
    </>
  );
}
