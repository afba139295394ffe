import { Card, CardTitle, EmptyState, Table, Td, Th } from '@magma/ui';
import { env } from '@/env.ts';
import { serverApi } from '@/server/api.ts';
import { requireAdmin } from '@/server/guards.ts';
import { DomainForm, RemoveDomainButton, VerifyDomainButton } from './domain-form.tsx';

export const metadata = { title: 'Domains' };

export default async function DomainsPage() {
  await requireAdmin();
  const api = await serverApi();
  const [settings, domains] = await Promise.all([api.tenant.settings(), api.tenant.domains()]);
  const platformHost = `${settings.slug}.${env.PLATFORM_DOMAIN}`;
  return (
    <div className="grid gap-8 lg:grid-cols-[2fr_1fr]">
      <Card>
        <CardTitle description="A custom host shows your brand once you prove you control it with a DNS TXT record.">
          Your domains
        </CardTitle>
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
              <tr key={d.id} data-domain={d.host}>
                <Td className="font-mono align-top">{d.host}</Td>
                <Td className="align-top">
                  {d.verifiedAt ? (
                    'Custom, verified'
                  ) : (
                    <div className="space-y-1" data-testid="txt-record">
                      <div>Not verified yet: add this DNS record, then Verify.</div>
                      <div className="text-xs text-muted">
                        TXT <span className="font-mono break-all">{d.record.name}</span>
                      </div>
                      <div className="text-xs text-muted">
                        value <span className="font-mono break-all">{d.record.value}</span>
                      </div>
                      <VerifyDomainButton id={d.id} />
                    </div>
                  )}
                </Td>
                <Td className="text-right align-top">
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
        <CardTitle
          description={`Point a CNAME record for the host at ${platformHost}, add it here, then add the TXT record shown and Verify.`}
        >
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
