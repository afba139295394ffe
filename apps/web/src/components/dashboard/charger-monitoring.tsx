'use client';

import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Badge, Button, Field, Input, Select, Table, Td, Th } from '@magma/ui';
import { useTRPC } from '@/trpc/react.tsx';
import { errorMessage } from '@/components/use-action.ts';

const SEVERITIES = [
  'Danger',
  'Hardware failure',
  'System failure',
  'Critical',
  'Error',
  'Alert',
  'Warning',
  'Notice',
  'Informational',
  'Debug',
];
const TYPES = ['UpperThreshold', 'LowerThreshold', 'Delta', 'Periodic', 'PeriodicClockAligned'] as const;
const BASES = ['All', 'FactoryDefault', 'HardWiredOnly'] as const;

type Reply = { status: string; response: unknown; error: string | null };

/** One command's outcome in words: the charger's status (or its result list), else how the command ended. */
export function ReplyLine({ label, reply, answer }: { label: string; reply: Reply; answer?: string }) {
  const status = (reply.response as { status?: string } | null)?.status;
  const text = answer ?? status ?? reply.error ?? reply.status;
  const good = reply.status === 'RESPONDED' && (status === undefined || status === 'Accepted');
  return (
    <Alert tone={good ? 'success' : reply.status === 'RESPONDED' ? 'info' : 'error'}>
      {label}: <strong>{text}</strong>
      {reply.status !== 'RESPONDED' && reply.error && text !== reply.error ? ` — ${reply.error}` : ''}
    </Alert>
  );
}

type Monitor = { monitorId: number; key: string; type: string; value: string; severity: number; source: string };
type Event = {
  id: string;
  timestamp: Date;
  trigger: string;
  key: string;
  actualValue: string;
  cleared: boolean | null;
  variableMonitoringId: number | null;
  notificationType: string;
  monitor: { type: string; value: string; severity: number } | null;
  techInfo: string | null;
};

/**
 * Monitoring (N) and the charger's connection (B09, B12): the monitors it holds with set/clear,
 * the monitoring base and level, the events it sent (alerts name the monitor that fired), a
 * network profile for a configuration slot (admins) and Reset of one EVSE. Every answer is shown.
 */
