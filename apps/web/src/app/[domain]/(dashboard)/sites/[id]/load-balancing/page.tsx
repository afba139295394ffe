import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { kw } from '@/components/dashboard/format.ts';
import { CircuitEditor } from '@/components/dashboard/circuit-editor.tsx';
import { GridOperators } from '@/components/dashboard/grid-operators.tsx';
import { SiteLoadChart } from '@/components/dashboard/site-load-chart.tsx';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { getTenantForDomain } from '@/server/tenant.ts';

export const metadata = { title: 'Load balancing' };
export const dynamic = 'force-dynamic';

type Props = { params: Promise<{ domain: string; id: string }> };

const POLICY = { EQUAL_SHARE: 'Equal share', PRIORITY: 'Priority', FIRST_COME: 'First come' } as const;

/** A site's circuits and what each EVSE under them may draw and draws (#21); operator admins edit the tree. */
export default async function LoadBalancingPage({ params }: Props) {
  const { id, domain } = await params;
  const { scope } = await requireMember();
  const admin = scope.role === 'OPERATOR_ADMIN' || scope.role === 'PLATFORM_ADMIN';
  const api = await serverApi();
  const view = await api.loadBalancing.site({ siteId: id }).catch((e: unknown) => {
    if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'FORBIDDEN')) notFound();
    throw e;
  });
  // The last 24 hours of draw against the top circuit's capacity, in the tenant's time zone.
  const [history, { tenant }] = await Promise.all([
    view.circuits.length ? api.loadBalancing.siteHistory({ siteId: id }) : null,
    getTenantForDomain(domain),
  ]);
  const circuitName = new Map(view.circuits.map((c) => [c.id, c.name]));
  // Grid operators are the operator admin's (tokens, the whole site's capacity): others see no section.
  const gridOperators = await api.oscp.site({ siteId: id }).catch(() => null);
  // The site's EVSEs (from its connectors), for the admin's assignment form.
  const siteEvses = admin
    ? (await api.site.overview({ id })).chargers.flatMap((c) =>
        [...new Set(c.connectors.map((k) => k.evseId))].map((evseId) => ({
          chargerId: c.id,
          identity: c.identity,
          evseId,
        })),
      )
    : [];

  return (
    <>
      <PageHeader
        title="Load balancing"
        description="The site's circuits, the limits sent to its chargers and what they draw."
      />
      <p className="mb-6 text-sm">
        <Link className="text-primary underline" href="/sites">
          All sites
        </Link>
      </p>
      {view.circuits.length === 0 ? (
        <EmptyState title="No circuits yet">This site is not load balanced.</EmptyState>
      ) : (
        <div className="space-y-8">
          <Card>
            <CardTitle>Circuits</CardTitle>
            <Table>
              <thead>
                <tr>
                  <Th>Circuit</Th>
                  <Th>Policy</Th>
                  <Th className="text-right">Capacity</Th>
                  <Th className="text-right">Allocated</Th>
                  <Th className="text-right">Drawn</Th>
                </tr>
              </thead>
              <tbody>
                {view.circuits.map((c) => (
                  <tr key={c.id} data-testid="circuit">
                    <Td>
                      {c.parentId ? <span className="text-muted">{circuitName.get(c.parentId)} › </span> : null}
                      {c.name}
                      {c.enabled ? null : <span className="ml-2 text-xs text-muted">(disabled)</span>}
                      <div className="text-xs text-muted">
                        {c.phases}-phase · {c.voltageV} V{c.maxCurrentA !== null ? ` · ${c.maxCurrentA} A` : ''}
                        {c.safetyMarginPct ? ` · ${c.safetyMarginPct}% margin` : ''}
                      </div>
                    </Td>
                    <Td>{POLICY[c.policy]}</Td>
                    <Td className="text-right tabular-nums">{kw(c.capacityW)}</Td>
                    <Td className="text-right tabular-nums">{kw(c.allocatedW)}</Td>
                    <Td className="text-right tabular-nums">{kw(c.drawnW)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </Card>
          {history ? (
            <Card>
              <CardTitle>
                Last 24 hours{history.circuit ? <span className="text-muted"> · {history.circuit.name}</span> : null}
              </CardTitle>
              <SiteLoadChart points={history.points} timeZone={tenant.timezone} />
            </Card>
          ) : null}
          <Card>
            <CardTitle>EVSEs</CardTitle>
            {view.evses.length === 0 ? (
              <p className="text-sm text-muted">No EVSE is under a circuit yet.</p>
            ) : (
              <Table>
                <thead>
                  <tr>
                    <Th>Charger</Th>
                    <Th>Circuit</Th>
                    <Th className="text-right">Range</Th>
                    <Th className="text-right">Limit</Th>
                    <Th className="text-right">Drawn</Th>
                  </tr>
                </thead>
                <tbody>
                  {view.evses.map((e) => (
                    <tr key={e.id} data-testid="evse">
                      <Td>
                        <Link className="text-primary underline" href={`/chargers/${e.chargerId}`}>
                          {e.identity}
                        </Link>{' '}
                        #{e.evseId}
                        <div className="text-xs text-muted">
                          {e.online ? (e.charging ? 'Charging' : 'Idle') : 'Offline'}
                        </div>
                      </Td>
                      <Td>{circuitName.get(e.circuitId)}</Td>
                      <Td className="text-right tabular-nums">
                        {e.minCurrentA}–{e.maxCurrentA} A
                      </Td>
                      <Td className="text-right tabular-nums">
                        {e.limitA === null ? '—' : `${e.limitA} A · ${kw(e.limitW)}`}
                      </Td>
                      <Td className="text-right tabular-nums">{e.drawnW === null ? '—' : kw(e.drawnW)}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            )}
          </Card>
        </div>
      )}
      {admin ? (
        <Card className="mt-8">
          <CardTitle>Edit circuits</CardTitle>
          <CircuitEditor siteId={id} circuits={view.circuits} assigned={view.evses} siteEvses={siteEvses} />
        </Card>
      ) : null}
      {gridOperators ? (
        <Card className="mt-8">
          <CardTitle>Grid operators (OSCP)</CardTitle>
          <GridOperators siteId={id} connections={gridOperators} />
        </Card>
      ) : null}
    </>
  );
}
