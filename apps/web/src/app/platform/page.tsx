import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, PageHeader, Table, Td, Th } from '@magma/ui';
import { PLAN_LABELS } from '@magma/api';
import { env } from '@/env.ts';
import { getContext, serverApi } from '@/server/api.ts';
import { DEFAULT_THEME, getTheme, themeKeys } from '@/server/themes.ts';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import { AddTenantDomain, CreateTenantForm, PaymentsModeSelect, PlanSelect } from './tenant-actions.tsx';

export const metadata = { title: 'Tenants' };

export default async function PlatformHomePage() {
  const ctx = await getContext();
  if (!ctx.user) redirect('/sign-in');
  const theme = getTheme(DEFAULT_THEME);
  if (!ctx.user.platformAdmin) {
    return (
      <main className="mx-auto max-w-md px-4 py-24 text-center">
        <h1 className="text-xl font-semibold">Platform admins only</h1>
        <p className="mt-2 text-muted">Sign in on your operator&apos;s own domain to manage chargers.</p>
        <div className="mt-6">
          <SignOutButton />
        </div>
      </main>
    );
  }
  const tenants = await (await serverApi()).platform.tenants();
  // Links keep the scheme and port the platform admin is using (e.g. http://demo.localhost:3000).
  const here = new URL(ctx.origin ?? `https://${env.PLATFORM_DOMAIN}`);
  const tenantHref = (slug: string) =>
    `${here.protocol}//${slug}.${env.PLATFORM_DOMAIN}${here.port ? `:${here.port}` : ''}/`;
  return (
    <>
      <header className="border-b border-line bg-surface">
        <div className="mx-auto flex max-w-7xl items-center justify-between px-4 py-3">
          <img src={theme.logoSrc} alt={theme.name} className="h-8 w-auto" />
          <div className="flex items-center gap-3 text-sm">
            <span>{ctx.user.email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8">
        <PageHeader title="Tenants" description="Every operator on the platform, their plan and their domains." />
        <div className="grid items-start gap-8 lg:grid-cols-[2fr_1fr]">
          <Table>
            <thead>
              <tr>
                <Th>Operator</Th>
                <Th>Hosts</Th>
                <Th>Plan</Th>
                <Th className="text-right">Chargers</Th>
                <Th className="text-right">Vendors</Th>
                <Th className="text-right">Users</Th>
              </tr>
            </thead>
            <tbody data-testid="tenants">
              {tenants.map((t) => (
                <tr key={t.id}>
                  <Td>
                    <span className="font-medium">{t.name}</span>
                    <span className="block text-xs text-muted">
                      theme <Badge>{t.themeKey}</Badge>
                    </span>
                  </Td>
                  <Td className="space-y-1 font-mono text-xs">
                    <a className="block underline" href={tenantHref(t.slug)}>
                      {t.slug}.{env.PLATFORM_DOMAIN}
                    </a>
                    {t.domains.map((d) => (
                      <span key={d.id} className="block">
                        {d.host}
                      </span>
                    ))}
                    <AddTenantDomain tenantId={t.id} />
                  </Td>
                  <Td>
                    <PlanSelect tenantId={t.id} plan={t.plan} labels={PLAN_LABELS} />
                    <div className="mt-1">
                      <PaymentsModeSelect tenantId={t.id} mode={t.paymentsMode} />
                    </div>
                  </Td>
                  <Td className="text-right tabular-nums">{t._count.chargers}</Td>
                  <Td className="text-right tabular-nums">{t._count.vendors}</Td>
                  <Td className="text-right tabular-nums">{t._count.memberships}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Card className="h-fit">
            <CardTitle description={`It is served at <name>.${env.PLATFORM_DOMAIN} right away.`}>New tenant</CardTitle>
            <CreateTenantForm themes={themeKeys()} />
          </Card>
        </div>
      </main>
    </>
  );
}
