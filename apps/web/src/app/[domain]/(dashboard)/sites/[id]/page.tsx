import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Stat, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { requireMember } from '@/server/guards.ts';
import { LoadError } from '@/components/dashboard/errors.tsx';
import { dateTime, kw, kwh, money } from '@/components/dashboard/format.ts';
import { StatusBadge, displayStatus } from '@/components/dashboard/status-badge.tsx';
import { SiteMap } from '../site-map.tsx';
import { SiteArchiveButton, SiteEditForm } from '../site-edit.tsx';

export const metadata = { title: 'Site' };

type Props = { params: Promise<{ domain: string; id: string }> };

const WINDOW_LABEL = { today: 'Today', '7d': 'Last 7 days', '30d': 'Last 30 days' } as const;

/** "GMT+5:30": the offset every time on the page is shown in. */
function offsetOf(timeZone: string): string {
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium break-words">{children ?? '—'}</dd>
    </div>
  );
}

export default async function SitePage({ params }: Props) {
  const { id } = await params;
  const { scope } = await requireMember();
  const admin = scope.role === 'OPERATOR_ADMIN' || scope.role === 'PLATFORM_ADMIN';
  const api = await serverApi();
  let o: Awaited<ReturnType<typeof api.site.overview>>;
  try {
    o = await api.site.overview({ id });
  } catch (e) {
    if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) notFound();
    return <LoadError what="this site" error={e} />;
  }
  const { site } = o;
  const tz = o.timezone;
  const offset = offsetOf(tz);
  const connected = o.chargers.filter((c) => c.online).map((c) => c.identity);
  const points =
    site.lat !== null && site.lng !== null
      ? [
          { id: site.id, name: site.name, lat: site.lat, lng: site.lng, chargers: o.chargers.length, current: true },
          ...o.nearby,
        ]
      : [];

  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {site.name}
            {site.archivedAt ? <Badge tone="neutral">Archived</Badge> : null}
          </span>
        }
        description={
          <>
            {site.address}, {site.city}, {site.state}
            {site.postalCode ? ` ${site.postalCode}` : ''} · {site.vendor ? site.vendor.name : 'Operator'}
          </>
        }
        actions={
          <span className="flex flex-wrap items-center gap-3 text-sm">
            <Link className="text-primary underline" href="/sites">
              All sites
            </Link>
            <Link className="text-primary underline" href={`/sites/${site.id}/stickers`}>
              QR stickers
            </Link>
            <Link className="text-primary underline" href={`/sites/${site.id}/load-balancing`}>
              Load balancing
            </Link>
            <Link className="text-primary underline" href={`/sessions?siteId=${site.id}`}>
              All sessions
            </Link>
          </span>
        }
      />
      {site.archivedAt ? (
        <p className="mb-6 rounded-md border border-line bg-tint p-3 text-sm" data-testid="archived-note">
          Archived {dateTime(site.archivedAt, tz)} ({offset}): hidden from lists and pickers; its chargers, sessions and
          statements keep their history.
        </p>
      ) : null}

      <section aria-label="Revenue" className="mb-8 grid grid-cols-1 gap-4 sm:grid-cols-3" data-testid="site-revenue">
        {o.revenue.map((r) => (
          <Stat
            key={r.label}
            label={`${WINDOW_LABEL[r.label]} · net of GST`}
            value={money(r.netMinor, o.currency)}
            hint={`${r.sessions} session${r.sessions === 1 ? '' : 's'} · ${kwh(r.energyWh)} · GST ${money(r.taxMinor, o.currency)}`}
          />
        ))}
      </section>

      <div className="grid items-start gap-8 lg:grid-cols-[3fr_2fr]">
        <div className="space-y-8">
          <Card>
            <CardTitle description={`${o.chargers.length} charger${o.chargers.length === 1 ? '' : 's'} at this site`}>
              Chargers
            </CardTitle>
            {o.chargers.length === 0 ? (
              <EmptyState title="No chargers here yet">Add one on the Sites page.</EmptyState>
            ) : (
              <div className="overflow-x-auto">
                <Table>
                  <thead>
                    <tr>
                      <Th>Charger</Th>
                      <Th>Model</Th>
                      <Th>Connectors</Th>
                    </tr>
                  </thead>
                  <tbody data-testid="site-chargers">
                    {o.chargers.map((c) => (
                      <tr key={c.id} data-charger={c.identity}>
                        <Td>
                          <Link href={`/chargers/${c.id}`} className="font-mono font-medium text-primary underline">
                            {c.identity}
                          </Link>
                          <span className="block text-xs text-muted">
                            {c.protocol === 'OCPP201' ? 'OCPP 2.0.1' : 'OCPP 1.6'} ·{' '}
                            {c.online ? 'connected' : 'not connected'}
                          </span>
                        </Td>
                        <Td>
                          {c.vendorName} {c.model}
                          <span className="block text-xs text-muted">
                            {c.maxPowerKw !== null ? `${c.maxPowerKw} kW` : ''}
                          </span>
                        </Td>
                        <Td>
                          <ul className="space-y-1">
                            {c.connectors.map((k) => (
                              <li key={`${k.evseId}-${k.connectorId}`} className="flex flex-wrap items-center gap-2">
                                <span className="text-xs text-muted">
                                  #{k.evseId} {k.type}
                                </span>
                                <StatusBadge status={displayStatus(k.status, c.online)} />
                                {k.livePowerW ? <span className="text-xs tabular-nums">{kw(k.livePowerW)}</span> : null}
                              </li>
                            ))}
                          </ul>
                        </Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </Card>

          <Card>
            <CardTitle description={`Latest ${o.sessions.length}; times in ${offset}`}>Recent sessions</CardTitle>
            {o.sessions.length === 0 ? (
              <EmptyState title="No sessions at this site yet" />
            ) : (
              <div className="overflow-x-auto">
                <Table>
                  <thead>
                    <tr>
                      <Th>Started</Th>
                      <Th>Charger</Th>
                      <Th className="text-right">Energy</Th>
                      <Th className="text-right">Net of GST</Th>
                    </tr>
                  </thead>
                  <tbody data-testid="site-sessions">
                    {o.sessions.map((s) => (
                      <tr key={s.id}>
                        <Td>
                          <Link href={`/sessions/${s.id}`} className="text-primary underline">
                            {dateTime(s.startedAt, tz)}
                          </Link>
                          {s.status === 'ACTIVE' ? (
                            <span className="ml-2">
                              <Badge tone="brand">Charging</Badge>
                            </span>
                          ) : null}
                        </Td>
                        <Td className="font-mono">
                          {s.charger.identity} #{s.evseId}
                        </Td>
                        <Td className="text-right tabular-nums">{kwh(s.energyWh)}</Td>
                        <Td className="text-right tabular-nums">{money(s.costMinor, o.currency)}</Td>
                      </tr>
                    ))}
                  </tbody>
                </Table>
              </div>
            )}
          </Card>
        </div>

        <div className="space-y-8">
          <Card>
            <CardTitle
              description={
                points.length ? 'Drawn from coordinates; other sites nearby link to their pages.' : undefined
              }
            >
              Map
            </CardTitle>
            {points.length ? (
              <SiteMap
                points={points}
                title={`${site.name} and ${o.nearby.length} site${o.nearby.length === 1 ? '' : 's'} nearby`}
                label={`${site.lat!.toFixed(4)}, ${site.lng!.toFixed(4)}`}
              />
            ) : (
              <EmptyState title="No coordinates yet">
                {admin ? 'Add latitude and longitude below to place the site on the map.' : null}
              </EmptyState>
            )}
          </Card>

          <Card>
            <CardTitle description={o.faults.length ? 'Not yet cleared by the charger' : undefined}>
              Open faults
            </CardTitle>
            {o.faults.length === 0 ? (
              <p className="text-sm text-muted" data-testid="site-faults">
                None open.
              </p>
            ) : (
              <ul className="space-y-2" data-testid="site-faults">
                {o.faults.map((f) => (
                  <li key={f.id} className="rounded-md border border-line p-2 text-sm">
                    <Link href={`/chargers/${f.charger.id}`} className="font-mono font-medium text-primary underline">
                      {f.charger.identity}
                    </Link>
                    {f.evseId ? ` connector ${f.evseId}` : ''} · <strong>{f.code}</strong>
                    {f.description ? ` — ${f.description}` : ''}
                    <span className="block text-xs text-muted">
                      since {dateTime(f.startedAt, tz)} ({offset}){f.acknowledgedAt ? ' · acknowledged' : ''}
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </Card>

          <Card>
            <CardTitle>Details</CardTitle>
            <dl className="grid grid-cols-2 gap-3 text-sm">
              <Fact label="Time zone">{site.timezone}</Fact>
              <Fact label="Grid capacity">{site.gridCapacityKw !== null ? `${site.gridCapacityKw} kW` : null}</Fact>
              <Fact label="Latitude">{site.lat}</Fact>
              <Fact label="Longitude">{site.lng}</Fact>
            </dl>
          </Card>

          {admin ? (
            <Card>
              <CardTitle description="Name, address, time zone and coordinates">Edit site</CardTitle>
              <SiteEditForm
                site={{
                  id: site.id,
                  name: site.name,
                  address: site.address,
                  city: site.city,
                  state: site.state,
                  postalCode: site.postalCode,
                  timezone: site.timezone,
                  lat: site.lat,
                  lng: site.lng,
                }}
              />
              <div className="mt-6 border-t border-line pt-4">
                <SiteArchiveButton
                  siteId={site.id}
                  siteName={site.name}
                  archived={site.archivedAt !== null}
                  connected={connected}
                  chargers={o.chargers.length}
                />
              </div>
            </Card>
          ) : null}
        </div>
      </div>
    </>
  );
}
