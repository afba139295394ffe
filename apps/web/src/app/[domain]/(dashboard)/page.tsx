import { Badge, Card, CardTitle, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';

export const metadata = { title: 'Overview' };

const STATUS_TONE: Record<string, 'good' | 'warn' | 'bad' | 'neutral'> = {
  AVAILABLE: 'good',
  CHARGING: 'warn',
  PREPARING: 'warn',
  FAULTED: 'bad',
  UNAVAILABLE: 'bad',
};

export default async function OverviewPage() {
  const api = await serverApi();
  const [access, sites, chargers] = await Promise.all([api.tenant.access(), api.site.list(), api.charger.list()]);
  const online = chargers.filter((c) => c.online).length;
  const connectors = chargers.flatMap((c) => c.connectors);
  const charging = connectors.filter((c) => c.status === 'CHARGING').length;
  const faulted = connectors.filter((c) => c.status === 'FAULTED').length;
  const cities = new Set(sites.map((s) => s.city)).size;

  return (
    <>
      <PageHeader
        title="Overview"
        description={access.role === 'VENDOR_USER' ? 'Your sites and chargers.' : `All sites of ${access.tenant.name}.`}
      />
      <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
        <Stat label="Sites" value={sites.length} hint={`${cities} ${cities === 1 ? 'city' : 'cities'}`} />
        <Stat label="Chargers online" value={`${online} / ${chargers.length}`} />
        <Stat label="Charging now" value={charging} hint={`${connectors.length} connectors`} />
        <Stat label="Faulted connectors" value={faulted} />
      </div>

      <Card className="mt-8">
        <CardTitle description="Every charger you can reach, by site.">Chargers</CardTitle>
        {chargers.length === 0 ? (
          <EmptyState title="No chargers yet">Chargers appear here once they are added to a site.</EmptyState>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Charger</Th>
                <Th>Site</Th>
                <Th>Owner</Th>
                <Th>Connectors</Th>
                <Th>Link</Th>
              </tr>
            </thead>
            <tbody data-testid="charger-rows">
              {chargers.map((c) => (
                <tr key={c.id} data-charger={c.identity}>
                  <Td className="font-mono">{c.identity}</Td>
                  <Td>
                    {c.site ? (
                      <>
                        {c.site.name}
                        <span className="block text-xs text-muted">{c.site.city}</span>
                      </>
                    ) : (
                      <span className="text-muted">Unassigned</span>
                    )}
                  </Td>
                  <Td>{c.vendor?.name ?? <span className="text-muted">Operator</span>}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {c.connectors.map((k) => (
                        <Badge key={k.id} tone={STATUS_TONE[k.status] ?? 'neutral'}>
                          {k.evseId}: {k.status.toLowerCase().replace('_', ' ')}
                        </Badge>
                      ))}
                    </div>
                  </Td>
                  <Td>{c.online ? <Badge tone="good">online</Badge> : <Badge>offline</Badge>}</Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
