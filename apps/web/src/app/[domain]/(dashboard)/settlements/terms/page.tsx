import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { inr, percent } from '../format.ts';
import { SplitTermsForm } from './terms-form.tsx';

export const metadata = { title: 'Revenue-split terms' };

const BEARER = { OPERATOR: 'operator', VENDOR: 'vendor', SHARED: 'shared' } as const;

/** Every vendor's split terms, version by version, and (for admins) the form for a new version. */
export default async function SplitTermsPage() {
  const ctx = await requireMember();
  if (ctx.scope.role === 'VENDOR_USER') redirect('/earnings');
  const admin = ctx.scope.role === 'OPERATOR_ADMIN' || ctx.scope.role === 'PLATFORM_ADMIN';
  const api = await serverApi();
  const [terms, vendors, sites] = await Promise.all([api.settlements.terms(), api.vendor.list(), api.site.list()]);
  const tz = ctx.tenant.timezone;
  const vendorName = new Map(vendors.map((v) => [v.id, v.name]));
  const siteName = new Map(sites.map((s) => [s.id, s.name]));
  const now = Date.now();
  // The version in force now for each vendor (and site): the latest effective one, as termsAt picks it.
  const current = new Map<string, (typeof terms)[number]>();
  for (const t of terms) {
    if (t.effectiveFrom.getTime() > now) continue;
    const key = `${t.vendorId}:${t.siteId ?? ''}`;
    const c = current.get(key);
    const later =
      !c || t.effectiveFrom > c.effectiveFrom || (+t.effectiveFrom === +c.effectiveFrom && t.version > c.version);
    if (later) current.set(key, t);
  }
  const inForce = new Set([...current.values()].map((t) => t.id));
  return (
    <>
      <PageHeader
        title="Revenue-split terms"
        description="What each vendor earns from its chargers' sessions. A change is a new version from a date; past versions stay as they were."
        actions={
          <Link href="/settlements" className="text-sm underline">
            Settlements
          </Link>
        }
      />
      <div className="grid grid-cols-1 items-start gap-8 xl:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        {admin ? (
          <Card>
            <CardTitle description="Applies to sessions that start from its effective time.">New version</CardTitle>
            <SplitTermsForm
              vendors={vendors.map((v) => ({ id: v.id, name: v.name }))}
              sites={sites.map((s) => ({ id: s.id, name: s.name, vendorId: s.vendor?.id ?? null }))}
              timeZone={tz}
            />
          </Card>
        ) : null}
        <section aria-label="Terms history">
          <h2 className="mb-3 text-lg font-semibold">History</h2>
          {terms.length === 0 ? (
            <EmptyState title="No terms yet">Without terms a vendor's sessions earn it nothing.</EmptyState>
          ) : (
            <div className="overflow-x-auto">
              <Table>
                <thead>
                  <tr>
                    <Th>Vendor / scope</Th>
                    <Th>From</Th>
                    <Th className="text-right">Share</Th>
                    <Th className="text-right">Per kWh</Th>
                    <Th className="text-right">Platform fee</Th>
                    <Th>Fees borne by</Th>
                    <Th>Sponsor</Th>
                  </tr>
                </thead>
                <tbody>
                  {terms.map((t) => (
                    <tr key={t.id} data-terms={t.id}>
                      <Td>
                        <span className="font-medium">{vendorName.get(t.vendorId) ?? t.vendorId}</span>
                        <span className="block text-xs text-muted">
                          {t.siteId ? (siteName.get(t.siteId) ?? 'one site') : 'all sites'} · v{t.version}
                        </span>
                      </Td>
                      <Td>
                        {t.effectiveFrom.toLocaleString('en-IN', {
                          timeZone: tz,
                          dateStyle: 'medium',
                          timeStyle: 'short',
                        })}{' '}
                        {inForce.has(t.id) ? (
                          <Badge tone="good">in force</Badge>
                        ) : t.effectiveFrom.getTime() > now ? (
                          <Badge tone="warn">upcoming</Badge>
                        ) : null}
                      </Td>
                      <Td className="text-right tabular-nums">{percent(t.vendorShareBps)}</Td>
                      <Td className="text-right tabular-nums">{inr(t.vendorPerKwhMinor)}</Td>
                      <Td className="text-right tabular-nums">
                        {percent(t.platformFeeBps)}
                        {t.platformFeeFixedMinor ? ` + ${inr(t.platformFeeFixedMinor)}` : ''}
                      </Td>
                      <Td className="text-sm">
                        platform: {BEARER[t.platformFeeBearer]}
                        <span className="block">gateway: {BEARER[t.gatewayFeeBearer]}</span>
                      </Td>
                      <Td className="text-sm">{t.sponsorShared ? 'shared' : 'operator keeps'}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </div>
          )}
        </section>
      </div>
    </>
  );
}
