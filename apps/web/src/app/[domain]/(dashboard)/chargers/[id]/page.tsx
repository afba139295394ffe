import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { TRPCError } from '@trpc/server';
import { Badge, Card, CardTitle, EmptyState, PageHeader, Table, Td, Th } from '@magma/ui';
import { serverApi } from '@/server/api.ts';
import { getTenantForDomain } from '@/server/tenant.ts';
import { ChargerActions } from '@/components/dashboard/charger-actions.tsx';
import { ChargerPassword } from '@/components/dashboard/charger-password.tsx';
import { ChargerReservations } from '@/components/dashboard/charger-reservations.tsx';
import { ChargerProfiles } from '@/components/dashboard/charger-profiles.tsx';
import { ChargerEvState } from '@/components/dashboard/charger-ev-state.tsx';
import { ChargerLocalList } from '@/components/dashboard/charger-local-list.tsx';
import { ChargerOpsPanels } from '@/components/dashboard/charger-ops-panels.tsx';
import { ChargerDeviceModel } from '@/components/dashboard/charger-device-model.tsx';
import { ChargerFirmware } from '@/components/dashboard/charger-firmware.tsx';
import { ChargerLogs } from '@/components/dashboard/charger-logs.tsx';
import { ChargerCertificates } from '@/components/dashboard/charger-certificates.tsx';
import { ChargerSecurityEvents } from '@/components/dashboard/charger-security-events.tsx';
import { ChargerConnectors } from '@/components/dashboard/charger-connectors.tsx';
import { SessionStartCell } from '@/components/dashboard/session-start-cell.tsx';
import { LoadError } from '@/components/dashboard/errors.tsx';
import { ago, dateTime, kwh, money } from '@/components/dashboard/format.ts';
import { LiveIndicator, LiveProvider } from '@/components/dashboard/live.tsx';
import { RegistrationBadge } from '@/components/dashboard/registration-badge.tsx';
import { requireMember } from '@/server/guards.ts';
import { RegistrationButtons } from '../onboarding-actions.tsx';

export const metadata = { title: 'Charger' };

type Props = { params: Promise<{ domain: string; id: string }> };

const COMMAND_TONE = {
  RESPONDED: 'good',
  ERROR: 'bad',
  TIMEOUT: 'warn',
  OFFLINE: 'neutral',
  PENDING: 'neutral',
  SENT: 'neutral',
} as const;

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="font-medium break-words">{children ?? '—'}</dd>
    </div>
  );
}

