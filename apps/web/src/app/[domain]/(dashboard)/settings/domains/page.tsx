import { Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import { env } from '@/env.ts';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { DomainForm, RemoveDomainButton } from './domain-form.tsx';

export const metadata = { title: 'Domains' };

export default async function DomainsPage() {
  await requireAdmin();
  const api = await serverApi();
  const [settings, domains] = await Promise.all([api.tenant.settings(), api.tenant.domains()]);
  const platformHost = `${settings.slug}.${env.PLATFORM_DOMAIN}`;
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card>
        <CardTitle description="Every host below shows your brand and only your data.">Your domains</CardTitle>
        <Table>
          <thead>
            <tr>
              <Th>Host</Th>
              <Th>Kind</Th>
              <Th />
            </tr>
          </thead>
          <tbody>
            <tr>
              <Td className="font-mono">{platformHost}</Td>
              <Td>Included</Td>
              <Td />
            </tr>
            {domains.map((d) => (
              <tr key={d.id}>
                <Td className="font-mono">{d.host}</Td>
                <Td>Custom</Td>
                <Td className="text-right">
                  <RemoveDomainButton id={d.id} host={d.host} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
        {domains.length === 0 ? (
          <div className="mt-4">
            <EmptyState title="No custom domain yet">Add one such as charge.yourbrand.in.</EmptyState>
          </div>
        ) : null}
      </Card>
      <Card className="h-fit">
        <CardTitle description={`Point a CNAME record for the host at ${platformHost}, then add it here.`}>
          Add a domain
        </CardTitle>
        {settings.features.customDomains ? (
          <DomainForm />
        ) : (
          <p className="text-sm text-muted">Custom domains are part of the Operator CSMS plan.</p>
        )}
      </Card>
    </div>
  );
}
