import { redirect } from 'next/navigation';
import { Badge, Card, CardTitle, PageHeader, Table, Td, Th } from '@magma/ui';
import { PLAN_LABELS } from '@magma/api';
import { env } from '@/env.ts';
import { getContext, serverApi } from '@/server/api.ts';
import { DEFAULT_THEME, getTheme, themeKeys } from '@/server/themes.ts';
import { SignOutButton } from '@/components/sign-out-button.tsx';
import {
  AddTenantDomain,
  CreateTenantForm,
  PaymentsModeSelect,
  PlanSelect,
  ResendInvitationButton,
} from './tenant-actions.tsx';

export const metadata = { title: 'Tenants' };

// The platform team works in India; the zone is printed so the time reads right from anywhere.
const sentAt = (d: Date) =>
  new Intl.DateTimeFormat('en-IN', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone: 'Asia/Kolkata',
    timeZoneName: 'short',
  }).format(d);

const INVITATION_STATUS = {
  ACCEPTED: { label: 'Accepted', tone: 'good' },
  PENDING: { label: 'Pending', tone: 'warn' },
  EXPIRED: { label: 'Expired', tone: 'bad' },
} as const;

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
  const api = await serverApi();
  const [tenants, invitations] = await Promise.all([api.platform.tenants(), api.platform.firstAdminInvitations()]);
  const invitationOf = new Map(invitations.map((i) => [i.tenantId, i]));
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
        {/* The form goes under the table until the table has room for every column beside it. */}
        <div className="grid items-start gap-8 2xl:grid-cols-[2fr_1fr]">
          <Table>
            <thead>
              <tr>
                <Th>Operator</Th>
                <Th>Hosts</Th>
                <Th>First admin</Th>
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
                  <Td data-testid="first-admin">
                    <FirstAdminInvitation tenantId={t.id} invitation={invitationOf.get(t.id)} />
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
          <Card className="h-fit w-full max-w-xl 2xl:max-w-none">
            <CardTitle description={`It is served at <name>.${env.PLATFORM_DOMAIN} right away.`}>New tenant</CardTitle>
            <CreateTenantForm themes={themeKeys()} />
          </Card>
        </div>
      </main>
    </>
  );
}

function FirstAdminInvitation({
  tenantId,
  invitation,
}: {
  tenantId: string;
  invitation: { id: string; email: string; createdAt: Date; status: keyof typeof INVITATION_STATUS } | undefined;
}) {
  if (!invitation) return <span className="text-xs text-muted">No invitation sent</span>;
  const status = INVITATION_STATUS[invitation.status];
  return (
    <div className="min-w-56 space-y-1 text-xs">
      <span className="block text-sm break-all">{invitation.email}</span>
      <span className="flex flex-wrap items-center gap-1">
        <Badge tone={status.tone}>{status.label}</Badge>
        <span className="text-muted">sent {sentAt(invitation.createdAt)}</span>
      </span>
      {invitation.status === 'ACCEPTED' ? null : (
        <ResendInvitationButton tenantId={tenantId} id={invitation.id} email={invitation.email} />
      )}
    </div>
  );
}