export default async function ChargerPage({ params }: Props) {
  const { domain, id } = await params;
  const { tenant } = await getTenantForDomain(domain);
  const { scope } = await requireMember();
  const admin = scope.role === 'OPERATOR_ADMIN' || scope.role === 'PLATFORM_ADMIN';
  const operator = scope.role !== 'VENDOR_USER';
  const api = await serverApi();
  let d: Awaited<ReturnType<typeof api.chargers.detail>>;
  let reservations: Awaited<ReturnType<typeof api.reservations.list>>;
  let profiles: Awaited<ReturnType<typeof api.smartCharging.list>>;
  try {
    [d, reservations, profiles] = await Promise.all([
      api.chargers.detail({ chargerId: id }),
      api.reservations.list({ chargerId: id, limit: 20 }),
      api.smartCharging.list({ chargerId: id }),
    ]);
  } catch (e) {
    if (e instanceof TRPCError && (e.code === 'NOT_FOUND' || e.code === 'BAD_REQUEST')) notFound();
    return <LoadError what="this charger" error={e} />;
  }
  const { charger: c } = d;
  const tz = tenant.timezone;
  const activeSessions = d.sessions.filter((s) => s.status === 'ACTIVE').map((s) => ({ id: s.id, evseId: s.evseId }));

  return (
    <LiveProvider chargerNames={{ [c.id]: c.identity }}>
      <PageHeader
        title={<span className="font-mono">{c.identity}</span>}
        description={
          <>
            {c.vendorName} {c.model} · {c.site ? `${c.site.name}, ${c.site.city}` : 'No site'}
          </>
        }
        actions={
          <span className="flex flex-wrap items-center gap-3">
            <RegistrationBadge registration={c.registration} />
            {admin && c.registration !== 'ACCEPTED' ? (
              <RegistrationButtons chargerId={c.id} identity={c.identity} />
            ) : null}
            {c.online ? <Badge tone="good">Online</Badge> : <Badge tone="bad">Offline</Badge>}
            <LiveIndicator />
          </span>
        }
      />

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-1">
          <CardTitle>Identity</CardTitle>
          <dl className="grid grid-cols-2 gap-3 text-sm">
            <Fact label="Protocol">{c.protocol === 'OCPP16' ? 'OCPP 1.6-J' : 'OCPP 2.0.1'}</Fact>
            <Fact label="Firmware">{c.firmwareVersion}</Fact>
            <Fact label="Serial number">{c.serialNumber}</Fact>
            <Fact label="Max power">{c.maxPowerKw ? `${c.maxPowerKw} kW` : null}</Fact>
            <Fact label="Last seen">{ago(c.lastSeenAt)}</Fact>
            <Fact label="Last boot">{dateTime(c.lastBootAt, tz)}</Fact>
            <Fact label="Firmware status">{c.firmwareStatus}</Fact>
            <Fact label="Diagnostics">{c.diagnosticsStatus}</Fact>
            <Fact label="Owner">{c.vendor?.name ?? 'Operator'}</Fact>
            <Fact label="Security profile">
              {c.securityProfile}
              {c.hasPassword ? ' · password set' : ' · no password'}
            </Fact>
          </dl>
          {admin ? <ChargerPassword chargerId={c.id} hasPassword={c.hasPassword} /> : null}
        </Card>
        <Card className="lg:col-span-2">
          <CardTitle description="Live">Connectors</CardTitle>
          {d.connectors.length ? (
            <ChargerConnectors chargerId={c.id} online={c.online} connectors={d.connectors} />
          ) : (
            <EmptyState title="No connectors reported yet">
              They appear after the charger’s first StatusNotification.
            </EmptyState>
          )}
        </Card>
      </div>

      {/* A vendor user gets the actions it may send (reset, connectors, trigger, stop) and their history; the configuration read is the operator's. */}
      <Card className="mt-6">
        <CardTitle description="Each action is sent to the charger; its answer is shown here.">
          Remote actions
        </CardTitle>
        <ChargerActions
          chargerId={c.id}
          protocol={c.protocol}
          evseIds={d.connectors.map((k) => k.evseId)}
          activeSessions={activeSessions}
          operator={operator}
        />
      </Card>

      <Card className="mt-6">
        <CardTitle description="A reserved connector waits for one card until the time given; the charger's answer is the status. Newest 20.">
          Reservations
        </CardTitle>
        <ChargerReservations
          chargerId={c.id}
          protocol={c.protocol}
          evseIds={d.connectors.map((k) => k.evseId)}
          reservations={reservations}
          operator={operator}
          timeZone={tz}
        />
      </Card>

      <Card className="mt-6">
        <CardTitle description="Power limits the charger applies (OCPP SetChargingProfile), with its answer; the composite schedule is what it will allow over the next 24 hours.">
          Charging profiles
        </CardTitle>
        <ChargerProfiles
          chargerId={c.id}
          protocol={c.protocol}
          evseIds={d.connectors.map((k) => k.evseId)}
          profiles={profiles.profiles}
          composites={profiles.composites}
          operator={operator}
        />
      </Card>

      {c.protocol === 'OCPP201' ? <ChargerEvState chargerId={c.id} timeZone={tz} /> : null}
      <ChargerLocalList chargerId={c.id} operator={operator} />
      <ChargerOpsPanels
        chargerId={c.id}
        protocol={c.protocol}
        evseIds={[...new Set(d.connectors.map((k) => k.evseId))]}
        operator={operator}
        admin={admin}
      />
      {operator ? <ChargerFirmware chargerId={c.id} protocol={c.protocol} /> : null}
      {operator ? <ChargerLogs chargerId={c.id} protocol={c.protocol} /> : null}
      {admin ? <ChargerCertificates chargerId={c.id} protocol={c.protocol} /> : null}
      <ChargerSecurityEvents chargerId={c.id} timeZone={tz} />
      {c.protocol === 'OCPP201' ? (
        <ChargerDeviceModel
          chargerId={c.id}
          evseIds={[...new Set(d.connectors.map((k) => k.evseId))]}
          operator={operator}
          admin={admin}
        />
      ) : null}

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardTitle>Recent sessions</CardTitle>
          {d.sessions.length === 0 ? (
            <EmptyState title="No sessions yet" />
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Started</Th>
                  <Th>Connector</Th>
                  <Th>Energy</Th>
                  <Th>Cost</Th>
                </tr>
              </thead>
              <tbody>
                {d.sessions.map((s) => (
                  <tr key={s.id}>
                    <SessionStartCell session={s} tz={tz} />
                    <Td>#{s.evseId}</Td>
                    <Td className="tabular-nums">{kwh(s.energyWh, 2)}</Td>
                    <Td className="tabular-nums">{money(s.costMinor, s.currency)}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
        <Card>
          <CardTitle>Faults</CardTitle>
          {d.faults.length === 0 ? (
            <EmptyState title="No faults recorded" />
          ) : (
            <ul className="divide-y divide-line text-sm">
              {d.faults.map((f) => (
                <li key={f.id} className="flex items-start justify-between gap-3 py-2">
                  <span>
                    <span className="font-medium">{f.code}</span>
                    {f.evseId ? ` · connector ${f.evseId}` : ''}
                    <span className="block text-xs text-muted">
                      {dateTime(f.startedAt, tz)}
                      {f.endedAt ? ` – ${dateTime(f.endedAt, tz)}` : ''}
                    </span>
                  </span>
                  {f.endedAt ? <Badge>cleared</Badge> : <Badge tone="bad">open</Badge>}
                </li>
              ))}
            </ul>
          )}
        </Card>
        {operator ? (
          <Card>
            <CardTitle
              description={
                d.configuration
                  ? `From the ${d.configuration.action} reply of ${dateTime(d.configuration.at, tz)}`
                  : 'Ask the charger with “Get configuration” above.'
              }
            >
              Configuration
            </CardTitle>
            {d.configuration?.entries.length ? (
              <Table>
                <thead>
                  <tr>
                    <Th>Key</Th>
                    <Th>Value</Th>
                  </tr>
                </thead>
                <tbody data-testid="configuration">
                  {d.configuration.entries.map((e) => (
                    <tr key={e.key}>
                      <Td className="font-mono text-xs">
                        {e.key}
                        {e.readonly ? <span className="ml-1 text-muted">(read-only)</span> : null}
                      </Td>
                      <Td className="font-mono text-xs break-all">{e.value ?? e.status ?? '—'}</Td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            ) : (
              <EmptyState title="No configuration read yet" />
            )}
          </Card>
        ) : null}
        <Card>
          <CardTitle>Status history</CardTitle>
          {d.statusEvents.length === 0 ? (
            <EmptyState title="No status notifications yet" />
          ) : (
            <ul className="divide-y divide-line text-sm">
              {d.statusEvents.map((e) => (
                <li key={e.id} className="flex justify-between gap-3 py-1.5">
                  <span>
                    {e.evseId ? `Connector ${e.evseId}` : 'Station'}:{' '}
                    <span className="font-medium">{e.status.toLowerCase().replace('_', ' ')}</span>
                    {e.errorCode ? <span className="ml-1 text-red-700">{e.errorCode}</span> : null}
                  </span>
                  <span className="shrink-0 text-xs text-muted">{dateTime(e.timestamp, tz)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card className="mt-6">
        <CardTitle>Command history</CardTitle>
        {d.commands.length === 0 ? (
          <EmptyState title="No commands sent yet" />
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Sent</Th>
                <Th>Action</Th>
                <Th>Result</Th>
                <Th className="hidden md:table-cell">Reply</Th>
              </tr>
            </thead>
            <tbody data-testid="command-history">
              {d.commands.map((k) => (
                <tr key={k.id}>
                  <Td className="whitespace-nowrap">{dateTime(k.requestedAt, tz)}</Td>
                  <Td>
                    {k.action}
                    <span className="block text-xs text-muted">{k.source}</span>
                  </Td>
                  <Td>
                    <Badge tone={COMMAND_TONE[k.status]}>{k.status.toLowerCase()}</Badge>
                    {k.error ? <span className="block text-xs text-red-700">{k.error}</span> : null}
                  </Td>
                  <Td className="hidden max-w-md truncate font-mono text-xs md:table-cell">
                    {k.response ? JSON.stringify(k.response) : '—'}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {d.messages ? (
        <Card className="mt-6">
          <CardTitle description="What the charger reported on its own: events, security events, reports, upload and firmware status, vendor data. Newest 30.">
            Messages from the charger
          </CardTitle>
          {d.messages.length === 0 ? (
            <EmptyState title="No messages kept yet" />
          ) : (
            <Table>
              <thead>
                <tr>
                  <Th>Received</Th>
                  <Th>Message</Th>
                  <Th>Content</Th>
                </tr>
              </thead>
              <tbody data-testid="charger-messages">
                {d.messages.map((m) => (
                  <tr key={m.id}>
                    <Td className="whitespace-nowrap align-top">{dateTime(m.receivedAt, tz)}</Td>
                    <Td className="align-top font-medium">{m.action}</Td>
                    <Td className="max-w-xl font-mono text-xs">
                      <details>
                        <summary className="cursor-pointer truncate">{m.text.slice(0, 120)}</summary>
                        <pre className="mt-2 max-h-80 overflow-auto break-all whitespace-pre-wrap">
                          {m.truncated ? m.text : JSON.stringify(JSON.parse(m.text), null, 2)}
                        </pre>
                        {m.truncated ? (
                          <span className="mt-1 block text-muted">
                            First {m.text.length.toLocaleString('en-IN')} of {m.bytes.toLocaleString('en-IN')} bytes
                          </span>
                        ) : null}
                      </details>
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      ) : null}
    </LiveProvider>
  );
}