export function ChargerMonitoring({
  chargerId,
  evseIds,
  operator,
  admin,
  monitors,
  events,
  monitoringBase,
  monitoringLevel,
  onChange,
}: {
  chargerId: string;
  evseIds: number[];
  operator: boolean;
  admin: boolean;
  monitors: Monitor[];
  events: Event[];
  monitoringBase: string | null;
  monitoringLevel: number | null;
  onChange: () => unknown;
}) {
  const trpc = useTRPC();
  const opts = { onSuccess: () => void onChange() };
  const set = useMutation(trpc.deviceModel.setMonitors.mutationOptions(opts));
  const clear = useMutation(trpc.deviceModel.clearMonitors.mutationOptions(opts));
  const report = useMutation(trpc.deviceModel.requestMonitoringReport.mutationOptions(opts));
  const base = useMutation(trpc.deviceModel.setMonitoringBase.mutationOptions(opts));
  const level = useMutation(trpc.deviceModel.setMonitoringLevel.mutationOptions(opts));
  const network = useMutation(trpc.deviceModel.setNetworkProfile.mutationOptions(opts));
  const reset = useMutation(trpc.deviceModel.resetEvse.mutationOptions(opts));
  const all = [set, clear, report, base, level, network, reset];
  const busy = all.some((m) => m.isPending);
  const error = all.find((m) => m.error)?.error;
  const resetAll = () => all.forEach((m) => m.reset());

  const [key, setKey] = useState('');
  const [type, setType] = useState<(typeof TYPES)[number]>('UpperThreshold');
  const [value, setValue] = useState('');
  const [severity, setSeverity] = useState(4);
  const [newBase, setNewBase] = useState<(typeof BASES)[number]>('All');
  const [newLevel, setNewLevel] = useState(monitoringLevel ?? 9);
  const [evseId, setEvseId] = useState(evseIds[0] ?? 1);
  const [resetType, setResetType] = useState<'OnIdle' | 'Immediate'>('OnIdle');
  const [slot, setSlot] = useState('1');
  const [url, setUrl] = useState('');
  const [profile, setProfile] = useState(2);

  return (
    <div className="mt-6 space-y-4 border-t border-line pt-4 text-sm" data-testid="monitoring">
      <h3 className="font-semibold">Monitoring and alerts</h3>
      <p className="text-muted">
        Base: <strong>{monitoringBase ?? 'not set by us'}</strong> · Level:{' '}
        <strong>
          {monitoringLevel === null ? 'not set by us' : `${monitoringLevel} (${SEVERITIES[monitoringLevel]})`}
        </strong>
      </p>
      {error ? <Alert>{errorMessage(error)}</Alert> : null}

      {operator ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              resetAll();
              set.mutate({
                chargerId,
                monitors: [{ key: key.trim(), type, value: Number(value), severity, transaction: false }],
              });
            }}
          >
            <Field label="Watch variable">
              <Input
                value={key}
                maxLength={200}
                required
                onChange={(e) => setKey(e.target.value)}
                placeholder="EVSE@1/Power"
                aria-label="Monitor variable"
              />
            </Field>
            <Field label="Monitor">
              <Select
                value={type}
                onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}
                aria-label="Monitor type"
              >
                {TYPES.map((t) => (
                  <option key={t}>{t}</option>
                ))}
              </Select>
            </Field>
            <Field label="Value">
              <Input
                value={value}
                inputMode="decimal"
                required
                onChange={(e) => setValue(e.target.value)}
                className="w-24"
                aria-label="Monitor value"
              />
            </Field>
            <Field label="Severity">
              <Select
                value={severity}
                onChange={(e) => setSeverity(Number(e.target.value))}
                aria-label="Monitor severity"
              >
                {SEVERITIES.map((s, i) => (
                  <option key={s} value={i}>
                    {i} {s}
                  </option>
                ))}
              </Select>
            </Field>
            <Button
              size="sm"
              type="submit"
              busy={set.isPending}
              disabled={busy || !key.trim() || value.trim() === '' || !Number.isFinite(Number(value))}
            >
              Set monitor
            </Button>
          </form>
          <div className="flex flex-wrap items-end gap-2">
            <Button
              size="sm"
              variant="secondary"
              busy={report.isPending}
              disabled={busy}
              onClick={() => (resetAll(), report.mutate({ chargerId }))}
            >
              Get monitoring report
            </Button>
            <Field label="Base">
              <Select
                value={newBase}
                onChange={(e) => setNewBase(e.target.value as (typeof BASES)[number])}
                aria-label="Monitoring base"
              >
                {BASES.map((b) => (
                  <option key={b}>{b}</option>
                ))}
              </Select>
            </Field>
            <Button
              size="sm"
              variant="ghost"
              disabled={busy}
              onClick={() => (resetAll(), base.mutate({ chargerId, monitoringBase: newBase }))}
            >
              Set base
            </Button>
            <Field label="Level">
              <Select
                value={newLevel}
                onChange={(e) => setNewLevel(Number(e.target.value))}
                aria-label="Monitoring level"
              >
                {SEVERITIES.map((s, i) => (
                  <option key={s} value={i}>
                    {i} {s}
                  </option>
                ))}
              </Select>
            </Field>
            <Button
              size="sm"
              variant="ghost"
              disabled={busy}
              onClick={() => (resetAll(), level.mutate({ chargerId, severity: newLevel }))}
            >
              Set level
            </Button>
          </div>
        </div>
      ) : null}

      <div role="status" data-testid="monitoring-reply">
        {set.data ? (
          <ReplyLine
            label="SetVariableMonitoring"
            reply={set.data.reply}
            answer={
              set.data.results.map((r) => `${r.key}: ${r.status}${r.id !== null ? ` (id ${r.id})` : ''}`).join('; ') ||
              undefined
            }
          />
        ) : null}
        {clear.data ? (
          <ReplyLine
            label="ClearVariableMonitoring"
            reply={clear.data.reply}
            answer={clear.data.results.map((r) => `${r.id}: ${r.status}`).join('; ') || undefined}
          />
        ) : null}
        {report.data ? <ReplyLine label="GetMonitoringReport" reply={report.data.reply} /> : null}
        {base.data ? <ReplyLine label="SetMonitoringBase" reply={base.data.reply} /> : null}
        {level.data ? <ReplyLine label="SetMonitoringLevel" reply={level.data.reply} /> : null}
        {network.data ? <ReplyLine label="SetNetworkProfile" reply={network.data.reply} /> : null}
        {reset.data ? (
          <ReplyLine label={`Reset EVSE ${reset.variables?.evseId ?? ''}`} reply={reset.data.reply} />
        ) : null}
      </div>

      {monitors.length ? (
        <div className="overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>Id</Th>
                <Th>Variable</Th>
                <Th>Monitor</Th>
                <Th>Severity</Th>
                <Th>{operator ? '' : 'Source'}</Th>
              </tr>
            </thead>
            <tbody data-testid="monitors">
              {monitors.map((m) => (
                <tr key={m.monitorId}>
                  <Td>{m.monitorId}</Td>
                  <Td>
                    <span className="font-mono break-all">{m.key}</span>
                  </Td>
                  <Td>
                    {m.type} {m.value}
                  </Td>
                  <Td>
                    {m.severity} {SEVERITIES[m.severity]}
                  </Td>
                  <Td>
                    {operator ? (
                      <Button
                        size="sm"
                        variant="ghost"
                        disabled={busy}
                        onClick={() => (resetAll(), clear.mutate({ chargerId, ids: [m.monitorId] }))}
                        aria-label={`Clear monitor ${m.monitorId}`}
                      >
                        Clear
                      </Button>
                    ) : (
                      m.source.toLowerCase()
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : (
        <p className="text-muted">No monitors known{operator ? ': set one, or ask for the monitoring report.' : '.'}</p>
      )}

      <h3 className="font-semibold">Events</h3>
      {events.length ? (
        <div className="overflow-x-auto">
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Variable</Th>
                <Th>Value</Th>
                <Th>Fired by</Th>
              </tr>
            </thead>
            <tbody data-testid="device-events">
              {events.map((e) => (
                <tr key={e.id}>
                  <Td>{new Date(e.timestamp).toLocaleString()}</Td>
                  <Td>
                    <span className="font-mono break-all">{e.key}</span>
                  </Td>
                  <Td>
                    {e.trigger === 'Alerting' ? (
                      <Badge tone={e.cleared ? 'good' : 'bad'}>{e.cleared ? 'cleared' : 'alert'}</Badge>
                    ) : (
                      <Badge>{e.trigger.toLowerCase()}</Badge>
                    )}{' '}
                    {e.actualValue}
                    {e.techInfo ? <span className="block text-xs text-muted">{e.techInfo}</span> : null}
                  </Td>
                  <Td>
                    {e.variableMonitoringId !== null ? `Monitor ${e.variableMonitoringId}` : e.notificationType}
                    {e.monitor ? (
                      <span className="block text-xs text-muted">
                        {e.monitor.type} {e.monitor.value} · severity {e.monitor.severity}{' '}
                        {SEVERITIES[e.monitor.severity]}
                      </span>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      ) : (
        <p className="text-muted">No events from this charger yet.</p>
      )}

      {operator ? (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="flex flex-wrap items-end gap-2">
            <Field label="Reset one EVSE">
              <Select value={evseId} onChange={(e) => setEvseId(Number(e.target.value))} aria-label="EVSE to reset">
                {evseIds.map((n) => (
                  <option key={n} value={n}>
                    EVSE {n}
                  </option>
                ))}
              </Select>
            </Field>
            <Select
              value={resetType}
              onChange={(e) => setResetType(e.target.value as 'OnIdle' | 'Immediate')}
              aria-label="Reset type"
            >
              <option value="OnIdle">When idle</option>
              <option value="Immediate">Immediately</option>
            </Select>
            <Button
              size="sm"
              variant="danger"
              disabled={busy || !evseIds.length}
              busy={reset.isPending}
              onClick={() => (resetAll(), reset.mutate({ chargerId, evseId, type: resetType }))}
            >
              Reset EVSE
            </Button>
          </div>
          {admin ? (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                resetAll();
                network.mutate({
                  chargerId,
                  configurationSlot: Number(slot),
                  connectionData: {
                    ocppVersion: 'OCPP20',
                    ocppTransport: 'JSON',
                    ocppCsmsUrl: url.trim(),
                    messageTimeout: 30,
                    securityProfile: profile,
                    ocppInterface: 'Wired0',
                  },
                });
              }}
            >
              <Field label="Network profile slot">
                <Input
                  value={slot}
                  inputMode="numeric"
                  required
                  className="w-16"
                  onChange={(e) => setSlot(e.target.value)}
                  aria-label="Configuration slot"
                />
              </Field>
              <Field label="CSMS URL">
                <Input
                  value={url}
                  required
                  maxLength={512}
                  onChange={(e) => setUrl(e.target.value)}
                  placeholder="wss://csms.example.in/ocpp"
                  aria-label="CSMS URL"
                />
              </Field>
              <Field label="Security profile">
                <Select
                  value={profile}
                  onChange={(e) => setProfile(Number(e.target.value))}
                  aria-label="Security profile"
                >
                  <option value={1}>1 Basic auth (ws)</option>
                  <option value={2}>2 TLS + basic auth</option>
                  <option value={3}>3 TLS client certificate</option>
                </Select>
              </Field>
              <Button
                size="sm"
                variant="secondary"
                type="submit"
                busy={network.isPending}
                disabled={busy || !url.trim()}
              >
                Set network profile
              </Button>
            </form>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
